package org.apicflow.ui.playback;

import org.apicflow.machine.Machine;
import org.apicflow.trace.Trace;

/**
 * What the screen shows: a trace at a cursor position, with the machine state there and one step
 * before (for the "changed at this step" outlines). Every view model derives from a frame.
 *
 * @param position events applied, 0..trace.size()
 * @param state the machine after {@code position} events
 * @param previous the machine after {@code position - 1} events (the same as state at 0)
 */
public record Frame(Trace trace, int position, Machine state, Machine previous) {

  /** Builds the frame of a trace at a position. */
  public static Frame at(Trace trace, int position) {
    Machine[] both = trace.stateAndPrevious(position); // one keyframe copy, one replay
    return new Frame(trace, position, both[0], both[1]);
  }

  /** The event that led to this frame (the last one applied), or -1 at the start. */
  public int event() {
    return position - 1;
  }

  /** The virtual time of this frame: the time of its event, 0 at the start. */
  public long time() {
    return position == 0 ? 0 : trace.time(position - 1);
  }
}
