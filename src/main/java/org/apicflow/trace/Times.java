package org.apicflow.trace;

/** Formats virtual nanoseconds for people: 850 ns, 12.5 us, 3.2 ms, 1.000 s. */
public final class Times {
  private Times() {}

  public static String format(long ns) {
    if (ns < 1_000) {
      return ns + " ns";
    }
    if (ns < 1_000_000) {
      return trim(ns / 1e3) + " us";
    }
    if (ns < 1_000_000_000) {
      return trim(ns / 1e6) + " ms";
    }
    return trim(ns / 1e9) + " s";
  }

  private static String trim(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
