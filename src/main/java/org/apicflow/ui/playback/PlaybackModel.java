package org.apicflow.ui.playback;

import java.util.List;
import java.util.Optional;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Trace;

/**
 * The one cursor of the window: a trace and a position in it. Playing, stepping, scrubbing and
 * jumping to a marker all set the position; the frame follows from (trace, position) and nothing
 * else, so every way of reaching a position shows the same state.
 */
public final class PlaybackModel {
  /** Playback speeds offered, in steps per second. */
  public static final List<Double> SPEEDS = List.of(1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 128.0);

  private final ReadOnlyObjectWrapper<Trace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
  private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(this, "position");
  private final ReadOnlyObjectWrapper<Frame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
  private final BooleanProperty playing = new SimpleBooleanProperty(this, "playing");
  private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 4.0);

  private AnimationTimer timer;
  private long lastTick = -1;
  private double carry;

  /** Input arriving within this long of the last update waits for the next pulse. */
  private static final long FRAME_NS = 16_000_000L;

  private int pendingTarget = -1;
  private boolean pendingIsStep;
  private boolean applyingSteps;
  private long lastUpdateEnd = Long.MIN_VALUE / 2;
  private AnimationTimer pulse;
  private int updates;

  /** The clock input is coalesced by (nanoseconds); tests set a fixed one. */
  java.util.function.LongSupplier clock = System::nanoTime;

  public PlaybackModel() {
    playing.addListener(
        (o, was, is) -> {
          if (is) {
            startTimer();
          } else if (timer != null) {
            timer.stop();
          }
        });
  }

  // ------------------------------------------------------------------ properties

  public ReadOnlyObjectProperty<Trace> traceProperty() {
    return trace.getReadOnlyProperty();
  }

  public Trace getTrace() {
    return trace.get();
  }

  public ReadOnlyIntegerProperty positionProperty() {
    return position.getReadOnlyProperty();
  }

  public int getPosition() {
    return position.get();
  }

  /** The frame at the cursor; null until a trace is loaded. */
  public ReadOnlyObjectProperty<Frame> frameProperty() {
    return frame.getReadOnlyProperty();
  }

  public Frame getFrame() {
    return frame.get();
  }

  public BooleanProperty playingProperty() {
    return playing;
  }

  public DoubleProperty speedProperty() {
    return speed;
  }

  /** The last position of the current trace (its size), 0 without one. */
  public int end() {
    Trace t = trace.get();
    return t == null ? 0 : t.size();
  }

  // ------------------------------------------------------------------ commands

  /** Shows a new trace with the cursor at {@code at} (clamped). */
  public void load(Trace t, int at) {
    playing.set(false);
    trace.set(t);
    int p = Math.max(0, Math.min(at, t.size()));
    position.set(p);
    frame.set(Frame.at(t, p));
  }

  /** Moves the cursor to position p (clamped to 0..end). */
  public void seek(int p) {
    pendingTarget = -1; // a move made now supersedes one waiting for the pulse
    Trace t = trace.get();
    if (t == null) {
      return;
    }
    int clamped = Math.max(0, Math.min(p, t.size()));
    if (clamped == position.get() && frame.get() != null && frame.get().trace() == t) {
      return;
    }
    updates++;
    position.set(clamped);
    frame.set(Frame.at(t, clamped));
    lastUpdateEnd = clock.getAsLong();
  }

  public void stepForward() {
    applyPending();
    seek(getPosition() + 1);
  }

  public void stepBack() {
    applyPending();
    seek(getPosition() - 1);
  }

  // ------------------------------------------------------------------ coalesced input

  /**
   * Steps by {@code delta} events for input that can repeat faster than the window redraws (key
   * repeat): when the window is idle the step is taken at once; when a step was taken less than a
   * frame ago, the steps add up and are taken together at the next pulse. So at most one cursor
   * update happens per pulse, and held keys never queue work behind a slow frame.
   */
  public void stepSoon(int delta) {
    int base = pendingTarget >= 0 ? pendingTarget : getPosition();
    request(base + delta, pendingTarget < 0 || pendingIsStep);
  }

  /** Moves the cursor to p, coalesced as {@link #stepSoon} (a drag over the timeline). */
  public void seekSoon(int p) {
    request(p, false);
  }

  private void request(int p, boolean step) {
    Trace t = trace.get();
    if (t == null) {
      return;
    }
    int clamped = Math.max(0, Math.min(p, t.size()));
    if (pendingTarget < 0 && clock.getAsLong() - lastUpdateEnd >= FRAME_NS) {
      applyingSteps = step;
      try {
        seek(clamped);
      } finally {
        applyingSteps = false;
      }
      return;
    }
    pendingTarget = clamped;
    pendingIsStep = step;
    if (pulse == null) {
      pulse =
          new AnimationTimer() {
            @Override
            public void handle(long now) {
              stop();
              applyPending();
            }
          };
    }
    pulse.start();
  }

  /** Takes a move waiting for the pulse now (before a command that starts from the position). */
  public void applyPending() {
    if (pendingTarget < 0) {
      return;
    }
    int p = pendingTarget;
    applyingSteps = pendingIsStep;
    try {
      seek(p);
    } finally {
      applyingSteps = false;
    }
  }

  /** True while steps that were coalesced are being taken (they are steps, not a jump). */
  public boolean isApplyingSteps() {
    return applyingSteps;
  }

  /** True while a coalesced move waits for the next pulse. */
  public boolean hasPending() {
    return pendingTarget >= 0;
  }

  /** Uses another clock for coalescing (nanoseconds): tests make every input arrive at once. */
  public void useClock(java.util.function.LongSupplier c) {
    clock = c;
  }

  /** How many cursor updates have been made (each moves the cursor and rebuilds the frame). */
  public int updateCount() {
    return updates;
  }

  public void home() {
    seek(0);
  }

  public void toEnd() {
    seek(end());
  }

  /** Jumps just past the next mark after the cursor (the state the mark shows). */
  public void nextMark() {
    applyPending();
    Trace t = trace.get();
    if (t == null) {
      return;
    }
    // Position p shows event p-1; the next mark is the first one with event >= p.
    Optional<Mark> m = Trace.next(t.marks(), getPosition() - 1);
    m.ifPresent(mark -> seek(mark.event() + 1));
  }

  /** Jumps to the last mark before the one the cursor is on. */
  public void previousMark() {
    applyPending();
    Trace t = trace.get();
    if (t == null) {
      return;
    }
    Optional<Mark> m = Trace.previous(t.marks(), getPosition() - 1);
    seek(m.map(mark -> mark.event() + 1).orElse(0));
  }

  /** Jumps to the first mark of that name; false when the run has none. */
  public boolean jumpToMark(String name) {
    Trace t = trace.get();
    if (t == null) {
      return false;
    }
    Optional<Mark> m = t.firstMark(name);
    m.ifPresent(mark -> seek(mark.event() + 1));
    return m.isPresent();
  }

  public void togglePlay() {
    applyPending();
    if (!playing.get() && getPosition() >= end()) {
      home();
    }
    playing.set(!playing.get());
  }

  /**
   * Advances the play clock by {@code seconds} of wall time: as many steps as the speed says, so a
   * frame is always a whole number of steps and lands exactly where stepping would.
   */
  public void advance(double seconds) {
    carry += seconds * speed.get();
    int steps = (int) carry;
    carry -= steps;
    if (steps > 0) {
      seek(getPosition() + steps);
    }
    if (getPosition() >= end()) {
      playing.set(false);
    }
  }

  private void startTimer() {
    if (timer == null) {
      timer =
          new AnimationTimer() {
            @Override
            public void handle(long now) {
              if (lastTick >= 0) {
                advance((now - lastTick) / 1e9);
              }
              lastTick = now;
            }
          };
    }
    lastTick = -1;
    carry = 1; // the first frame steps at once, so Play answers immediately
    timer.start();
  }
}
