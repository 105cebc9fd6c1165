package org.apicflow.ui.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apicflow.machine.Kernel;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.Op;
import org.apicflow.machine.Program;
import org.apicflow.scenario.Fix;
import org.apicflow.scenario.Scenario;

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
    List<Line> out = new ArrayList<>();
    for (Op op : f.ops()) {
      String code = op.info().code();
      if (code.isEmpty()) {
        if (op instanceof Op.Jump) {
          continue;
        }
        code =
            op instanceof Op.Mark m
                ? "/* \u25c6 " + m.mark() + " */"
                : op instanceof Op.Phase ph ? "/* phase: " + ph.phase() + " */" : op.name() + ";";
      }
      out.add(new Line(' ', code, op.info().depth()));
    }
    return out;
  }

  /** Line diff of {@code old} against {@code now} on the text (indent ignored). */
  static List<Line> diff(List<Line> old, List<Line> now) {
    int n = old.size();
    int m = now.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            old.get(i).text().equals(now.get(j).text())
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Line> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && old.get(i).text().equals(now.get(j).text())) {
        out.add(new Line(' ', now.get(j).text(), now.get(j).depth()));
        i++;
        j++;
      } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        // removals before additions, as diff -u shows them
        out.add(new Line('-', old.get(i).text(), old.get(i).depth()));
        i++;
      } else {
        out.add(new Line('+', now.get(j).text(), now.get(j).depth()));
        j++;
      }
    }
    return out;
  }
}
