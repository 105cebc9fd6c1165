package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dialog's model, with no FX thread. */
class ExportDialogModelTest {
  static Scenario s;
  static Trace t;

  @BeforeAll
  static void simulate() throws Exception {
    s = Catalogue.load("pending-ipi");
    t = Simulator.run(s.program("blocking"));
  }

  static ExportDialogModel model(Path dir, int position) {
    return new ExportDialogModel(
        new ExportDialogModel.Source(
            ScenarioChoice.builtIn("pending-ipi"),
            s,
            "blocking",
            t,
            position,
            false,
            false,
            ViewState.DEFAULT,
            1280,
            800),
        dir);
  }

  @Test
  void namesFollowTheChoicesUntilTheUserTypesOne(@TempDir Path dir) {
    int ipiSent = Shots.atMark(t, "ipi-sent").position();
    ExportDialogModel m = model(dir, ipiSent);
    assertThat(m.fileNameProperty().get()).isEqualTo("pending-ipi-blocking-007-ipi-sent.png");
    m.viewProperty().set(ExportView.MACHINE);
    m.scaleProperty().set(2);
    assertThat(m.fileNameProperty().get())
        .isEqualTo("pending-ipi-blocking-007-ipi-sent-machine@2x.png");
    m.kindProperty().set(ExportKind.ANIMATION);
    assertThat(m.fileNameProperty().get())
        .isEqualTo("pending-ipi-blocking-machine-0-" + t.size() + ".gif");
    m.fileNameProperty().set("mine.gif");
    m.kindProperty().set(ExportKind.CONTACT_SHEET);
    assertThat(m.fileNameProperty().get()).isEqualTo("mine.gif");
  }

  @Test
  void framesAtEveryMarkerAreTheKeyMomentsIntoAFolder(@TempDir Path dir) {
    ExportDialogModel m = model(dir, 0);
    m.kindProperty().set(ExportKind.FRAMES);
    ExportSpec spec = m.spec(false);
    assertThat(spec.oneFilePerFrame()).isTrue();
    assertThat(spec.out()).isEqualTo(dir.resolve("pending-ipi-blocking-frames"));
    assertThat(spec.shots()).isEqualTo(Shots.keyMoments(t));
    assertThat(m.summaryProperty().get()).startsWith(spec.shots().size() + " PNG files into ");
  }

  @Test
  void anAnimationIsAFramePerStepOfTheRange(@TempDir Path dir) {
    ExportDialogModel m = model(dir, 0);
    m.kindProperty().set(ExportKind.ANIMATION);
    m.fromProperty().set(10);
    m.toProperty().set(14);
    assertThat(m.spec(false).shots()).hasSize(5);
    assertThat(m.summaryProperty().get()).isEqualTo("5 frames, a frame per step, looping");
    m.fromProperty().set(20);
    assertThat(m.summaryProperty().get()).contains("bad range 20..14");
  }

  @Test
  void theSummarySaysWhenAFileWouldBeReplaced(@TempDir Path dir) throws IOException {
    ExportDialogModel m = model(dir, 0);
    m.kindProperty().set(ExportKind.TRACE_CSV);
    Files.writeString(dir.resolve(m.fileNameProperty().get()), "x");
    m.scaleProperty().set(2); // any change refreshes the summary
    assertThat(m.summaryProperty().get()).contains("1 file exists");
    assertThat(ExportRunner.existingTargets(m.spec(false))).hasSize(1);
  }
}
