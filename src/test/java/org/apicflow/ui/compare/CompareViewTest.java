package org.apicflow.ui.compare;

import static org.apicflow.ui.compare.FxSupport.await;
import static org.apicflow.ui.compare.FxSupport.fx;
import static org.apicflow.ui.compare.FxSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.trace.Mark;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The compare view clicked through on the built-in pending-IPI scenario, headless. */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    vm.openInitial(List.of("pending-ipi"));
  }

  private CompareViewModel compare() {
    return window.views().compare();
  }

  /** Ctrl+2, then waits until every fix of the scenario has a panel. */
  private void openCompare(FxRobot robot) {
    await(() -> !vm.isBusy() && vm.getScenario() != null);
    FxSupport.snapshot(window.scene(), "single-pending-ipi");
    robot.clickOn("#status");
    robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
    await(
        () ->
            !compare().isBusy() && compare().panels().size() == vm.getScenario().fixNames().size());
  }

  private static String text(FxRobot robot, String id) {
    return robot.lookup("#" + id).queryAs(Label.class).getText();
  }

  @Test
  void pendingIpiEndsInOopsWithoutAFixAndOkWithBlockingAndClearPending(FxRobot robot) {
    openCompare(robot);
    assertThat(window.scene().getRoot().lookup("#compare-view")).isNotNull();
    assertThat(window.views().compareView().panels()).hasSize(5);
    assertThat(text(robot, "outcome-none")).isEqualTo("OOPS");
    assertThat(text(robot, "outcome-blocking")).isEqualTo("OK");
    assertThat(text(robot, "outcome-clear-pending")).isEqualTo("OK");
    assertThat(text(robot, "reason-none")).contains("NULL pointer");
    // the default anchor is where the runs start to differ
    // (clear-pending drains IRR in the crash path: the runs part at the NMI shootdown)
    assertThat(compare().getAnchor()).isEqualTo("nmi-shootdown");
    assertThat(text(robot, "compare-cursor")).isEqualTo("at nmi-shootdown");
    FxSupport.snapshot(window.scene(), "compare-pending-ipi-nmi-shootdown");

    // at the end every run has ended and says how
    robot.type(KeyCode.END);
    assertThat(text(robot, "ended-none")).startsWith("ended: oops at");
    assertThat(text(robot, "ended-blocking")).startsWith("ended: ok at");
    FxSupport.snapshot(window.scene(), "compare-pending-ipi-end");
  }

  @Test
  void movingTheAnchorToKexecPutsEveryPanelAtThatMark(FxRobot robot) {
    openCompare(robot);
    @SuppressWarnings("unchecked")
    ComboBox<String> anchor = robot.lookup("#anchor-picker").queryAs(ComboBox.class);
    assertThat(anchor.getItems()).contains("kexec");
    fx(() -> anchor.setValue("kexec"));
    assertThat(compare().getAnchor()).isEqualTo("kexec");
    assertThat(text(robot, "compare-cursor")).isEqualTo("at kexec");
    for (ComparePanel p : window.views().compareView().panels()) {
      int kexec = p.model().trace().firstMark("kexec").map(Mark::event).orElseThrow();
      assertThat(p.model().playback().getPosition()).as(p.model().fix()).isEqualTo(kexec + 1);
      assertThat(p.model().getEnded()).isEmpty();
    }
    FxSupport.snapshot(window.scene(), "compare-pending-ipi-kexec");

    // stepping moves every panel to the same offset from its own kexec
    robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT);
    assertThat(text(robot, "compare-cursor")).startsWith("kexec + ");
    Alignment a = compare().alignmentProperty().get();
    long offset = a.offset(compare().getCursor());
    for (ComparePanel p : window.views().compareView().panels()) {
      var t = p.model().trace();
      int pos = p.model().playback().getPosition();
      long kexecTime = t.firstMark("kexec").orElseThrow().time();
      // every event up to the offset is applied, none after it
      assertThat(t.time(pos - 1) - kexecTime).isLessThanOrEqualTo(offset);
      if (pos < t.size()) {
        assertThat(t.time(pos) - kexecTime).isGreaterThan(offset);
      }
    }
    robot.type(KeyCode.A);
    assertThat(text(robot, "compare-cursor")).isEqualTo("at kexec");
    fx(() -> vm.presenterProperty().set(true));
    FxSupport.snapshot(window.scene(), "compare-pending-ipi-kexec-presenter");
    fx(() -> vm.darkProperty().set(true));
    FxSupport.snapshot(window.scene(), "compare-pending-ipi-kexec-presenter-dark");
    fx(
        () -> {
          vm.darkProperty().set(false);
          vm.presenterProperty().set(false);
        });
  }

  @Test
  void aPanelShowsItsPatchAsADiffAgainstNone(FxRobot robot) {
    openCompare(robot);
    robot.clickOn("#patch-clear-pending");
    ComparePanel p = window.views().compareView().panel("clear-pending");
    assertThat(p.isPatchShown()).isTrue();
    List<String> lines =
        fxGet(
            () ->
                robot
                    .lookup("#patch-view-clear-pending .patch-added")
                    .queryAllAs(Label.class)
                    .stream()
                    .map(Label::getText)
                    .toList());
    assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("+ "));
    assertThat(robot.lookup("#patch-view-clear-pending .patch-function").queryAllAs(Label.class))
        .extracting(Label::getText)
        .anyMatch(t -> t.startsWith("first.machine_crash_shutdown"));
    FxSupport.snapshot(window.scene(), "compare-pending-ipi-patch");
  }

  @Test
  void aDoubleClickOpensThePanelsRunInTheSingleViewAtTheSameMoment(FxRobot robot) {
    openCompare(robot);
    robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT).type(KeyCode.RIGHT);
    ComparePanel p = window.views().compareView().panel("clear-pending");
    int at = p.model().playback().getPosition();
    robot.doubleClickOn(p.lookup(".compare-machine"));
    await(
        () ->
            !vm.isBusy()
                && vm.playback().getTrace().fix().equals("clear-pending")
                && vm.playback().getPosition() == at);
    assertThat(window.views().getMode()).isEqualTo(ViewSwitch.Mode.SINGLE);
  }

  @Test
  void theFixChoiceAndOrderSurviveASwitchOfScenario(FxRobot robot) {
    openCompare(robot);
    robot.clickOn("#fix-chooser");
    robot.clickOn("#choose-timeout");
    robot.clickOn("#up-clear-pending");
    robot.type(KeyCode.ESCAPE);
    assertThat(compare().panels())
        .extracting(ComparePanelModel::fix)
        .containsExactly("none", "blocking", "clear-pending", "eoi-only");
    fx(() -> vm.open(org.apicflow.ui.ScenarioChoice.builtIn("icr-busy-nmi")));
    await(
        () ->
            !vm.isBusy()
                && vm.getScenario().id().equals("icr-busy-nmi")
                && !compare().isBusy()
                && compare().getScenario() == vm.getScenario());
    // icr-busy-nmi has no eoi-only; timeout stays unticked, clear-pending before timeout's slot
    assertThat(compare().panels())
        .extracting(ComparePanelModel::fix)
        .containsExactly("none", "blocking", "clear-pending");
    assertThat(compare().choices())
        .extracting(FixChoice::name)
        .containsExactly("none", "blocking", "clear-pending", "timeout");
    assertThat(text(robot, "outcome-none")).isEqualTo("HANG");
    FxSupport.snapshot(window.scene(), "compare-icr-busy-nmi");

    // and back on: the stale ISR bit at the capture kernel's irq-enable, every fix ticked
    fx(
        () -> {
          compare().setSelected("timeout", true);
          vm.open(org.apicflow.ui.ScenarioChoice.builtIn("stale-isr-timer"));
        });
    await(
        () ->
            !vm.isBusy()
                && vm.getScenario().id().equals("stale-isr-timer")
                && !compare().isBusy()
                && compare().getScenario() == vm.getScenario());
    assertThat(compare().panels()).hasSize(5);
    fx(() -> compare().setAnchor("irq-enable"));
    assertThat(text(robot, "compare-cursor")).isEqualTo("at irq-enable");
    FxSupport.snapshot(window.scene(), "compare-stale-isr-timer-irq-enable");
  }
}
