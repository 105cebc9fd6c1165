package org.apicflow.ui.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apicflow.machine.Kernel;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.Program;
import org.apicflow.scenario.Fix;
import org.apicflow.scenario.Scenario;
import org.apicflow.ui.code.CodeDiff;
import org.apicflow.ui.code.CodeLine;

/**
 * A fix's patch: each function it replaces or adds, as pseudo-C (the ops' {@code info().code}
 * lines) diffed against the unpatched run, line by line (longest common subsequence).
 */
public final class PatchDiff {
  private PatchDiff() {}

  /** One line of a patch: ' ' kept, '+' added by the fix, '-' removed by it. */
  public record Line(char kind, String text, int depth) {
    public String prefixed() {
      return kind + " " + "  ".repeat(Math.max(0, depth)) + text;
    }
  }

  /** One patched function: "kernel.function", the Linux file it stands for, its lines. */
  public record Function(String name, String src, boolean added, List<Line> lines) {
    public Function {
      lines = List.copyOf(lines);
    }

    public long count(char kind) {
      return lines.stream().filter(l -> l.kind() == kind).count();
    }
  }

  /** The functions a fix replaces, each diffed against {@code none}; empty for {@code none}. */
  public static List<Function> of(Scenario s, String fixName) {
    Optional<Fix> fix = s.fix(fixName);
    if (fix.isEmpty() || fixName.equals(Scenario.NONE)) {
      return List.of();
    }
    Program base = s.program(Scenario.NONE);
    Program now = s.program(fixName);
    List<Function> out = new ArrayList<>();
    for (String qualified : fix.get().replaces()) {
      int dot = qualified.indexOf('.');
      String kernel = dot < 0 ? "" : qualified.substring(0, dot);
      String fn = dot < 0 ? qualified : qualified.substring(dot + 1);
      Optional<KernelFunction> after = function(now, kernel, fn);
      if (after.isEmpty()) {
        continue;
      }
      Optional<KernelFunction> before = function(base, kernel, fn);
      List<Line> lines = diff(before.map(PatchDiff::lines).orElse(List.of()), lines(after.get()));
      out.add(new Function(qualified, after.get().src(), before.isEmpty(), lines));
    }
    return List.copyOf(out);
  }

  private static Optional<KernelFunction> function(Program p, String kernel, String fn) {
    for (Kernel k : p.kernels()) {
      if (kernel.isEmpty() || k.name().equals(kernel)) {
        Optional<Integer> i = k.functionIndex(fn);
        if (i.isPresent()) {
          return Optional.of(k.function(i.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** The pseudo-C of a function, one line per op that has one (compiled jumps have none). */
  static List<Line> lines(KernelFunction f) {
    return CodeDiff.lines(f, ' ').stream().map(l -> new Line(' ', l.text(), l.depth())).toList();
  }

  /** Line diff of {@code old} against {@code now} on the text (indent ignored). */
  static List<Line> diff(List<Line> old, List<Line> now) {
    return CodeDiff.diff(codeLines(old), codeLines(now)).stream()
        .map(l -> new Line(l.diff(), l.text(), l.depth()))
        .toList();
  }

  private static List<CodeLine> codeLines(List<Line> lines) {
    return lines.stream().map(l -> new CodeLine(l.text(), l.depth(), -1, l.kind(), 0)).toList();
  }
}
