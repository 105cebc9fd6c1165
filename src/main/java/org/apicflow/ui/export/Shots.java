package org.apicflow.ui.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Trace;

/**
 * Picks the frames of an export from a trace: at a mark, at a step, every key moment, or every step
 * of a range. A mark's frame is the state just after its event, as "jump to marker" shows.
 * Everything here is pure and fails with an {@link ExportException} whose message names the
 * problem.
 */
public final class Shots {
  private Shots() {}

  /** The frame of the first mark of that name. */
  public static Shot atMark(Trace t, String name) {
    Mark m =
        t.firstMark(name)
            .orElseThrow(
                () ->
                    new ExportException(
                        "no mark '" + name + "' in this run (marks: " + markNames(t) + ")"));
    return new Shot(m.event() + 1, m.name());
  }

  /** The frame at step n (0 = the start, size = the end). */
  public static Shot atStep(Trace t, int n) {
    if (n < 0 || n > t.size()) {
      throw new ExportException("step " + n + " is out of range 0.." + t.size());
    }
    return new Shot(n, markAt(t, n));
  }

  /** The last step: the end of the run. */
  public static Shot last(Trace t) {
    return atStep(t, t.size());
  }

  /**
   * The key moments: the marks a scenario placed, plus the oops or hang the run ends in, in order;
   * two marks on one step give one frame.
   */
  public static List<Shot> keyMoments(Trace t) {
    List<Shot> out = new ArrayList<>();
    Set<Integer> seen = new LinkedHashSet<>();
    for (Mark m : t.marks()) {
      boolean key = !m.builtIn() || m.name().equals("oops") || m.name().equals("hang");
      if (key && seen.add(m.event() + 1)) {
        out.add(new Shot(m.event() + 1, m.name()));
      }
    }
    if (out.isEmpty()) {
      out.add(last(t));
    }
    return out;
  }

  /** Every step from FROM to TO inclusive; each end a step number or a mark name. */
  public static List<Shot> range(Trace t, String spec) {
    int dots = spec.indexOf("..");
    if (dots < 0) {
      throw new ExportException(
          "--range: '" + org.apicflow.scenario.ScenarioException.clip(spec) + "' is not FROM..TO");
    }
    String a = spec.substring(0, dots).strip();
    String b = spec.substring(dots + 2).strip();
    if (a.isEmpty() && b.isEmpty()) {
      throw new ExportException(
          "--range: '" + spec + "' names no step: write FROM..TO, e.g. 0..40 or ipi-sent..oops");
    }
    int from = a.isEmpty() ? 0 : end(t, a);
    int to = b.isEmpty() ? t.size() : end(t, b);
    return range(t, from, to);
  }

  /** Every step from {@code from} to {@code to} inclusive. */
  public static List<Shot> range(Trace t, int from, int to) {
    if (from > to) {
      throw new ExportException(
          "bad range " + from + ".." + to + ": it runs backwards, FROM must not come after TO");
    }
    if (from < 0 || to > t.size()) {
      throw new ExportException(
          "bad range " + from + ".." + to + ": steps run 0.." + t.size() + ", FROM <= TO");
    }
    List<Shot> out = new ArrayList<>(to - from + 1);
    for (int p = from; p <= to; p++) {
      out.add(new Shot(p, markAt(t, p)));
    }
    return out;
  }

  private static int end(Trace t, String s) {
    if (s.chars().allMatch(Character::isDigit)) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new ExportException("bad range end '" + s + "'");
      }
    }
    return atMark(t, s).position();
  }

  /** The name of a mark whose state position p shows (its event is p - 1), or empty. */
  public static String markAt(Trace t, int p) {
    List<Mark> marks = t.marks();
    int lo = 0;
    int hi = marks.size();
    while (lo < hi) { // the first mark with event >= p - 1
      int mid = (lo + hi) >>> 1;
      if (marks.get(mid).event() < p - 1) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    String builtIn = "";
    for (int i = lo; p > 0 && i < marks.size() && marks.get(i).event() == p - 1; i++) {
      Mark k = marks.get(i);
      if (!k.builtIn()) {
        return k.name(); // a scenario's own mark says more than the simulator's
      }
      if (builtIn.isEmpty()) {
        builtIn = k.name();
      }
    }
    return builtIn;
  }

  private static String markNames(Trace t) {
    String s = t.marks().stream().map(Mark::name).distinct().collect(Collectors.joining(", "));
    return s.isEmpty() ? "none" : s;
  }
}
