package org.apicflow.trace;

import java.util.Objects;

/**
 * How much one run may hold: its events and the memory of its trace (events plus the machine
 * snapshots kept for seeking). A run past a limit stops with a {@link RunLimitException} naming the
 * limit, its value and the command-line option that raises it. The command line sets the
 * process-wide limits once, before any run.
 */
public record RunLimits(long maxEvents, long maxMemoryBytes) {
  /**
   * One million events: the largest built-in run records 351, so this covers every built-in more
   * than a hundred times over, and takes about 31 MB.
   */
  public static final long DEFAULT_EVENTS = 1_000_000;

  /** Events are kept in int-indexed columns. */
  public static final long MAX_EVENTS = Integer.MAX_VALUE - 16;

  public static final String EVENTS_OPTION = "--max-events";
  public static final String MEMORY_OPTION = "--max-memory";

  private static volatile RunLimits current = defaults();

  public RunLimits {
    if (maxEvents < 1 || maxMemoryBytes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    maxEvents = Math.min(maxEvents, MAX_EVENTS);
  }

  /**
   * The default limits: {@link #DEFAULT_EVENTS} events, and a quarter of the heap (at most 1 GB, at
   * least 32 MB) for one run's trace, so several runs side by side (compare, check) still fit.
   */
  public static RunLimits defaults() {
    return new RunLimits(DEFAULT_EVENTS, defaultMemory());
  }

  public static long defaultMemory() {
    long quarter = Runtime.getRuntime().maxMemory() / 4;
    return Math.max(32L << 20, Math.min(1L << 30, quarter));
  }

  public static RunLimits current() {
    return current;
  }

  public static void set(RunLimits limits) {
    current = Objects.requireNonNull(limits);
  }

  /** "123 MB". */
  static String megabytes(long bytes) {
    return String.format("%,d MB", (bytes + (1 << 20) - 1) >> 20);
  }
}
