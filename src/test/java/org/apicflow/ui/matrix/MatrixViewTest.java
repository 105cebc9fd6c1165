package org.apicflow.ui.matrix;

import static org.apicflow.ui.compare.FxSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.MainWindow;
import org.apicflow.ui.compare.FxSupport;
import org.apicflow.ui.compare.ViewSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The outcome matrix, read from its rendered cells, and a cell opened in the single view. */
@ExtendWith(ApplicationExtension.class)
class MatrixViewTest {
  /** DOMAIN.md section 5: scenario, fix, outcome. */
  private static final String[][] EXPECTED = {
    {"pending-ipi", "none", "oops"},
    {"pending-ipi", "blocking", "ok"},
    {"pending-ipi", "timeout", "oops"},
    {"pending-ipi", "clear-pending", "ok"},
    {"pending-ipi", "eoi-only", "oops"},
    {"icr-busy-nmi", "none", "hang"},
    {"icr-busy-nmi", "blocking", "hang"},
    {"icr-busy-nmi", "timeout", "ok"},
    {"icr-busy-nmi", "clear-pending", "hang"},
    {"stale-isr-timer", "none", "hang"},
    {"stale-isr-timer", "blocking", "hang"},
    {"stale-isr-timer", "timeout", "hang"},
    {"stale-isr-timer", "clear-pending", "ok"},
    {"stale-isr-timer", "eoi-only", "ok"},
  };

  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    vm.openInitial(List.of("pending-ipi"));
  }

  private void openMatrix(FxRobot robot) {
    await(() -> !vm.isBusy() && vm.getScenario() != null);
    robot.clickOn("#view-matrix");
    await(() -> window.views().matrix().getTable() != null && !window.views().matrix().isBusy());
  }

  @Test
  void theMatrixShowsTheOutcomesOfDomainSectionFive(FxRobot robot) {
    openMatrix(robot);
    MatrixView view = window.views().matrixView();
    for (String[] e : EXPECTED) {
      MatrixView.MatrixCell cell = view.cell(e[0], e[1]);
      assertThat(cell.shownWord().toLowerCase(Locale.ROOT)).as(e[0] + " x " + e[1]).isEqualTo(e[2]);
      assertThat(cell.getStyleClass()).contains("result-" + e[2]);
    }
    assertThat(view.cell("icr-busy-nmi", "eoi-only").shownWord()).isEqualTo("\u2014");
    FxSupport.snapshot(window.scene(), "matrix");
    FxSupport.fx(() -> vm.presenterProperty().set(true));
    FxSupport.snapshot(window.scene(), "matrix-presenter");
    FxSupport.fx(() -> vm.presenterProperty().set(false));
  }

  @Test
  void clickingACellOpensThatRunInTheSingleView(FxRobot robot) {
    openMatrix(robot);
    robot.clickOn("#cell-stale-isr-timer-eoi-only");
    await(
        () ->
            !vm.isBusy()
                && vm.getScenario().id().equals("stale-isr-timer")
                && vm.getFix().equals("eoi-only")
                && vm.playback().getTrace().fix().equals("eoi-only"));
    assertThat(window.views().getMode()).isEqualTo(ViewSwitch.Mode.SINGLE);
    assertThat(vm.playback().getTrace().outcome().kind().word()).isEqualTo("ok");
  }

  @Test
  void aScenarioOpenedFromAFileGetsItsOwnRow(FxRobot robot) throws Exception {
    await(() -> !vm.isBusy() && vm.getScenario() != null);
    java.nio.file.Path file =
        java.nio.file.Path.of(getClass().getResource("/ui/pending-ipi-test.yaml").toURI());
    FxSupport.fx(() -> vm.openFile(file));
    await(() -> !vm.isBusy() && vm.getScenario().id().equals("ui-pending-ipi"));
    openMatrix(robot);
    await(
        () ->
            window.views().matrix().getTable().rows().stream()
                .anyMatch(r -> r.id().equals("ui-pending-ipi")));
    MatrixView view = window.views().matrixView();
    assertThat(view.cell("ui-pending-ipi", "none").shownWord()).isEqualTo("OOPS");
    assertThat(view.cell("ui-pending-ipi", "blocking").shownWord()).isEqualTo("OK");
    // the file's row comes after every built-in: scroll down to it
    FxSupport.fx(
        () -> {
          javafx.scene.Node n = view.cell("ui-pending-ipi", "blocking");
          while (n != null && !(n instanceof javafx.scene.control.ScrollPane)) {
            n = n.getParent();
          }
          if (n != null) {
            ((javafx.scene.control.ScrollPane) n).setVvalue(1.0);
          }
        });
    robot.clickOn("#cell-ui-pending-ipi-blocking");
    await(
        () ->
            !vm.isBusy()
                && vm.getScenario().id().equals("ui-pending-ipi")
                && vm.playback().getTrace().fix().equals("blocking"));
  }

  @Test
  void aFileCopyOfABuiltInGetsARowBesideIt(
      FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    await(() -> !vm.isBusy() && vm.getScenario() != null);
    java.nio.file.Path copy = dir.resolve("my-pending-ipi.yaml");
    java.nio.file.Files.writeString(copy, org.apicflow.scenario.Catalogue.text("pending-ipi"));
    FxSupport.fx(() -> vm.openFile(copy));
    await(() -> !vm.isBusy() && vm.choiceProperty().get().file().isPresent());
    openMatrix(robot);
    await(
        () ->
            window.views().matrix().getTable().rows().stream()
                .anyMatch(r -> r.id().equals("pending-ipi@file")));
    MatrixView view = window.views().matrixView();
    assertThat(view.cell("pending-ipi", "none").shownWord()).isEqualTo("OOPS");
    assertThat(view.cell("pending-ipi@file", "clear-pending").shownWord()).isEqualTo("OK");
    assertThat(view.cell("pending-ipi@file", "none").getPseudoClassStates())
        .extracting(Object::toString)
        .contains("current");
  }

  @Test
  void enterOnTheFocusedCellOpensIt(FxRobot robot) {
    openMatrix(robot);
    robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
    // the focus starts on the open run's cell (pending-ipi x none); Down, Right: icr-busy-nmi x
    // blocking
    FxSupport.fx(() -> window.views().matrixView().focusCurrent());
    assertThat(window.views().matrixView().cell("pending-ipi", "none").isFocused()).isTrue();
    robot.type(KeyCode.DOWN).type(KeyCode.RIGHT).type(KeyCode.ENTER);
    await(
        () ->
            !vm.isBusy()
                && vm.getScenario().id().equals("icr-busy-nmi")
                && vm.getFix().equals("blocking")
                && vm.playback().getTrace().fix().equals("blocking"));
  }
}
