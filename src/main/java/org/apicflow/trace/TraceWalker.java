package org.apicflow.trace;

import org.apicflow.machine.EventSink;
import org.apicflow.machine.Machine;

/**
 * Walks a trace from the start with one live machine, calling back after every step with the events
 * that step emitted and the state after it: O(n) over the whole trace, for exporters that need the
 * state at every event.
 */
public final class TraceWalker {
  /** Hears each step: events [from, to) of the trace and the machine state after them. */
  public interface Visitor {
    void step(int from, int to, Machine state);
  }

  private TraceWalker() {}

  public static void walk(Trace trace, Visitor visitor) {
    Machine m = trace.stateAt(0);
    int[] count = {0};
    m.setSink((t, c, k, kernel, fn, pc, a, b) -> count[0]++);
    while (count[0] < trace.size()) {
      int from = count[0];
      boolean more = m.step();
      if (count[0] > from) {
        visitor.step(from, count[0], m);
      }
      if (!more) {
        break;
      }
    }
    m.setSink(EventSink.NONE);
  }
}
