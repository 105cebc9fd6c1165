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

  /**
   * Runs with the default keyframes: every {@link #KEYFRAME_INTERVAL} events, or further apart for
   * a small machine ({@link #intervalFor}), so snapshots take a small share of the memory.
   */
  public static Trace run(Program program) {
    return run(program, 0, STEP_BUDGET, RunLimits.current());
  }

  /** The most a small machine stretches the default keyframe interval. */
  static final int MAX_STRETCH = 4;

  /** From this many CPUs on, keyframes are taken twice as often as {@link #KEYFRAME_INTERVAL}. */
  static final int DENSE_FROM = 128;

  /**
   * The default keyframe interval for a machine of {@code cpus} CPUs. A small machine's snapshots
   * are small and its steps cheap, but it makes many events: its snapshots are taken up to {@link
   * #MAX_STRETCH} times further apart (2 CPUs: every 1024 events), so they add a few bytes per
   * event to the 31 an event takes, and a seek still re-runs well under a millisecond. From 16 CPUs
   * on, a step costs more (every CPU is looked at) and the default stays: seeking is what the
   * window does per frame. From {@link #DENSE_FROM} CPUs a step costs so much that a seek would
   * take about a millisecond; keyframes are copy-on-write ({@link Machine#keyframe}: a few hundred
   * events change a few of the CPUs, and only those are copied), so taking them twice as often
   * costs far less than twice the memory.
   */
  static int intervalFor(int cpus) {
    if (cpus >= DENSE_FROM) {
      return KEYFRAME_INTERVAL / 2;
    }
    int stretch = Math.max(1, Math.min(MAX_STRETCH, 16 / Math.max(1, cpus)));
    return KEYFRAME_INTERVAL * stretch;
  }

  public static Trace run(Program program, int keyframeInterval, long stepBudget) {
    return run(program, keyframeInterval, stepBudget, RunLimits.current());
  }

  /** How far a run has got; told every {@link #PROGRESS_EVERY} events. */
  @FunctionalInterface
  public interface Progress {
    /**
     * {@code events} recorded so far, the machine's clock at {@code timeNs}. May throw (an
     * unchecked exception, e.g. a cancellation) to stop the run; the exception then leaves {@code
     * run}.
     */
    void at(int events, long timeNs);
  }

  /** Events between two {@link Progress} reports. */
  public static final int PROGRESS_EVERY = 4096;

  /** As {@link #run(Program)}, telling {@code progress} how far it has got. */
  public static Trace run(Program program, Progress progress) {
    return run(program, 0, STEP_BUDGET, RunLimits.current(), progress, Integer.MAX_VALUE);
  }

  /**
   * The start of the run: the first {@code events} events or a few more (it stops at the end of a
   * step), with the default keyframes. Deterministic like the whole run, so every position of it
   * shows exactly the state the whole run shows there; its outcome is only where it stopped, not
   * how the run ends. For a first look while the whole run is simulated.
   */
  public static Trace prefix(Program program, int events) {
    return run(program, 0, STEP_BUDGET, RunLimits.current(), null, Math.max(1, events));
  }

  /**
   * Runs under explicit limits; a keyframe interval of 0 picks the default for the machine's size.
   * The snapshots kept for seeking are thinned (every other one dropped, the interval doubled)
   * whenever they would take more than half the memory limit, so a big machine seeks more slowly
   * rather than failing; the run stops with a {@link RunLimitException} only when its events alone,
   * or a single snapshot, do not fit.
   */
  public static Trace run(
      Program program, int keyframeInterval, long stepBudget, RunLimits limits) {
    return run(program, keyframeInterval, stepBudget, limits, null, Integer.MAX_VALUE);
  }

  private static Trace run(
      Program program,
      int keyframeInterval,
      long stepBudget,
      RunLimits limits,
      Progress progress,
      int stopAt) {
    if (keyframeInterval < 0) {
      throw new IllegalArgumentException("keyframe interval must be at least 1");
    }
    Machine m = new Machine(program);
    if (keyframeInterval == 0) {
      keyframeInterval = intervalFor(m.cpuCount()); // the default, by machine size
    }
    m.setStepBudget(stepBudget);
    TraceRecorder rec = new TraceRecorder(limits.maxEvents(), program.fix());
    List<Integer> positions = new ArrayList<>();
    List<Machine> frames = new ArrayList<>();
    List<Long> frameBytes = new ArrayList<>();
    List<Long> frameRecords = new ArrayList<>();
    long[] keptBytes = {0};
    int interval = keyframeInterval;
    long budget = limits.maxMemoryBytes();
    rec.beforeGrowth = bytes -> checkMemory(program, bytes + keptBytes[0], budget);
    positions.add(0);
    frames.add(m.keyframe(null));
    long first = MachineSize.estimate(m, 0);
    frameBytes.add(first);
    frameRecords.add(0L);
    keptBytes[0] += first;
    m.setSink(rec);
    int next = interval;
    int report = PROGRESS_EVERY;
    while (rec.size < stopAt && m.step()) {
      if (progress != null && rec.size >= report) {
        progress.at(rec.size, m.now());
        report = rec.size + PROGRESS_EVERY;
      }
      if (rec.size >= next && !m.isOver()) {
        // copy-on-write: the keyframe shares every CPU and device unchanged since the last one
        Machine frame = m.keyframe(frames.get(frames.size() - 1));
        long bytes = MachineSize.estimate(frame, frames.get(frames.size() - 1), rec.records);
        while (keptBytes[0] + bytes > budget / 2 && frames.size() > 1) {
          keptBytes[0] = thin(positions, frames, frameBytes, frameRecords);
          interval = (int) Math.min(Integer.MAX_VALUE / 2, interval * 2L);
          bytes = MachineSize.estimate(frame, frames.get(frames.size() - 1), rec.records);
        }
        checkMemory(program, rec.bytes() + keptBytes[0] + bytes, budget);
        positions.add(rec.size);
        frames.add(frame);
        frameBytes.add(bytes);
        frameRecords.add(rec.records);
        keptBytes[0] += bytes;
        next = rec.size + interval;
      }
    }
    m.setSink(org.apicflow.machine.EventSink.NONE);
    checkMemory(program, rec.bytes() + keptBytes[0] + MachineSize.estimate(m, rec.records), budget);
    rec.trim();
    return new Trace(program, rec, positions, frames, interval, Outcome.of(m), m);
  }

  /**
   * Keeps every other snapshot (the first always); returns the bytes still kept. A kept keyframe
   * may now share less with the one kept before it (the one in between is gone), so each is
   * estimated again against its new predecessor.
   */
  private static long thin(
      List<Integer> positions, List<Machine> frames, List<Long> bytes, List<Long> records) {
    long kept = 0;
    int j = 0;
    for (int i = 0; i < frames.size(); i += 2) {
      positions.set(j, positions.get(i));
      frames.set(j, frames.get(i));
      long b =
          j == 0
              ? bytes.get(i)
              : MachineSize.estimate(frames.get(i), frames.get(j - 1), records.get(i));
      bytes.set(j, b);
      records.set(j, records.get(i));
      kept += b;
      j++;
    }
    positions.subList(j, positions.size()).clear();
    frames.subList(j, frames.size()).clear();
    bytes.subList(j, bytes.size()).clear();
    records.subList(j, records.size()).clear();
    return kept;
  }

  private static void checkMemory(Program program, long bytes, long budget) {
    if (bytes > budget) {
      throw new RunLimitException(
          "the run (fix "
              + program.fix()
              + ") needs more than "
              + RunLimits.megabytes(budget)
              + " of memory, the limit for one run; "
              + RunLimits.MEMORY_OPTION
              + " raises it",
          RunLimits.MEMORY_OPTION);
    }
  }
}
