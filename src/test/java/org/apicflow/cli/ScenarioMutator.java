package org.apicflow.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apicflow.testing.Seeds;

/**
 * Mutates scenario files the way careless editing, broken tools and hostile input do: lines
 * deleted, doubled, swapped or re-indented; values replaced by odd tokens, huge strings or extreme
 * numbers; characters flipped; truncation; deep nesting, alias bombs, byte-order marks, version
 * directives, bytes that are not UTF-8; and a few runs that never end (call cycles, recording
 * loops). One seed, one variant.
 */
final class ScenarioMutator {
  /** A mutated file: its bytes and what was done, to name in a failure. */
  record Variant(byte[] bytes, String what) {}

  static final String[] TOKENS = {
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[ ]",
    "-1",
    "0",
    "0x",
    "0x1_0000_0000",
    "0xFFFFFFFFFFFFFFFF",
    "99999999999999999999",
    "1e999",
    "1.5.6",
    "-0x80",
    "\"unterminated",
    "'x",
    "&a",
    "*a",
    "*undefined",
    "!!binary AAAA",
    "!custom x",
    "? complex",
    "yes",
    "off",
    "3us",
    "1h",
    "999999s",
    "-5ms",
    "\u202eevil",
    "\u00e9t\u00e9",
    "\ud83d\ude00",
    "{ op: call, fn: nowhere }",
    "[ 1, [ 2, [ 3 ] ] ]",
    "{ a: 1, a: 2 }",
    "|\n  block\n  text",
    ">-",
    "- - -",
    ": :",
    "#",
    "%TAG ! tag:x,2000:",
    "\t",
    "\u0000",
    "\u0007",
    "\\u0041",
  };

  private ScenarioMutator() {}

  static Variant mutate(String text, SplittableRandom r) {
    StringBuilder what = new StringBuilder();
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    byte[] raw = null;
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n; k++) {
      int kind =
          Seeds.weighted(
              r, 10, 6, 6, 14, 8, 5, 6, 10, 2, 2, 2, 2, 2, 2, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1);
      int at = lines.isEmpty() ? 0 : r.nextInt(lines.size());
      what.append(k == 0 ? "" : ", ");
      switch (kind) {
        case 0 -> {
          what.append("delete line ").append(at + 1);
          if (!lines.isEmpty()) {
            lines.remove(at);
          }
        }
        case 1 -> {
          what.append("double line ").append(at + 1);
          if (!lines.isEmpty()) {
            lines.add(at, lines.get(at));
          }
        }
        case 2 -> {
          int b = lines.isEmpty() ? 0 : r.nextInt(lines.size());
          what.append("swap lines ").append(at + 1).append(" and ").append(b + 1);
          if (!lines.isEmpty()) {
            String t = lines.get(at);
            lines.set(at, lines.get(b));
            lines.set(b, t);
          }
        }
        case 3 -> {
          String tok = Seeds.oneOf(r, TOKENS);
          what.append("value on line ").append(at + 1).append(" -> ").append(show(tok));
          replaceValue(lines, at, tok);
        }
        case 4 -> {
          String tok = Seeds.oneOf(r, TOKENS);
          String key = Seeds.oneOf(r, "op", "vector", "cpus", "fn", "x", "format", "- op", "-");
          String line = " ".repeat(r.nextInt(12)) + key + ": " + tok;
          what.append("insert at line ").append(at + 1).append(": ").append(show(line));
          lines.add(at, line);
        }
        case 5 -> {
          String all = String.join("\n", lines);
          int cut = all.isEmpty() ? 0 : r.nextInt(all.length());
          what.append("truncate at ").append(cut);
          lines = new ArrayList<>(Arrays.asList(all.substring(0, cut).split("\n", -1)));
        }
        case 6 -> {
          int d = r.nextInt(7) - 3;
          what.append("indent line ").append(at + 1).append(" by ").append(d);
          if (!lines.isEmpty()) {
            String l = lines.get(at);
            lines.set(at, d >= 0 ? " ".repeat(d) + l : l.substring(Math.min(-d, lead(l))));
          }
        }
        case 7 -> {
          char c =
              Seeds.oneOf(
                  r, '{', '[', '}', ']', ':', '-', '&', '*', '!', '%', '#', '"', '\'', '|', '>',
                  '\t', ',', '@', '`', 'x', '0', ' ');
          what.append("flip a character on line ")
              .append(at + 1)
              .append(" to ")
              .append(show("" + c));
          if (!lines.isEmpty() && !lines.get(at).isEmpty()) {
            String l = lines.get(at);
            int i = r.nextInt(l.length());
            lines.set(at, l.substring(0, i) + c + l.substring(i + 1));
          }
        }
        case 8 -> {
          int depth = Seeds.oneOf(r, 50, 101, 1_000, 10_000, 100_000);
          what.append("nest ").append(depth).append(" deep");
          boolean flow = r.nextBoolean();
          if (flow) {
            lines.add("deep: " + "[".repeat(depth) + "]".repeat(depth));
          } else {
            StringBuilder b = new StringBuilder("deep:\n");
            for (int i = 1; i <= Math.min(depth, 3_000); i++) {
              b.append(" ".repeat(i)).append("k:\n");
            }
            lines.add(b.toString());
          }
        }
        case 9 -> {
          what.append("alias bomb");
          lines.add(
              "bomb: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                  + "b1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n"
                  + "b2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n"
                  + "b3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]\n"
                  + "b4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]\n"
                  + "b5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]");
        }
        case 10 -> {
          String v = Seeds.oneOf(r, "1.1", "1.2", "2.0", "1.3", "0.9", "9.9");
          what.append("%YAML ").append(v);
          lines.add(0, "%YAML " + v + "\n---");
        }
        case 11 -> {
          int len = Seeds.oneOf(r, 81, 1_000, 100_000, 1_000_000, 3_900_000);
          what.append("a value ").append(len).append(" characters long");
          replaceValue(lines, at, "x".repeat(len));
        }
        case 12 -> {
          String big = Seeds.oneOf(r, "id", "title", "x");
          int len = Seeds.oneOf(r, 1_000, 100_000, 1_000_000);
          what.append("a key ").append(len).append(" characters long");
          lines.add(at, big.repeat(len / big.length()) + ": 1");
        }
        case 13 -> {
          String num =
              Seeds.oneOf(
                  r,
                  "0",
                  "-1",
                  "255",
                  "256",
                  "65535",
                  "0xFFFFFFFF",
                  "0x7FFFFFFFFFFFFFFF",
                  "9223372036854775808",
                  "-9223372036854775808",
                  "1e309",
                  "0.0000001");
          what.append("number on line ").append(at + 1).append(" -> ").append(num);
          lines.set(
              at,
              lines.isEmpty() ? num : lines.get(at).replaceAll("\\b(0x[0-9a-fA-F]+|\\d+)\\b", num));
        }
        case 14 -> {
          int cpus = Seeds.oneOf(r, 0, 1, 3, 8, 16, 64, 255, 256, 1_000, -1);
          what.append("cpus: ").append(cpus);
          for (int i = 0; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replaceAll("^(\\s*cpus:)\\s*\\d+", "$1 " + cpus));
          }
        }
        case 15 -> {
          what.append("a duplicate key on line ").append(at + 1);
          if (!lines.isEmpty() && lines.get(at).contains(":")) {
            lines.add(at + 1, lines.get(at));
          }
        }
        case 16 -> {
          String bad = Seeds.oneOf(r, "\u0000", "\u0007", "\u001b[31m", "\r", "\u2028", "\ufffe");
          what.append("control character ").append(show(bad)).append(" on line ").append(at + 1);
          if (!lines.isEmpty()) {
            String l = lines.get(at);
            int i = l.isEmpty() ? 0 : r.nextInt(l.length());
            lines.set(at, l.substring(0, i) + bad + l.substring(i));
          }
        }
        case 17 -> {
          what.append("only a comment");
          lines = new ArrayList<>(List.of(Seeds.oneOf(r, "# nothing", "", "---", "...", "--- ~")));
        }
        case 18 -> {
          what.append("a call cycle that never waits");
          replaceAllOps(lines, "          - { op: nop }\n          - { op: call, fn: %s }");
        }
        case 19 -> {
          what.append("a recording loop");
          replaceAllOps(
              lines, "          - { op: record, value: 1 }\n          - { op: call, fn: %s }");
        }
        case 20 -> {
          what.append("a file over 4 MB");
          lines.add("# " + "p".repeat(4 * 1024 * 1024 + 10));
        }
        case 21 -> {
          what.append("two byte-order marks");
          lines.add(0, "\ufeff\ufeff");
        }
        case 22 -> {
          what.append("a byte-order mark on line ").append(at + 1);
          if (!lines.isEmpty()) {
            lines.set(at, "\ufeff" + lines.get(at));
          }
        }
        default -> {
          what.append("bytes that are not UTF-8");
          raw = new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        }
      }
    }
    byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    if (raw != null) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int cut = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
      b.write(bytes, 0, cut);
      b.writeBytes(raw);
      b.write(bytes, cut, bytes.length - cut);
      bytes = b.toByteArray();
    }
    return new Variant(bytes, what.toString());
  }

  private static void replaceValue(List<String> lines, int at, String tok) {
    if (lines.isEmpty()) {
      lines.add(tok);
      return;
    }
    String l = lines.get(at);
    int colon = l.indexOf(": ");
    lines.set(at, colon < 0 ? l + " " + tok : l.substring(0, colon + 2) + tok);
  }

  /**
   * Makes every function of the first kernel a loop: its ops replaced by {@code ops} (with its own
   * name for %s), so the run never waits.
   */
  private static void replaceAllOps(List<String> lines, String ops) {
    String fn = null;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.matches("      [A-Za-z_][A-Za-z0-9_.-]*:\\s*")) {
        fn = l.strip().replace(":", "");
      } else if (fn != null && l.matches("        ops:\\s*")) {
        lines.set(i, l + "\n" + String.format(ops, fn));
        int j = i + 1;
        while (j < lines.size() && lines.get(j).startsWith("          ")) {
          lines.remove(j);
        }
        fn = null;
      }
    }
    // the marks are gone with the ops: so are the success mark and the expectations naming
    // them; one expectation stays, so check runs the loop
    boolean dropping = false;
    for (int i = 0; i < lines.size(); ) {
      String l = lines.get(i);
      if (l.startsWith("success:") || l.startsWith("expect:")) {
        dropping = l.startsWith("expect:");
        lines.remove(i);
        continue;
      }
      if (dropping && (l.startsWith(" ") || l.startsWith("-") || l.isBlank())) {
        lines.remove(i);
        continue;
      }
      dropping = false;
      i++;
    }
    lines.add("expect:\n  - { outcome: hang }");
  }

  private static int lead(String l) {
    int i = 0;
    while (i < l.length() && l.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  static String show(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    StringBuilder b = new StringBuilder("'");
    for (char c : t.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append("'").toString();
  }
}
