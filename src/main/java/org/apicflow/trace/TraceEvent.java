package org.apicflow.trace;

import org.apicflow.machine.EventKind;

/**
 * One event of a trace, materialised from the trace's columns.
 *
 * @param index position in the trace
 * @param kernel kernel index of the op that caused it, or -1
 * @param fn function index in that kernel, or -1
 * @param pc op index in that function, or -1
 */
public record TraceEvent(
    int index, long time, int cpu, EventKind kind, int kernel, int fn, int pc, long a, long b) {

  public boolean hasLocation() {
    return kernel >= 0 && fn >= 0;
  }
}
