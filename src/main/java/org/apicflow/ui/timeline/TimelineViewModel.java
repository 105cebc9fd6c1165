package org.apicflow.ui.timeline;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.PlaybackModel;

/**
 * The timeline's model: the trace's lanes and axis, the axis mode, and the visible window. Axis
 * positions are in the units of the mode: folded nanoseconds, or event steps.
 */
public final class TimelineViewModel {
  /** How the horizontal axis counts. */
  public enum AxisMode {
    /** Virtual time, long idle stretches folded. */
    TIME,
    /** One unit per event. */
    STEPS
  }

  private final PlaybackModel playback;
  private final ReadOnlyObjectWrapper<TimelineModel> model = new ReadOnlyObjectWrapper<>();
  private final ObjectProperty<AxisMode> axisMode = new SimpleObjectProperty<>(AxisMode.TIME);
  private final DoubleProperty viewStart = new SimpleDoubleProperty(0);
  private final DoubleProperty viewEnd = new SimpleDoubleProperty(1);
  private final javafx.beans.property.ReadOnlyStringWrapper pending =
      new javafx.beans.property.ReadOnlyStringWrapper("");

  public TimelineViewModel(PlaybackModel playback) {
    this.playback = playback;
    playback.traceProperty().addListener((o, was, is) -> setTrace(is));
    axisMode.addListener((o, was, is) -> showAll());
    playback.positionProperty().addListener((o, was, is) -> follow());
    setTrace(playback.getTrace());
  }

  private TimelineModel prepared;

  /**
   * What the timeline shows is not the whole run yet ("first 2,048 events · simulating…"); empty
   * when it is. The header says so.
   */
  public javafx.beans.property.ReadOnlyStringProperty pendingProperty() {
    return pending.getReadOnlyProperty();
  }

  public void setPending(String text) {
    pending.set(text);
  }

  /**
   * Hands over a model built off the FX thread for the trace about to be shown, so showing a long
   * trace does not build its lanes on the FX thread.
   */
  public void prepare(TimelineModel m) {
    prepared = m;
  }

  private void setTrace(Trace t) {
    if (t == null) {
      model.set(null);
    } else if (prepared != null && prepared.trace() == t) {
      model.set(prepared);
    } else {
      model.set(new TimelineModel(t));
    }
    prepared = null;
    showAll();
  }

  public ReadOnlyObjectProperty<TimelineModel> modelProperty() {
    return model.getReadOnlyProperty();
  }

  public TimelineModel getModel() {
    return model.get();
  }

  public ObjectProperty<AxisMode> axisModeProperty() {
    return axisMode;
  }

  public DoubleProperty viewStartProperty() {
    return viewStart;
  }

  public DoubleProperty viewEndProperty() {
    return viewEnd;
  }

  public PlaybackModel playback() {
    return playback;
  }

  /** Length of the whole axis in its units. */
  public double length() {
    TimelineModel m = model.get();
    if (m == null) {
      return 1;
    }
    return axisMode.get() == AxisMode.TIME
        ? Math.max(1, axis().length())
        : Math.max(1, m.trace().size());
  }

  public void showAll() {
    viewStart.set(0);
    viewEnd.set(length());
  }

  /** Frames the whole run, every mark included (the default zoom). */
  public void zoomToFit() {
    showAll();
  }

  /** Zooms in or out by one notch around the middle of the window. */
  public void zoomBy(double factor) {
    zoom(factor, (viewStart.get() + viewEnd.get()) / 2);
  }

  // ------------------------------------------------------------------ shared ruler

  private TimeAxis ruler;
  private long rulerShift;
  private long rulerOrigin;

  /**
   * Draws this run on a ruler shared with other runs (the compare view): run time {@code t} sits at
   * ruler time {@code t + shift}, and ruler time {@code origin} reads as 0 (the anchor). Null goes
   * back to the run's own axis.
   */
  public void useRuler(TimeAxis shared, long shift, long origin) {
    ruler = shared;
    rulerShift = shift;
    rulerOrigin = origin;
    showAll();
  }

  /** The time axis in use: the shared ruler, or the run's own folded axis (null without a run). */
  public TimeAxis axis() {
    if (ruler != null) {
      return ruler;
    }
    TimelineModel m = model.get();
    return m == null ? null : m.axis();
  }

  /** The ruler time that reads as 0 (the compare anchor), or 0 on a run's own axis. */
  public long origin() {
    return ruler == null ? 0 : rulerOrigin;
  }

  /** True on a shared ruler: the timeline then draws the anchor line at {@link #origin()}. */
  public boolean hasRuler() {
    return ruler != null;
  }

  /** Axis position of a run time (for lanes and arrows in time mode). */
  public double timeToAxis(long t) {
    return ruler != null ? ruler.toAxis(t + rulerShift) : model.get().axis().toAxis(t);
  }

  /** The run time at an axis position (time mode). */
  public long axisToTime(double a) {
    return ruler != null ? ruler.toTime(a) - rulerShift : model.get().axis().toTime(a);
  }

  /** Axis position of a cursor position. */
  public double positionToAxis(int p) {
    TimelineModel m = model.get();
    if (m == null) {
      return 0;
    }
    if (axisMode.get() == AxisMode.STEPS) {
      return p == 0 ? 0 : p - 0.5; // the middle of the step just taken
    }
    if (p <= 0 || m.trace().size() == 0) {
      return ruler != null ? timeToAxis(0) : 0;
    }
    // a position of a trace being replaced may lie past this one's end
    return timeToAxis(m.trace().time(Math.min(p, m.trace().size()) - 1));
  }

  /** The cursor position an axis position stands for (what scrubbing there shows). */
  public int axisToPosition(double a) {
    TimelineModel m = model.get();
    if (m == null) {
      return 0;
    }
    if (axisMode.get() == AxisMode.STEPS) {
      // step e covers [e, e + 1); being on it shows the state after it
      return a <= 0 ? 0 : (int) Math.min(m.trace().size(), Math.floor(a) + 1);
    }
    long t = axisToTime(a);
    if (a <= 0 || t < 0) {
      return 0;
    }
    // every event at or before that time has happened
    return m.trace().indexAtTime(t + 1);
  }

  public void scrubTo(double a) {
    playback.seek(axisToPosition(a));
  }

  /** Scrubbing while dragging: coalesced, at most one cursor update per pulse. */
  public void scrubSoon(double a) {
    playback.seekSoon(axisToPosition(a));
  }

  public void jumpTo(Mark m) {
    playback.seek(m.event() + 1);
  }

  /** Zooms by {@code factor} (below 1 zooms in) keeping {@code anchor} where it is. */
  public void zoom(double factor, double anchor) {
    double len = length();
    double s = viewStart.get();
    double e = viewEnd.get();
    double w = Math.max(Math.min(len, (e - s) * factor), minWidth());
    double f = (e - s) <= 0 ? 0.5 : (anchor - s) / (e - s);
    double ns = anchor - f * w;
    ns = Math.max(0, Math.min(len - w, ns));
    setWindow(ns, ns + w);
  }

  /** Zooms around the cursor. */
  public void zoomAtCursor(double factor) {
    zoom(factor, positionToAxis(playback.getPosition()));
  }

  private double minWidth() {
    return axisMode.get() == AxisMode.STEPS ? 4 : Math.max(10, length() / 10_000);
  }

  public void setWindow(double s, double e) {
    double len = length();
    s = Math.max(0, s);
    e = Math.min(len, e);
    if (e - s < minWidth()) {
      return;
    }
    // set in an order that never inverts the pair (the range slider is bound to them)
    if (s >= viewEnd.get()) {
      viewEnd.set(e);
      viewStart.set(s);
    } else {
      viewStart.set(s);
      viewEnd.set(e);
    }
  }

  /** Keeps the cursor in the window when it leaves it (playing, stepping, jumping). */
  private void follow() {
    if (model.get() == null) {
      return;
    }
    double a = positionToAxis(playback.getPosition());
    double s = viewStart.get();
    double e = viewEnd.get();
    double w = e - s;
    if (a < s || a > e) {
      double ns = Math.max(0, Math.min(length() - w, a - w * 0.25));
      setWindow(ns, ns + w);
    }
  }
}
