package org.apicflow.ui.export;

/**
 * How the user has set up the window's views, so an export from the window draws what they see: the
 * CPU the code pane follows, the timeline's axis and its visible window.
 *
 * @param pinnedCpu the CPU picked in the machine view, or -1 to follow the events
 * @param stepAxis the timeline shows event steps rather than time
 * @param viewStart the timeline's visible window, in its axis units; NaN for the whole run
 * @param viewEnd the end of the window; NaN for the whole run
 */
public record ViewState(int pinnedCpu, boolean stepAxis, double viewStart, double viewEnd) {
  /** As a new window opens: following the events, time axis, the whole run. */
  public static final ViewState DEFAULT = new ViewState(-1, false, Double.NaN, Double.NaN);
}
