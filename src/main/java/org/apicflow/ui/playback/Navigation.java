package org.apicflow.ui.playback;

import java.util.ArrayDeque;
import java.util.Deque;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Back and forward through the places the cursor jumped to, as a browser does through pages. A jump
 * is a move of more than one step at once that is not playback (a marker, Home, End, go to a time,
 * a click on the timeline); single steps and playing are not remembered. Jumps that follow one
 * another within a short time (a drag on the timeline) count as one.
 */
public final class Navigation {
  private static final int MAX = 100;
  private static final long COALESCE_NS = 150_000_000L;

  private final PlaybackModel playback;
  private final Deque<Integer> back = new ArrayDeque<>();
  private final Deque<Integer> forward = new ArrayDeque<>();
  private final ReadOnlyBooleanWrapper canBack = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canForward = new ReadOnlyBooleanWrapper();
  private boolean moving;
  private long lastJump = Long.MIN_VALUE / 2;

  public Navigation(PlaybackModel playback) {
    this.playback = playback;
    playback
        .positionProperty()
        .addListener((o, was, is) -> moved(was.intValue(), is.intValue(), System.nanoTime()));
    playback.traceProperty().addListener((o, was, is) -> clear());
  }

  /** Called for every cursor move; {@code now} in nanoseconds. */
  void moved(int from, int to, long now) {
    Frame f = playback.getFrame();
    boolean loading = f == null || f.trace() != playback.getTrace(); // a new run, not a jump
    if (loading
        || moving
        || playback.playingProperty().get()
        || playback.isApplyingSteps()
        || Math.abs(to - from) <= 1) {
      return;
    }
    if (now - lastJump > COALESCE_NS || back.isEmpty()) {
      back.push(from);
      while (back.size() > MAX) {
        back.removeLast();
      }
    }
    lastJump = now;
    forward.clear();
    update();
  }

  /** Returns to the place before the last jump. */
  public void back() {
    if (back.isEmpty()) {
      return;
    }
    forward.push(playback.getPosition());
    go(back.pop());
  }

  /** Goes again where {@link #back()} came from. */
  public void forward() {
    if (forward.isEmpty()) {
      return;
    }
    back.push(playback.getPosition());
    go(forward.pop());
  }

  private void go(int p) {
    moving = true;
    try {
      playback.playingProperty().set(false);
      playback.seek(p);
    } finally {
      moving = false;
      lastJump = Long.MIN_VALUE / 2;
    }
    update();
  }

  public void clear() {
    back.clear();
    forward.clear();
    update();
  }

  public ReadOnlyBooleanProperty canGoBackProperty() {
    return canBack.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canGoForwardProperty() {
    return canForward.getReadOnlyProperty();
  }

  private void update() {
    canBack.set(!back.isEmpty());
    canForward.set(!forward.isEmpty());
  }
}
