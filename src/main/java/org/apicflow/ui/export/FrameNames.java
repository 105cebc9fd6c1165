package org.apicflow.ui.export;

/**
 * File names of exported frames: {@code <scenario>-<fix>-<nnn>-<mark>.png}, where nnn is the step
 * (at least three digits, so the files sort in step order) and mark the mark shown at that step, or
 * "step" where there is none.
 */
public final class FrameNames {
  private FrameNames() {}

  public static String of(String scenario, String fix, Shot s, String extension) {
    String mark = s.mark().isEmpty() ? "step" : s.mark();
    return safe(scenario)
        + "-"
        + safe(fix)
        + "-"
        + String.format("%03d", s.position())
        + "-"
        + safe(mark)
        + "."
        + extension;
  }

  /** Letters, digits, dot, dash and underscore; anything else becomes an underscore. */
  static String safe(String s) {
    String out = s.replaceAll("[^A-Za-z0-9._-]", "_");
    return out.isEmpty() || out.startsWith(".") ? "_" + out : out;
  }
}
