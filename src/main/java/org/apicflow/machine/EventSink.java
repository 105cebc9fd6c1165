package org.apicflow.machine;

/** Where a machine reports what happened. The trace package records; tests may count. */
public interface EventSink {
  /**
   * One event.
   *
   * @param kernel the kernel index of the op that caused it, or -1
   * @param fn the function index, or -1
   * @param pc the op index, or -1
   */
  void event(long time, int cpu, EventKind kind, int kernel, int fn, int pc, long a, long b);

  EventSink NONE = (time, cpu, kind, kernel, fn, pc, a, b) -> {};
}
