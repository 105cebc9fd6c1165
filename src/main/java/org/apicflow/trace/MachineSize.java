package org.apicflow.trace;

import org.apicflow.machine.Cpu;
import org.apicflow.machine.IpiMessage;
import org.apicflow.machine.Machine;

/**
 * A conservative estimate of the heap one machine snapshot takes, from what it holds: CPUs with
 * their APICs and call frames, messages in flight and recorded values. Used to keep a run's memory
 * within its limit; the constants are the sizes of those objects' fields and headers on 64-bit
 * HotSpot with compressed pointers, rounded up.
 */
final class MachineSize {
  static final long BASE = 4_096;
  static final long PER_CPU = 900;
  static final long PER_FRAME = 64;
  static final long PER_MESSAGE = 160;
  static final long PER_TARGET = 12;
  static final long PER_RECORD = 24;
  static final long PER_QUEUED = 48;

  private MachineSize() {}

  static long estimate(Machine m, long records) {
    long bytes = BASE + records * PER_RECORD;
    int cpus = m.cpuCount();
    for (int i = 0; i < cpus; i++) {
      Cpu c = m.cpu(i);
      bytes += PER_CPU + (long) c.frames().size() * PER_FRAME + 2 * PER_QUEUED;
    }
    for (IpiMessage msg : m.liveMessages()) {
      bytes += PER_MESSAGE + (long) msg.targetCount() * (PER_TARGET + PER_QUEUED);
    }
    return bytes;
  }
}
