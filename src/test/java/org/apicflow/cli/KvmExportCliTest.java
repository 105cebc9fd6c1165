package org.apicflow.cli;

import static org.apicflow.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apicflow export} given a KVM trace file instead of a scenario, headless. */
class KvmExportCliTest {
  static final String REAL = "src/test/resources/kvm/real-seabios-ftrace.txt";

  @BeforeAll
  static void fx() throws Exception {
    org.testfx.api.FxToolkit.registerPrimaryStage();
  }

  @Test
  void aPngAtTheFirstIpiIsTheTraceWindow(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ipi.png");
    CliTest.Result r = run("export", REAL, "--at", "ipi", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    BufferedImage img = ExportCliTest.png(out);
    assertThat(img.getWidth()).isEqualTo(1280);
    assertThat(img.getHeight()).isEqualTo(800);
    assertThat(ExportCliTest.colours(img)).isGreaterThan(20);
    // the line number of the first IPI, counted here, is what the export names
    List<String> lines = Files.readAllLines(Path.of(REAL));
    long before = 0;
    for (String l : lines) {
      if (l.contains(" kvm_apic_ipi: ")) {
        break;
      }
      if (l.matches(".*\\s(kvm_[a-z_]+): .*")
          && ImportCliTest.READ.contains(l.replaceAll(".*\\s(kvm_[a-z_]+): .*", "$1"))) {
        before++;
      }
    }
    assertThat(r.out()).contains("event " + (before + 1) + " / ");
  }

  @Test
  void framesAtEveryIpiAndEoiAndAGifOfARange(@TempDir Path dir) throws Exception {
    Path frames = dir.resolve("frames");
    CliTest.Result r = run("export", REAL, "--all-marks", "--out", frames.toString());
    assertThat(r.code()).as(r.err()).isZero();
    long marks =
        Files.readAllLines(Path.of(REAL)).stream()
            .filter(l -> l.contains(" kvm_apic_ipi: ") || l.contains(" kvm_eoi: "))
            .count();
    try (Stream<Path> s = Files.list(frames)) {
      assertThat(s.count()).isEqualTo(marks);
    }
    Path gif = dir.resolve("a.gif");
    CliTest.Result g =
        run("export", REAL, "--format", "gif", "--range", "ipi..520", "--out", gif.toString());
    assertThat(g.code()).as(g.err()).isZero();
    assertThat(
            new String(Files.readAllBytes(gif), 0, 6, java.nio.charset.StandardCharsets.ISO_8859_1))
        .startsWith("GIF8");
  }

  @Test
  void jsonIsTheChromeTraceOfTheImport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("t.json");
    CliTest.Result r = run("export", REAL, "--format", "json", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(new File(out.toString()));
    assertThat(j.get("traceEvents").size()).isGreaterThan(100);
  }

  @Test
  void aMarkATraceDoesNotHaveIsOneLineAndExitTwo(@TempDir Path dir) {
    CliTest.Result r =
        run("export", REAL, "--at", "oops", "--out", dir.resolve("x.png").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--at: 'oops'").doesNotContain("Exception");
    assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
  }
}
