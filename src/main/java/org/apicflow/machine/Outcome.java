package org.apicflow.machine;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.machine.Cpu.RunState;

/**
 * How a run ended (format apicflow/1 "Outcome"): oops if any CPU oopsed; else ok if the success
 * mark was reached (or, without one, every started CPU ran to its end); else hang, naming each CPU
 * still spinning, polling or halted and the op it was on.
 *
 * @param cpu the CPU at fault (the oopsing one, or the first hung one), or -1
 * @param where "function: op" of that CPU, or empty
 */
public record Outcome(Kind kind, String reason, int cpu, String where, long time) {

  /** The three outcomes. */
  public enum Kind {
    OK,
    OOPS,
    HANG;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<Kind> fromWord(String w) {
      for (Kind k : values()) {
        if (k.word().equals(w)) {
          return java.util.Optional.of(k);
        }
      }
      return java.util.Optional.empty();
    }
  }

  /** The outcome of a machine whose run is over. */
  public static Outcome of(Machine m) {
    Program p = m.program();
    if (m.end() == Machine.End.OOPS) {
      Cpu c = m.cpu(m.oopsCpu());
      return new Outcome(
          Kind.OOPS,
          "CPU " + c.index() + " oopsed: " + m.oopsMessage() + " in " + where(m, c),
          c.index(),
          where(m, c),
          m.endTime());
    }
    if (m.end() == Machine.End.SUCCESS) {
      return new Outcome(Kind.OK, "reached " + p.success(), -1, "", m.endTime());
    }
    List<String> stuck = new ArrayList<>();
    int first = -1;
    String firstWhere = "";
    // Spinning CPUs first: they are the ones a reader looks for in a hang.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < m.cpuCount(); i++) {
        Cpu c = m.cpu(i);
        if (!m.isHung(c)) {
          continue;
        }
        boolean spinning = c.state() == RunState.SPINNING || c.state() == RunState.STUCK;
        if (spinning != (pass == 0)) {
          continue;
        }
        if (first < 0) {
          first = i;
          firstWhere = where(m, c);
        }
        stuck.add(describe(m, c));
      }
    }
    if (stuck.isEmpty() && p.success().isEmpty()) {
      return new Outcome(Kind.OK, "every started CPU ran to its end", -1, "", m.endTime());
    }
    String why =
        switch (m.end()) {
          case BUDGET -> "the step budget ran out (a loop that never waits)";
          case QUIET -> "nothing could happen any more";
          default -> "the horizon was reached";
        };
    String goal = p.success().isEmpty() ? "" : p.success() + " never reached; ";
    String reason =
        stuck.isEmpty() ? goal + why : goal + String.join("; ", stuck) + " (" + why + ")";
    return new Outcome(Kind.HANG, reason, first, firstWhere, m.endTime());
  }

  private static String describe(Machine m, Cpu c) {
    String s = "CPU " + c.index() + " " + c.state().label;
    if (c.state() == RunState.STUCK) {
      s += " (" + c.stuckReason() + ")";
    }
    String w = where(m, c);
    return w.isEmpty() ? s : s + " in " + w;
  }

  /** "function: op" of a CPU's current position, or empty. */
  public static String where(Machine m, Cpu c) {
    if (c.frames().isEmpty()) {
      return "";
    }
    Kernel k = m.program().kernel(c.kernel());
    KernelFunction fn = k.function(c.currentFunction());
    int pc = c.currentPc();
    if (c.state() == RunState.HALTED && pc > 0 && fn.ops().get(pc - 1) instanceof Op.Hlt) {
      // hlt moved past itself when it parked; the CPU sleeps on the hlt.
      pc--;
    }
    if (pc >= 0 && pc < fn.ops().size()) {
      return fn.name() + ": " + fn.ops().get(pc).name();
    }
    return fn.name();
  }

  public String summary() {
    return kind.word() + ": " + reason;
  }
}
