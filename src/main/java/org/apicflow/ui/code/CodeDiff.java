package org.apicflow.ui.code;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.Op;

/** A function as pseudo-C lines, and the line diff of two versions of a function. */
public final class CodeDiff {
  private CodeDiff() {}

  /**
   * The pseudo-C of a function: one line per op that has one (compiled jumps have none), each
   * marked {@code diff}; an op with no {@code code} shows as a comment or its name.
   */
  public static List<CodeLine> lines(KernelFunction kf, char diff) {
    List<CodeLine> out = new ArrayList<>();
    List<Op> ops = kf.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String code = op.info().code();
      if (code.isEmpty()) {
        if (op instanceof Op.Jump) {
          continue;
        }
        code = fallback(op);
      }
      out.add(new CodeLine(code, op.info().depth(), i, diff, op.info().line()));
    }
    return out;
  }

  /** A line for an op the scenario gave no pseudo-C: a comment for marks and phases. */
  private static String fallback(Op op) {
    if (op instanceof Op.Mark m) {
      return "/* \u25c6 " + m.mark() + " */";
    }
    if (op instanceof Op.Phase ph) {
      return "/* phase: " + ph.phase() + " */";
    }
    return op.name() + ";";
  }

  /**
   * The line diff of {@code old} against {@code now} on the text, indent ignored (longest common
   * subsequence): kept lines ' ' (as in {@code now}), removed '-' (no op position), added '+';
   * removals come before additions, as diff -u shows them.
   */
  public static List<CodeLine> diff(List<CodeLine> old, List<CodeLine> now) {
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
    List<CodeLine> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && old.get(i).text().equals(now.get(j).text())) {
        out.add(now.get(j).marked(' '));
        i++;
        j++;
      } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        CodeLine l = old.get(i++);
        out.add(new CodeLine(l.text(), l.depth(), -1, '-', l.sourceLine()));
      } else {
        out.add(now.get(j++).marked('+'));
      }
    }
    return out;
  }
}
