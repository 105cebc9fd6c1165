package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apicflow.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Exports never replace what is not a file, ask before a huge file and leave nothing behind. */
class ExportRobustnessTest {
  /** A loop that waits 10 ns a turn until the 100 us horizon: about 20,000 events. */
  static final String BUSY =
      """
      format: apicflow/1
      id: busy
      machine: { cpus: 1, horizon: 100us }
      kernels:
        first:
          vars: { n: 0 }
          start: { cpu0: tick }
          functions:
            tick:
              ops:
                - { op: add, var: n, value: 1 }
                - { op: delay, time: 10ns }
                - { op: call, fn: tick }
      """;

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aDeviceIsNeverReplacedEvenWithOverwrite() {
    Result r =
        CliTest.run(
            "export", "pending-ipi", "--format", "json", "--out", "/dev/null", "--overwrite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "apicflow: export: /dev/null is not a regular file (a device, FIFO, socket or link);"
                + " an export replaces only files"
                + System.lineSeparator());
    assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aFifoIsNeverReplaced(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("out.csv");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Result r =
        CliTest.run(
            "export", "pending-ipi", "--format", "csv", "--out", fifo.toString(), "--overwrite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is not a regular file").hasLineCount(1);
    assertThat(Files.exists(fifo)).isTrue();
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(names(dir)).containsExactly("out.csv");
  }

  @Test
  void anExportEstimatedAboveAGigabyteNeedsForce(@TempDir Path dir) throws IOException {
    Path s = dir.resolve("busy.yaml");
    Files.writeString(s, BUSY);
    Path out = dir.resolve("busy.gif");
    Result r =
        CliTest.run(
            "export", s.toString(), "--format", "gif", "--scale", "3", "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("apicflow: export: this export would write about ")
        .contains("more than the 1 GB written without asking; --force writes it")
        .hasLineCount(1);
    assertThat(names(dir)).containsExactly("busy.yaml");
    // the trace of the same run is small: no question asked
    Result json =
        CliTest.run("export", s.toString(), "--format", "json", "--out", dir + "/busy.json");
    assertThat(json.code()).as(json.err()).isZero();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aFolderThatTakesNoFileIsNamedWithTheReason() {
    Result r = CliTest.run("export", "pending-ipi", "--format", "json", "--out", "/proc/x.json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "apicflow: --out: cannot write /proc/x.json: the folder /proc takes no new file:")
        .doesNotContain(".part")
        .hasLineCount(1);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void stoppingAnExportWithSigtermRemovesItsTemporaryFile(@TempDir Path dir) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx384m",
            "-cp",
            System.getProperty("java.class.path"),
            Launcher.class.getName(),
            "export",
            "icr-busy-nmi",
            "--format",
            "gif",
            "--out",
            dir.resolve("run.gif").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("APICFLOW_HEADLESS", "1");
    pb.redirectOutput(dir.resolve("log.txt").toFile());
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (names(dir).stream().noneMatch(n -> n.endsWith(".part"))) {
        assertThat(p.isAlive()).as("the export ended before it was stopped").isTrue();
        assertThat(System.nanoTime()).as("no temporary file in 120 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      p.destroy(); // SIGTERM, as from kill or a closing terminal
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(names(dir)).containsExactly("log.txt");
  }
}
