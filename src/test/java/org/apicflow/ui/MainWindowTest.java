package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.machine.Outcome;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Trace;
import org.apicflow.ui.machine.VectorGrid;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The main flows clicked through, headless: open, step to the oops, scrub back, switch fix, load a
 * bad file, presenter mode. Runs the built-in pending-ipi scenario, picked in the scenario picker.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
  private static final int FB = 0xFB;
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    @SuppressWarnings("unchecked")
    ComboBox<ScenarioChoice> picker =
        (ComboBox<ScenarioChoice>) stage.getScene().lookup("#scenario-picker");
    picker.getSelectionModel().select(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  private Trace trace() {
    return vm.playback().getTrace();
  }

  private int markPosition(String name) {
    return trace().firstMark(name).map(Mark::event).orElseThrow() + 1;
  }

  private static VectorGrid grid(FxRobot robot, String id) {
    return robot.lookup("#" + id).queryAs(VectorGrid.class);
  }

  private static String badge(FxRobot robot, int cpu) {
    return robot.lookup("#badge-" + cpu).queryAs(Label.class).getText();
  }

  @Test
  void opensOnTheScenarioWithFixNoneAndTheCursorAtTheStart(FxRobot robot) {
    awaitLoaded(vm);
    assertThat(vm.getScenario().id()).isEqualTo(UiTestSupport.PENDING_IPI);
    assertThat(vm.choiceProperty().get().builtInId()).isEqualTo(UiTestSupport.PENDING_IPI);
    @SuppressWarnings("unchecked")
    ComboBox<ScenarioChoice> picker = robot.lookup("#scenario-picker").queryAs(ComboBox.class);
    assertThat(picker.getValue().builtInId()).isEqualTo(UiTestSupport.PENDING_IPI);
    assertThat(vm.getFix()).isEqualTo("none");
    assertThat(vm.playback().getPosition()).isZero();
    assertThat(robot.lookup("#fix-none").queryAs(ToggleButton.class).isSelected()).isTrue();
    // every fix of the built-in has its button, inside the window
    for (String fix : new String[] {"none", "blocking", "timeout", "clear-pending", "eoi-only"}) {
      ToggleButton b = robot.lookup("#fix-" + fix).queryAs(ToggleButton.class);
      var box = b.localToScene(b.getBoundsInLocal());
      assertThat(b.isVisible()).isTrue();
      assertThat(box.getMinX()).isGreaterThanOrEqualTo(0);
      assertThat(box.getMaxX()).isLessThanOrEqualTo(MainWindow.WIDTH);
    }
    // two CPUs; CPU 1 was never started (maxcpus=1)
    assertThat(robot.lookup(".cpu-card").queryAll()).hasSize(2);
    assertThat(badge(robot, 1)).isEqualTo("offline");
    assertThat(window.scene().getWidth()).isEqualTo(MainWindow.WIDTH);
    assertThat(window.scene().getHeight()).isEqualTo(MainWindow.HEIGHT);
  }

  @Test
  void steppingToTheOopsShowsTheIrrBitBeforeIrqEnableAndTheOopsBadgeAfter(FxRobot robot) {
    awaitLoaded(vm);
    int irqEnable = markPosition("irq-enable");
    robot.clickOn("#status");
    while (vm.playback().getPosition() < irqEnable) {
      robot.type(KeyCode.RIGHT);
    }
    assertThat(grid(robot, "irr-0").getBits().get(FB)).isTrue();
    assertThat(badge(robot, 0)).isEqualTo("IF=0 · IRQ pending");
    // The 2.6.14 crash path software-disabled the APIC (quirk soft-disabled-fixed=hold).
    assertThat(robot.lookup("#why-0").queryAs(Label.class).getText())
        .isEqualTo("0xFB held in IRR: APIC software-disabled (SVR bit 8 = 0)");

    while (vm.playback().getPosition() < markPosition("oops")) {
      robot.press(KeyCode.SHIFT).type(KeyCode.RIGHT).release(KeyCode.SHIFT);
    }
    assertThat(badge(robot, 0)).isEqualTo("OOPS");
    assertThat(grid(robot, "irr-0").getBits().get(FB)).isFalse();
    assertThat(grid(robot, "isr-0").getBits().get(FB)).isTrue();
  }

  @Test
  void scrubbingBackShowsTheSameStateAsSteppingDid(FxRobot robot) {
    awaitLoaded(vm);
    int irqEnable = markPosition("irq-enable");
    fx(() -> vm.playback().seek(irqEnable));
    String badgeThere = badge(robot, 0);
    var irrThere = grid(robot, "irr-0").getBits();
    assertThat(irrThere.get(FB)).isTrue();
    fx(() -> vm.playback().toEnd());
    assertThat(badge(robot, 0)).isEqualTo("OOPS");

    // drag the timeline cursor all the way back to the start
    TimelineCanvas canvas = window.timelineView().canvas();
    var b = canvas.localToScreen(canvas.getBoundsInLocal());
    robot
        .drag(b.getMaxX() - 12, b.getMinY() + b.getHeight() * 0.8)
        .moveTo(b.getMinX() + b.getWidth() * 0.5, b.getMinY() + b.getHeight() * 0.8)
        .moveTo(b.getMinX() + 60, b.getMinY() + b.getHeight() * 0.8)
        .drop();
    assertThat(vm.playback().getPosition()).isZero();
    assertThat(grid(robot, "irr-0").getBits().isEmpty()).isTrue();

    // and forward again by picking the irq-enable row of the event log
    @SuppressWarnings("unchecked")
    TableView<Integer> table = robot.lookup("#event-table").queryAs(TableView.class);
    fx(() -> table.getSelectionModel().clearAndSelect(irqEnable - 1));
    assertThat(vm.playback().getPosition()).isEqualTo(irqEnable);
    assertThat(badge(robot, 0)).isEqualTo(badgeThere);
    assertThat(grid(robot, "irr-0").getBits()).isEqualTo(irrThere);
  }

  @Test
  void playingReachesExactlyTheStateTheEndKeyShows(FxRobot robot) {
    awaitLoaded(vm);
    fx(() -> vm.playback().speedProperty().set(128));
    robot.clickOn("#status").type(KeyCode.SPACE);
    awaitCondition(() -> !vm.playback().playingProperty().get());
    assertThat(vm.playback().getPosition()).isEqualTo(trace().size());
    var played = vm.machine().getCards().get(0).getState();
    robot.type(KeyCode.HOME);
    assertThat(vm.playback().getPosition()).isZero();
    robot.type(KeyCode.END);
    assertThat(vm.machine().getCards().get(0).getState()).isEqualTo(played);
  }

  @Test
  void switchingTheFixToBlockingEndsTheRunWithTheDumpSaved(FxRobot robot) {
    awaitLoaded(vm);
    robot.clickOn("#fix-blocking");
    awaitCondition(() -> !vm.isBusy() && trace().fix().equals("blocking"));
    assertThat(robot.lookup("#fix-blocking").queryAs(ToggleButton.class).isSelected()).isTrue();
    robot.clickOn("#status").type(KeyCode.END);
    assertThat(trace().outcome().kind()).isEqualTo(Outcome.Kind.OK);
    Mark last = trace().marks().get(trace().marks().size() - 1);
    assertThat(last.name()).isEqualTo("vmcore-saved");
    assertThat(robot.lookup("#status").queryAs(Label.class).getText())
        .contains("after: " + last.label())
        .doesNotContain("vmcore-saved");
    assertThat(robot.lookup("#outcome").queryAs(Label.class).getText()).contains("ok");
    assertThat(badge(robot, 0)).isNotEqualTo("OOPS");
  }

  @Test
  void aBadFileShowsTheErrorWithItsLineAndKeepsTheScenario(FxRobot robot, @TempDir Path dir)
      throws Exception {
    awaitLoaded(vm);
    Trace before = trace();
    Path bad = dir.resolve("bad-op.yaml");
    Files.copy(UiTestSupport.scenario("bad-op.yaml"), bad);
    fx(() -> vm.openFile(bad));
    awaitCondition(() -> robot.lookup("#error-message").tryQuery().isPresent());
    String msg = robot.lookup("#error-message").queryAs(Label.class).getText();
    assertThat(msg).contains("bad-op.yaml:13:").contains("unknown op 'teleport'");
    assertThat(vm.getScenario().id()).isEqualTo(UiTestSupport.PENDING_IPI);
    assertThat(vm.choiceProperty().get().builtInId()).isEqualTo(UiTestSupport.PENDING_IPI);
    assertThat(trace()).isSameAs(before);
    Node dialog = robot.lookup("#error-dialog").query();
    fx(() -> dialog.getScene().getWindow().hide());
  }

  @Test
  void presenterModeEnlargesTheTypeAndHidesTheLog(FxRobot robot) {
    awaitLoaded(vm);
    Label narration = robot.lookup("#narration").queryAs(Label.class);
    double before = narration.getFont().getSize();
    assertThat(robot.lookup("#event-log").tryQuery()).isPresent();
    fx(() -> vm.playback().jumpToMark("irq-enable"));
    robot.clickOn("#status").type(KeyCode.F5);
    fxGet(
        () -> {
          narration.applyCss();
          return null;
        });
    assertThat(narration.getFont().getSize()).isGreaterThan(before * 1.3);
    assertThat(robot.lookup("#event-log").tryQuery()).isEmpty();
    UiTestSupport.snapshot(window.scene(), "presenter-irq-enable");
    robot.type(KeyCode.F5);
    assertThat(robot.lookup("#event-log").tryQuery()).isPresent();
  }
}
