package org.apicflow.cli;

import static org.apicflow.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.apicflow.apic.Quirk;
import org.apicflow.cli.CliTest.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --compare-quirk NAME[=V1,V2,...]}: the compare grid of quirk settings. */
class CompareQuirkCliTest {
  @BeforeAll
  static void fx() throws Exception {
    org.testfx.api.FxToolkit.registerPrimaryStage();
  }

  @Test
  void theSoftDisableSettingsOfPendingIpiAreDrawnAsATileEach(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("p4-qemu-kvm.png");
    Result r =
        run(
            "export",
            "pending-ipi",
            "--compare-quirk",
            "soft-disabled-fixed=hold,drop,deliver",
            "--at",
            "panic",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote");
    BufferedImage img = ExportCliTest.png(out);
    // three settings: one row of three tiles, the strips under them
    assertThat(img.getWidth()).isGreaterThan(3 * 700);
    assertThat(img.getHeight()).isGreaterThan(600);
    assertThat(ExportCliTest.colours(img)).isGreaterThan(50);
  }

  @Test
  void aQuirkWithoutValuesLinesUpEveryOneOfItsSettings(@TempDir Path dir) throws IOException {
    Path two = dir.resolve("two.png");
    Path all = dir.resolve("all.png");
    assertThat(
            run(
                    "export",
                    "pending-ipi",
                    "--compare-quirk",
                    "icr-busy-until-accepted=false,true",
                    "--view",
                    "compare",
                    "--out",
                    two.toString())
                .code())
        .isZero();
    assertThat(
            run(
                    "export",
                    "pending-ipi",
                    "--compare-quirk",
                    "soft-disabled-fixed",
                    "--out",
                    all.toString())
                .code())
        .isZero();
    // columns: as many tiles a row as settings, up to three
    int perTile = ExportCliTest.png(two).getWidth() / 2;
    assertThat(ExportCliTest.png(all).getWidth())
        .isGreaterThan(perTile * Quirk.SOFT_DISABLED_FIXED.options().size() - 100);
  }

  @Test
  void aBadLineupIsOneLineNamingTheArgumentAndExitTwo(@TempDir Path dir) {
    String png = dir.resolve("x.png").toString();
    String[][] cases = {
      {"nonsense=a,b", "--compare-quirk: no quirk 'nonsense'"},
      {"soft-disabled-fixed=hold,maybe", "has no option 'maybe' (hold | drop | deliver)"},
      {"soft-disabled-fixed=hold,hold", "'hold' is listed twice"},
      {"soft-disabled-fixed=hold,", "has an empty setting"},
    };
    for (String[] c : cases) {
      Result r = run("export", "pending-ipi", "--compare-quirk", c[0], "--out", png);
      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).contains("--compare-quirk").contains(c[1]).doesNotContain("Exception");
    }
    Result view =
        run(
            "export",
            "pending-ipi",
            "--compare-quirk",
            "soft-disabled-fixed",
            "--view",
            "machine",
            "--out",
            png);
    assertThat(view.code()).isEqualTo(2);
    assertThat(view.err().strip().lines()).hasSize(1);
    assertThat(view.err()).contains("--compare-quirk").contains("--view compare");
    Result json =
        run(
            "export",
            "pending-ipi",
            "--compare-quirk",
            "soft-disabled-fixed",
            "--format",
            "json",
            "--out",
            dir.resolve("x.json").toString());
    assertThat(json.code()).isEqualTo(2);
    assertThat(json.err()).contains("--compare-quirk").contains("png or gif");
    // a scenario file's name leads its own errors, the argument is named for the line-up
    Result file =
        run(
            "export",
            dir.resolve("missing.yaml").toString(),
            "--compare-quirk",
            "soft-disabled-fixed",
            "--out",
            png);
    assertThat(file.code()).isEqualTo(2);
    assertThat(file.err()).contains("missing.yaml");
    assertThat(dir.toFile().list()).isEmpty();
  }
}
