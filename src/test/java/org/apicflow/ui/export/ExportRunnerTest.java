package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancelled export leaves nothing behind, whole or in part. */
class ExportRunnerTest {
  static Scenario s;
  static Trace t;

  @BeforeAll
  static void simulate() throws Exception {
    // Start JavaFX the way the TestFX tests do, whichever test class runs first: started by
    // Platform.startup alone, TestFX's robot input does not reach later tests' windows.
    org.testfx.api.FxToolkit.registerPrimaryStage();
    s = Catalogue.load("pending-ipi");
    t = Simulator.run(s.program(Scenario.NONE));
  }

  static ExportSpec spec(ExportFormat f, List<Shot> shots, boolean perFrame, Path out) {
    return spec(f, shots, perFrame, out, ViewState.DEFAULT);
  }

  static ExportSpec spec(
      ExportFormat f, List<Shot> shots, boolean perFrame, Path out, ViewState view) {
    return new ExportSpec(
        ScenarioChoice.builtIn("pending-ipi"),
        s,
        Scenario.NONE,
        t,
        ExportView.CODE,
        f,
        shots,
        perFrame,
        1,
        out,
        false,
        false,
        false,
        view,
        ExportSpec.WINDOW_WIDTH,
        ExportSpec.WINDOW_HEIGHT);
  }

  /** Cancels once {@code after} frames are done. */
  static ExportProgress cancelAfter(int after) {
    return new ExportProgress() {
      int done;

      @Override
      public void update(int done, int total, String message) {
        this.done = done;
      }

      @Override
      public boolean isCancelled() {
        return done >= after;
      }
    };
  }

  static List<Path> all(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  @Test
  void theCodePaneFollowsTheCpuTheUserPinned(@TempDir Path dir) throws IOException {
    List<Shot> at = List.of(Shots.atMark(t, "panic")); // CPU 0's event: CPU 0 is shown
    Path following = dir.resolve("following.png");
    Path pinned = dir.resolve("pinned.png");
    ExportRunner.run(spec(ExportFormat.PNG, at, false, following), ExportProgress.NONE);
    ExportRunner.run(
        spec(ExportFormat.PNG, at, false, pinned, new ViewState(1, false, Double.NaN, Double.NaN)),
        ExportProgress.NONE);
    Path again = dir.resolve("again.png");
    ExportRunner.run(spec(ExportFormat.PNG, at, false, again), ExportProgress.NONE);
    assertThat(Files.mismatch(following, again)).as("the same export twice").isEqualTo(-1L);
    assertThat(Files.mismatch(following, pinned)).as("pinned CPU 1").isNotEqualTo(-1L);
  }

  @Test
  void cancelledFramesLeaveNoFileAndNoFolder(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("frames");
    ExportSpec spec = spec(ExportFormat.PNG, Shots.range(t, 0, 5), true, out);
    assertThatThrownBy(() -> ExportRunner.run(spec, cancelAfter(3)))
        .isInstanceOf(CancellationException.class);
    assertThat(all(dir)).isEmpty();
  }

  @Test
  void cancelledGifLeavesNoFile(@TempDir Path dir) throws IOException {
    ExportSpec spec = spec(ExportFormat.GIF, Shots.range(t, 0, 5), false, dir.resolve("a.gif"));
    assertThatThrownBy(() -> ExportRunner.run(spec, cancelAfter(2)))
        .isInstanceOf(CancellationException.class);
    assertThat(all(dir)).isEmpty();
  }

  @Test
  void framesIntoAnExistingFolderKeepWhatWasThere(@TempDir Path dir) throws IOException {
    Path mine = dir.resolve("notes.txt");
    Files.writeString(mine, "keep");
    ExportSpec spec = spec(ExportFormat.PNG, Shots.range(t, 0, 5), true, dir);
    assertThatThrownBy(() -> ExportRunner.run(spec, cancelAfter(1)))
        .isInstanceOf(CancellationException.class);
    assertThat(all(dir)).containsExactly(mine);
    ExportResult r = ExportRunner.run(spec, ExportProgress.NONE);
    assertThat(r.files()).hasSize(6).allSatisfy(p -> assertThat(p).exists());
    assertThat(all(dir)).hasSize(7);
  }
}
