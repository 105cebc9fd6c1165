package org.apicflow.trace;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.machine.Machine;
import org.apicflow.machine.Outcome;
import org.apicflow.machine.Program;

/** Runs a program to completion and returns its trace. Deterministic: same program, same trace. */
public final class Simulator {
  /** Default keyframe interval: seeking re-runs at most this many events. */
  public static final int KEYFRAME_INTERVAL = 256;

  /** Default step budget: a run that never waits stops here, as a hang. */
  public static final long STEP_BUDGET = 5_000_000;

  private Simulator() {}

  public static Trace run(Program program) {
    return run(program, KEYFRAME_INTERVAL, STEP_BUDGET);
  }

  public static Trace run(Program program, int keyframeInterval, long stepBudget) {
    if (keyframeInterval < 1) {
      throw new IllegalArgumentException("keyframe interval must be at least 1");
    }
    Machine m = new Machine(program);
    m.setStepBudget(stepBudget);
    TraceRecorder rec = new TraceRecorder();
    List<Integer> positions = new ArrayList<>();
    List<Machine> frames = new ArrayList<>();
    positions.add(0);
    frames.add(m.copy());
    m.setSink(rec);
    int next = keyframeInterval;
    while (m.step()) {
      if (rec.size >= next && !m.isOver()) {
        positions.add(rec.size);
        frames.add(m.copy());
        next = rec.size + keyframeInterval;
      }
    }
    m.setSink(org.apicflow.machine.EventSink.NONE);
    rec.trim();
    return new Trace(program, rec, positions, frames, keyframeInterval, Outcome.of(m), m);
  }
}
