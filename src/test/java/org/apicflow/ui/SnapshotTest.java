package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Writes PNGs of the window at three marks of the built-in pending-ipi run, and a few other views,
 * under target/snapshots/.
 */
@ExtendWith(ApplicationExtension.class)
class SnapshotTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  @Test
  void writesSnapshotsAtThreeMarks() throws IOException {
    awaitLoaded(vm);
    assertThat(vm.getScenario().id()).isEqualTo(UiTestSupport.PENDING_IPI);
    String[] marks = {"ipi-sent", "irq-enable", "oops"};
    for (int i = 0; i < marks.length; i++) {
      String m = marks[i];
      fx(() -> vm.playback().jumpToMark(m));
      File f = UiTestSupport.snapshot(window.scene(), String.format("%d-%s", i + 1, m));
      BufferedImage img = ImageIO.read(f);
      assertThat(img.getWidth()).isEqualTo((int) MainWindow.WIDTH);
      assertThat(img.getHeight()).isEqualTo((int) MainWindow.HEIGHT);
      assertThat(distinctColours(img)).isGreaterThan(50);
    }
  }

  @Test
  void writesDarkAndPresenterSnapshots() {
    awaitLoaded(vm);
    fx(
        () -> {
          vm.playback().jumpToMark("irq-enable");
          vm.darkProperty().set(true);
        });
    UiTestSupport.snapshot(window.scene(), "dark-irq-enable");
    fx(() -> vm.presenterProperty().set(true));
    UiTestSupport.snapshot(window.scene(), "dark-presenter-irq-enable");
    fx(
        () -> {
          vm.darkProperty().set(false);
          vm.presenterProperty().set(false);
        });
  }

  @Test
  void writesASnapshotOfTheStepAxisZoomedIn() {
    awaitLoaded(vm);
    fx(
        () -> {
          vm.timeline()
              .axisModeProperty()
              .set(org.apicflow.ui.timeline.TimelineViewModel.AxisMode.STEPS);
          vm.playback().jumpToMark("nmi-shootdown");
          vm.timeline().zoomAtCursor(0.5);
        });
    UiTestSupport.snapshot(window.scene(), "steps-axis-zoomed");
    assertThat(vm.timeline().viewEndProperty().get() - vm.timeline().viewStartProperty().get())
        .isLessThan(vm.timeline().length());
  }

  @Test
  void writesASnapshotOfTheBlockingFixInItsHandler() {
    awaitLoaded(vm);
    fx(() -> vm.selectFix("blocking"));
    UiTestSupport.awaitCondition(
        () -> !vm.isBusy() && vm.playback().getTrace().fix().equals("blocking"));
    fx(
        () -> {
          var t = vm.playback().getTrace();
          int entry = t.firstMark("isr-set").orElseThrow().event();
          vm.playback().seek(entry + 3);
        });
    UiTestSupport.snapshot(window.scene(), "blocking-handler");
    assertThat(vm.code().getState().patchedBy()).isEqualTo("blocking");
  }

  @Test
  void writesASnapshotOfSixtyFourCpus() {
    awaitLoaded(vm);
    fx(() -> vm.openFile(UiTestSupport.scenario("many-cpus.yaml")));
    UiTestSupport.awaitCondition(
        () -> !vm.isBusy() && vm.getScenario().id().equals("ui-many-cpus"));
    fx(
        () ->
            vm.playback()
                .seek(vm.playback().getTrace().firstMark("all-arrived").orElseThrow().event() + 2));
    UiTestSupport.snapshot(window.scene(), "many-cpus");
    // above sixteen CPUs: a chip per CPU in a strip, and the CPU the code pane shows in full
    assertThat(window.machineView().strip().chipCount()).isEqualTo(64);
    assertThat(window.machineView().cards()).hasSize(1);
  }

  @Test
  void writesASnapshotOfAnNmiWaitingAtItsTarget() {
    awaitLoaded(vm);
    fx(() -> vm.openFile(UiTestSupport.scenario("nmi-waits-test.yaml")));
    UiTestSupport.awaitCondition(
        () -> !vm.isBusy() && vm.getScenario().id().equals("ui-nmi-waits"));
    fx(() -> vm.playback().jumpToMark("stuck"));
    UiTestSupport.snapshot(window.scene(), "nmi-waits");
    assertThat(window.machineView().bus().getEnvelopes()).hasSize(1);
  }

  private static int distinctColours(BufferedImage img) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
