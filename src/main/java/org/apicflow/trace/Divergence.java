package org.apicflow.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.Machine;

/**
 * Where several runs of one scenario start to differ: the first mark every run has at which the
 * runs' machines are not in the same state (a CPU's IRR, ISR, IF or run state), read from the runs
 * themselves. Comparing runs of different fixes there shows what each fix changed; at an earlier
 * mark they all look alike.
 */
public final class Divergence {
  private Divergence() {}

  /** What one CPU shows at a moment, as far as a comparison of runs cares. */
  public record CpuView(int cpu, int[] irr, int[] isr, boolean interruptsEnabled, String state) {
    boolean same(CpuView o) {
      return Arrays.equals(irr, o.irr)
          && Arrays.equals(isr, o.isr)
          && interruptsEnabled == o.interruptsEnabled
          && state.equals(o.state);
    }
  }

  /** Every CPU of a run at the moment just past event {@code event} (-1: before the first). */
  public static List<CpuView> viewAt(Trace t, int event) {
    Machine m = t.stateAt(Math.max(0, Math.min(t.size(), event + 1)));
    List<CpuView> out = new ArrayList<>();
    for (int i = 0; i < m.cpuCount(); i++) {
      Cpu c = m.cpu(i);
      out.add(
          new CpuView(
              i,
              c.apic().irr().toArray(),
              c.apic().isr().toArray(),
              c.interruptsEnabled(),
              c.state().name()));
    }
    return out;
  }

  /** The mark names every run has, in the first run's order (named marks and the simulator's). */
  public static List<String> sharedMarks(List<Trace> runs) {
    Set<String> out = new LinkedHashSet<>();
    if (runs.isEmpty()) {
      return List.of();
    }
    for (Mark m : runs.get(0).marks()) {
      boolean all = true;
      for (Trace t : runs) {
        if (t.firstMark(m.name()).isEmpty()) {
          all = false;
          break;
        }
      }
      if (all) {
        out.add(m.name());
      }
    }
    return List.copyOf(out);
  }

  /** The first event index at which some run's event differs from the first run's, or -1. */
  public static int firstDifferentEvent(List<Trace> runs) {
    if (runs.size() < 2) {
      return -1;
    }
    Trace ref = runs.get(0);
    int longest = 0;
    for (Trace t : runs) {
      longest = Math.max(longest, t.size());
    }
    for (int i = 0; i < longest; i++) {
      for (Trace t : runs) {
        if (i >= t.size() || i >= ref.size()) {
          return i;
        }
        if (t.kind(i) != ref.kind(i)
            || t.cpu(i) != ref.cpu(i)
            || t.a(i) != ref.a(i)
            || t.b(i) != ref.b(i)
            || t.time(i) != ref.time(i)) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * The mark to compare runs at: the first shared mark at which their machines differ (a mark the
   * scenario placed before the simulator's own). When they look alike at every shared mark, they
   * part after the last one: that mark (the last a scenario placed, else the simulator's last), the
   * latest moment they all still agree. Empty for fewer than two runs or runs that never differ.
   */
  public static Optional<String> anchor(List<Trace> runs) {
    Optional<String> state = firstDifferingMark(runs);
    if (state.isPresent()) {
      return state;
    }
    if (firstDifferentEvent(runs) < 0) {
      return Optional.empty();
    }
    Trace ref = runs.get(0);
    String last = null;
    String lastNamed = null;
    int lastAt = -1;
    int lastNamedAt = -1;
    for (String name : sharedMarks(runs)) {
      Mark m = ref.firstMark(name).orElseThrow();
      if (m.event() >= lastAt) {
        last = name;
        lastAt = m.event();
      }
      if (!m.builtIn() && m.event() >= lastNamedAt) {
        lastNamed = name;
        lastNamedAt = m.event();
      }
    }
    return Optional.ofNullable(lastNamed != null ? lastNamed : last);
  }

  /**
   * The first shared mark at which the runs' machines differ, preferring the marks a scenario
   * placed over the simulator's own; empty when fewer than two runs, or when they agree at every
   * shared mark.
   */
  public static Optional<String> firstDifferingMark(List<Trace> runs) {
    if (runs.size() < 2) {
      return Optional.empty();
    }
    List<String> shared = sharedMarks(runs);
    Optional<String> any = Optional.empty();
    for (String name : shared) {
      if (differAt(runs, name)) {
        boolean named = !runs.get(0).firstMark(name).orElseThrow().builtIn();
        if (named) {
          // a simulator mark before it that already differs does not win: a teacher placed this one
          return Optional.of(name);
        }
        if (any.isEmpty()) {
          any = Optional.of(name);
        }
      }
    }
    return any;
  }

  /** True when the runs' CPUs are not all alike at the first occurrence of mark {@code name}. */
  public static boolean differAt(List<Trace> runs, String name) {
    List<CpuView> ref = null;
    for (Trace t : runs) {
      Optional<Mark> m = t.firstMark(name);
      if (m.isEmpty()) {
        return true;
      }
      List<CpuView> v = viewAt(t, m.get().event());
      if (ref == null) {
        ref = v;
      } else if (!same(ref, v)) {
        return true;
      }
    }
    return false;
  }

  /** True when two runs' CPUs show the same registers and states. */
  public static boolean alike(List<CpuView> a, List<CpuView> b) {
    return same(a, b);
  }

  private static boolean same(List<CpuView> a, List<CpuView> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).same(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
