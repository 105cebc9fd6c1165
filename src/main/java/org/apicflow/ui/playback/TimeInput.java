package org.apicflow.ui.playback;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a time the user types: "640", "640 ns", "20.4 us", "20.4 µs", "1.5 ms", "2 s". */
public final class TimeInput {
  private static final Pattern P =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*(ns|us|µs|μs|ms|s)?\\s*");

  private TimeInput() {}

  /** The time in nanoseconds, or empty when the text is not a time (no unit means ns). */
  public static OptionalLong parse(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    Matcher m = P.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "ns" : m.group(2);
    double ns =
        switch (unit) {
          case "us", "µs", "μs" -> v * 1e3;
          case "ms" -> v * 1e6;
          case "s" -> v * 1e9;
          default -> v;
        };
    if (!Double.isFinite(ns) || ns > Long.MAX_VALUE / 2.0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.round(ns));
  }
}
