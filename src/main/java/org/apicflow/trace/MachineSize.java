package org.apicflow.trace;

import org.apicflow.machine.Cpu;
import org.apicflow.machine.IpiMessage;
import org.apicflow.machine.Machine;

/**
 * A conservative estimate of the heap one machine snapshot takes, from what it holds: CPUs with
 * their APICs and call frames, messages in flight and recorded values. Used to keep a run's memory
 * within its limit. The constants were calibrated by measuring the heap taken by 50 copies of
 * 255-CPU IPI and NMI storms, nested self-IPIs and a recording loop (64-bit HotSpot, compressed
 * pointers) and rounded up: the estimate is 1.6 to 2 times the measured size.
 */
final class MachineSize {
  static final long BASE = 4_096;
  static final long PER_CPU = 1_200;

  /** The local APIC's share of {@link #PER_CPU}: left out where a keyframe shares the APIC. */
  static final long PER_APIC = 600;

  static final long PER_FRAME = 48;
  static final long PER_MESSAGE = 160;
  static final long PER_TARGET = 16;
  static final long PER_RECORD = 8;

  private MachineSize() {}

  static long estimate(Machine m, long records) {
    return estimate(m, null, records);
  }

  /**
   * The heap keyframe {@code m} adds to the run's: what {@link #estimate(Machine, long)} counts,
   * less the CPUs and local APICs it shares with {@code previous} (the keyframe kept before it, or
   * null).
   */
  static long estimate(Machine m, Machine previous, long records) {
    long bytes = BASE + records * PER_RECORD;
    int cpus = m.cpuCount();
    boolean sharing = previous != null && previous.cpuCount() == cpus;
    for (int i = 0; i < cpus; i++) {
      Cpu c = m.cpu(i);
      if (sharing && c == previous.cpu(i)) {
        continue;
      }
      bytes += PER_CPU + (long) c.frameCount() * PER_FRAME;
      if (sharing && c.apic() == previous.cpu(i).apic()) {
        bytes -= PER_APIC;
      }
    }
    for (IpiMessage msg : m.liveMessages()) {
      bytes += PER_MESSAGE + (long) msg.targetCount() * PER_TARGET;
    }
    return bytes;
  }
}
