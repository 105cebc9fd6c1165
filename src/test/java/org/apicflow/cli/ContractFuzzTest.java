package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apicflow.scenario.Catalogue;
import org.apicflow.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's contract under mutated input: every variant of the built-ins, through {@code
 * check}, {@code run} or {@code export}, exits 0, 1 or 2; bad input exits 2 with one line on stderr
 * naming file:line:col or the limit reached; never a stack trace, never a file left behind by a
 * failed export, never a line that repeats a huge value.
 *
 * <p>Seeded: 300 variants by default, {@code -Dapicflow.fuzz.variants=N} for more and {@code
 * -Dapicflow.seed=S} for others. The counts per exit code are printed at the end and written to
 * {@code target/fuzz-summary.txt}.
 */
class ContractFuzzTest {
  static final String VARIANTS_PROPERTY = "apicflow.fuzz.variants";

  /** A scenario problem: file:line:col: ... */
  static final Pattern WHERE = Pattern.compile("^apicflow: .*\\.yaml:\\d+:\\d+: .+");

  /** A limit: names the option that raises it. */
  static final Pattern LIMIT = Pattern.compile("^apicflow: .*limit.*--max-[a-z-]+ raises it.*");

  /** An export refused before writing (too big, bad path). */
  static final Pattern EXPORT = Pattern.compile("^apicflow: (export: |--out: ).+");

  record Outcome(int code, String out, String err) {}

  static Outcome cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ApicflowCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void everyMutatedScenarioKeepsTheContract(@TempDir Path dir) throws IOException {
    List<String> texts = new ArrayList<>();
    for (String id : Catalogue.ids()) {
      texts.add(Catalogue.text(id));
    }
    texts.add(Files.readString(Path.of(CliTest.SELF_IPI)));
    int variants = Seeds.tries(VARIANTS_PROPERTY, 300);
    long base = Seeds.base();
    Map<String, Integer> counts = new TreeMap<>();
    List<String> breaks = new ArrayList<>();
    List<String> slowest = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < variants; i++) {
      long seed = base + i;
      SplittableRandom r = new SplittableRandom(seed);
      ScenarioMutator.Variant v =
          ScenarioMutator.mutate(Seeds.oneOf(r, texts.toArray(new String[0])), r);
      Path work = Files.createDirectory(dir.resolve("v" + i));
      Path file = work.resolve("variant.yaml");
      Files.write(file, v.bytes());
      Path outDir = Files.createDirectory(work.resolve("out"));
      String[] args = command(r, file, outDir);
      long t0 = System.nanoTime();
      Outcome o = cli(args);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      slowest.add(ms + " ms: " + v.what() + "; " + args[0]);
      slowest.sort(java.util.Comparator.comparingLong(x -> -Long.parseLong(x.split(" ")[0])));
      if (slowest.size() > 5) {
        slowest.remove(5);
      }
      String broken = contract(o, args, outDir);
      String cls = broken == null ? "exit " + o.code() + kind(o) : "contract broken";
      counts.merge(cls, 1, Integer::sum);
      if (broken != null && breaks.size() < 20) {
        breaks.add(
            "seed "
                + seed
                + " ("
                + v.what()
                + "; "
                + String.join(" ", args).replace(work.toString(), "")
                + "): "
                + broken);
      }
      deleteTree(work);
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    String summary =
        "contract fuzz: "
            + variants
            + " variants from seed "
            + base
            + " in "
            + seconds
            + " s: "
            + counts;
    System.out.println(summary);
    System.out.println("slowest: " + String.join(" | ", slowest));
    Files.writeString(
        Path.of("target", "fuzz-summary.txt"), summary + "\n" + String.join("\n", breaks) + "\n");
    assertThat(breaks).as(summary).isEmpty();
  }

  /** check (most), run, or export to JSON or CSV. */
  static String[] command(SplittableRandom r, Path file, Path outDir) {
    String f = file.toString();
    return switch (Seeds.weighted(r, 14, 3, 3)) {
      case 0 ->
          r.nextInt(5) == 0 ? new String[] {"check", f, "pending-ipi"} : new String[] {"check", f};
      case 1 -> r.nextBoolean() ? new String[] {"run", f} : new String[] {"run", f, "--json"};
      default -> {
        String fmt = Seeds.oneOf(r, "json", "csv");
        yield new String[] {
          "export", f, "--format", fmt, "--out", outDir.resolve("trace." + fmt).toString()
        };
      }
    };
  }

  /** For exit 2: which kind of line it printed. */
  static String kind(Outcome o) {
    if (o.code() != 2) {
      return "";
    }
    String line = o.err().strip();
    if (LIMIT.matcher(line).matches()) {
      return " (limit)";
    }
    return WHERE.matcher(line).matches() ? " (file:line:col)" : " (export)";
  }

  /** Words of the YAML library or of Java that must not reach the user. */
  static final Pattern LEAK =
      Pattern.compile(
          "org\\.snakeyaml|Optional\\[|\\{major=|Version\\{|Node\\(|Tag\\{|@[0-9a-f]{6,}");

  /** What broke, or null when the contract held. */
  static String contract(Outcome o, String[] args, Path outDir) throws IOException {
    if (o.code() != 0 && o.code() != 1 && o.code() != 2) {
      return "exit " + o.code() + ": " + firstLine(o.err());
    }
    String both = o.out() + o.err();
    if (both.contains("\tat ") || both.contains("Exception") || both.contains("java.lang.")) {
      return "a stack trace or exception text: " + firstLine(o.err());
    }
    if (LEAK.matcher(o.err()).find()) {
      return "library or Java words: " + firstLine(o.err());
    }
    List<String> errLines = o.err().lines().filter(l -> !l.isBlank()).toList();
    if (o.code() == 2) {
      if (errLines.size() != 1) {
        return errLines.size() + " lines on stderr: " + o.err();
      }
      String line = errLines.get(0);
      boolean export = args[0].equals("export");
      if (!WHERE.matcher(line).matches()
          && !LIMIT.matcher(line).matches()
          && !(export && EXPORT.matcher(line).matches())) {
        return "not file:line:col nor a limit: " + line;
      }
      if (line.length() > 600) {
        return "a line of " + line.length() + " characters";
      }
    } else if (!errLines.isEmpty()) {
      return "exit " + o.code() + " with stderr: " + firstLine(o.err());
    }
    try (Stream<Path> left = Files.list(outDir)) {
      List<String> names = left.map(p -> p.getFileName().toString()).toList();
      if (names.stream().anyMatch(n -> n.startsWith(".") || n.endsWith(".part"))) {
        return "a temporary file left behind: " + names;
      }
      if (o.code() != 0 && !names.isEmpty()) {
        return "a failed export left " + names;
      }
      if (o.code() == 0 && args[0].equals("export") && names.size() != 1) {
        return "an export that succeeded wrote " + names;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    String l = s.lines().findFirst().orElse("");
    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> all = Files.walk(p)) {
      for (Path q : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
