package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs that used to exhaust the heap, in a JVM of its own with a 384 MB heap: 255 CPUs
 * broadcasting fixed IPIs, 255 CPUs broadcasting NMIs, 255 CPUs nesting self-IPIs in their
 * handlers, a call cycle and a recording loop that never wait. Each stops at a limit with exit 2
 * and one line naming it; none runs out of memory, none stops the others.
 */
class StormStressTest {
  static final String HEAP = "-Xmx384m";

  /** The longest the child JVM may take before the test calls it a hang. */
  static final long TIMEOUT_MINUTES = 6;

  record Result(int code, String out, String err) {}

  static String scenario(String id, int cpus, List<String> main, List<String> handler) {
    StringBuilder y = new StringBuilder();
    y.append("format: apicflow/1\nid: ").append(id).append('\n');
    y.append("machine:\n  cpus: ").append(cpus).append("\n  horizon: 1s\n");
    y.append("kernels:\n  first:\n    vars: { n: 0 }\n");
    y.append("    handlers: { 0x40: handler, nmi: on_nmi }\n    start: { ");
    for (int c = 0; c < cpus; c++) {
      y.append(c == 0 ? "" : ", ").append("cpu").append(c).append(": storm");
    }
    y.append(" }\n    functions:\n      storm:\n        ops:\n");
    main.forEach(op -> y.append("          - ").append(op).append('\n'));
    y.append("      handler:\n        ops:\n");
    handler.forEach(op -> y.append("          - ").append(op).append('\n'));
    y.append("      on_nmi:\n        ops:\n          - { op: iret }\n");
    y.append("expect:\n  - { outcome: hang }\n");
    return y.toString();
  }

  static final String EOI_IRET = "{ op: eoi }";

  static List<Path> storms(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(
        write(
            dir,
            "fixed-storm",
            scenario(
                "fixed-storm",
                255,
                List.of(
                    "{ op: sti }",
                    "{ op: send-ipi, vector: 0x40, shorthand: all }",
                    "{ op: call, fn: storm }"),
                List.of(EOI_IRET, "{ op: iret }"))));
    out.add(
        write(
            dir,
            "nmi-storm",
            scenario(
                "nmi-storm",
                255,
                List.of(
                    "{ op: sti }",
                    "{ op: send-ipi, mode: nmi, shorthand: others }",
                    "{ op: call, fn: storm }"),
                List.of(EOI_IRET, "{ op: iret }"))));
    out.add(
        write(
            dir,
            "nested-self-ipi",
            scenario(
                "nested-self-ipi",
                255,
                List.of(
                    "{ op: sti }",
                    "{ op: send-ipi, vector: 0x40, shorthand: self }",
                    "{ op: call, fn: storm }"),
                List.of(
                    "{ op: sti }",
                    "{ op: send-ipi, vector: 0x40, shorthand: self }",
                    "{ op: add, var: n, value: 1 }",
                    EOI_IRET,
                    "{ op: iret }"))));
    out.add(
        write(
            dir,
            "call-cycle",
            scenario(
                "call-cycle",
                2,
                List.of("{ op: add, var: n, value: 1 }", "{ op: call, fn: storm }"),
                List.of("{ op: iret }"))));
    out.add(
        write(
            dir,
            "record-loop",
            scenario(
                "record-loop",
                2,
                List.of("{ op: record, value: 1 }", "{ op: call, fn: storm }"),
                List.of("{ op: iret }"))));
    return out;
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, text);
    return p;
  }

  /** Runs the command line in a new JVM with a 384 MB heap. */
  static Result fork(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(HEAP);
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Launcher.class.getName());
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "no answer in " + TIMEOUT_MINUTES + " minutes: " + cmd.subList(6, cmd.size()));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void everyStormStopsAtALimitUnder384MbAndNoneStopsTheOthers(@TempDir Path dir)
      throws IOException, InterruptedException {
    List<Path> files = storms(dir);
    List<String> args = new ArrayList<>(List.of("check"));
    files.forEach(f -> args.add(f.getFileName().toString()));
    Result r = fork(dir, args.toArray(new String[0]));

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("\tat ", "Exception", "OutOfMemory", "internal error");
    List<String> lines = r.err().lines().toList();
    assertThat(lines).as(r.err()).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      assertThat(lines.get(i))
          .as("one line per storm, in order")
          .startsWith("apicflow: " + files.get(i).getFileName() + ": the run (fix none) ")
          .matches(ContractFuzzTest.LIMIT.pattern());
    }
    assertThat(r.out().strip()).endsWith("0 passed, 0 failed");
  }

  @Test
  void aRunAllowedMoreEventsStopsAtTheMemoryLimitInstead(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path storm = storms(dir).get(0);
    Result r = fork(dir, "run", "--max-events", "100000000", storm.getFileName().toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip())
        .matches(
            "apicflow: the run \\(fix none\\) needs more than [0-9,]+ MB of memory, the limit for"
                + " one run; --max-memory raises it");
    assertThat(r.out()).isEmpty();
  }
}
