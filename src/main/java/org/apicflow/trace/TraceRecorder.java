package org.apicflow.trace;

import java.util.Arrays;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.EventSink;

/**
 * Records events in columns (about 31 bytes an event): time, CPU, kind, packed location and the two
 * payload words.
 */
final class TraceRecorder implements EventSink {
  private static final EventKind[] KINDS = EventKind.values();

  /** Bytes an event takes in the columns. */
  static final int EVENT_BYTES = 8 + 2 + 1 + 4 + 8 + 8;

  private final long maxEvents;
  private final String fix;
  int size;
  long records;

  /** Told the bytes the columns will take while they grow (old and new), before they do. */
  java.util.function.LongConsumer beforeGrowth = bytes -> {};

  long[] time = new long[1024];
  short[] cpu = new short[1024];
  byte[] kind = new byte[1024];
  int[] loc = new int[1024];
  long[] a = new long[1024];
  long[] b = new long[1024];

  TraceRecorder() {
    this(RunLimits.MAX_EVENTS, "none");
  }

  TraceRecorder(long maxEvents, String fix) {
    this.maxEvents = maxEvents;
    this.fix = fix;
  }

  @Override
  public void event(long t, int c, EventKind k, int kernel, int fn, int pc, long pa, long pb) {
    if (size >= maxEvents) {
      throw new RunLimitException(
          String.format(
              "the run (fix %s) records more than %,d events, the limit for one run; %s raises it",
              fix, maxEvents, RunLimits.EVENTS_OPTION),
          RunLimits.EVENTS_OPTION);
    }
    if (size == time.length) {
      int n = (int) Math.max(size + 1, Math.min(maxEvents, (long) size * 2));
      beforeGrowth.accept((long) (size + n) * EVENT_BYTES);
      time = Arrays.copyOf(time, n);
      cpu = Arrays.copyOf(cpu, n);
      kind = Arrays.copyOf(kind, n);
      loc = Arrays.copyOf(loc, n);
      a = Arrays.copyOf(a, n);
      b = Arrays.copyOf(b, n);
    }
    time[size] = t;
    cpu[size] = (short) c;
    kind[size] = (byte) k.ordinal();
    loc[size] = pack(kernel, fn, pc);
    a[size] = pa;
    b[size] = pb;
    size++;
    if (k == EventKind.RECORD) {
      records++;
    }
  }

  /** The bytes the columns take now, allocated room included. */
  long bytes() {
    return (long) time.length * EVENT_BYTES;
  }

  /** kernel (8 bits), function (12 bits), op (12 bits); -1 when there is no function. */
  static int pack(int kernel, int fn, int pc) {
    if (fn < 0) {
      return -1;
    }
    return (kernel & 0xFF) << 24 | (fn & 0xFFF) << 12 | (Math.max(pc, 0) & 0xFFF);
  }

  static EventKind kind(byte k) {
    return KINDS[k];
  }

  /**
   * Fits the columns to the events. Skipped when they have less than an eighth of room left: the
   * copy would cost as much memory again, for a moment, as the room it gives back.
   */
  void trim() {
    if (time.length - size < time.length / 8) {
      return;
    }
    time = Arrays.copyOf(time, size);
    cpu = Arrays.copyOf(cpu, size);
    kind = Arrays.copyOf(kind, size);
    loc = Arrays.copyOf(loc, size);
    a = Arrays.copyOf(a, size);
    b = Arrays.copyOf(b, size);
  }
}
