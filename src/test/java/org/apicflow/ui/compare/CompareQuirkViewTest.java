package org.apicflow.ui.compare;

import static org.apicflow.ui.compare.FxSupport.await;
import static org.apicflow.ui.compare.FxSupport.fx;
import static org.apicflow.ui.compare.FxSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.apic.Quirk;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.MainWindow;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The compare view lining up the soft-disabled-fixed settings of pending-ipi ("P4 vs QEMU vs KVM"),
 * reached from the keyboard: panel titles, outcomes, and the anchor as one vertical line through
 * every strip.
 */
@ExtendWith(ApplicationExtension.class)
class CompareQuirkViewTest {
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

  private static String text(FxRobot robot, String id) {
    return robot.lookup("#" + id).queryAs(Label.class).getText();
  }

  @Test
  void theSoftDisableSettingsLineUpOnOneAnchorLine(FxRobot robot) {
    await(() -> !vm.isBusy() && vm.getScenario() != null);
    robot.clickOn("#status");
    robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
    await(() -> !compare().isBusy() && !compare().panels().isEmpty());
    fx(
        () -> {
          for (FixChoice c : compare().choices()) {
            compare().setSelected(c.name(), c.name().equals(Scenario.NONE));
          }
        });
    // Q opens the quirk drop-down; its items are menu items, so the keys work in it
    robot.type(KeyCode.Q);
    await(() -> window.views().compareView().quirkChooser().isShowing());
    robot.clickOn("#lineup-soft-disabled-fixed");
    Quirk q = Quirk.SOFT_DISABLED_FIXED;
    await(() -> !compare().isBusy() && compare().panels().size() == q.options().size());

    Scenario s = vm.getScenario();
    for (Quirk.Option o : q.options()) {
      String key = Scenario.NONE + "-" + o.name();
      Trace own = Simulator.run(s.withQuirks(s.quirks().with(q, o.name())).program(Scenario.NONE));
      assertThat(text(robot, "outcome-" + key))
          .isEqualTo(own.outcome().kind().word().toUpperCase(Locale.ROOT));
      assertThat(text(robot, "reason-" + key))
          .isEqualTo(ComparePanelModel.shortReason(own.outcome()));
      assertThat(text(robot, "fix-title-" + key)).startsWith(o.label()).contains(q.key());
      ComparePanel p = window.views().compareView().panel(key);
      assertThat(fxGet(() -> ((Label) p.lookup(".compare-fix")).getText())).isEqualTo(o.name());
    }

    // one anchor line: at the same x in the window through every strip, through each run's
    // own anchor mark
    String anchor = compare().getAnchor();
    Double x0 = null;
    for (ComparePanel p : window.views().compareView().panels()) {
      TimelineCanvas strip = p.strip();
      long at = p.model().trace().firstMark(anchor).orElseThrow().time();
      double[] xs =
          fxGet(
              () -> {
                Point2D line = strip.localToScene(strip.anchorX(), 0);
                Point2D mark = strip.localToScene(strip.xOfTime(at), 0);
                return new double[] {line.getX(), mark.getX()};
              });
      assertThat(xs[0]).as(p.model().key()).isNotNaN();
      assertThat(xs[1]).as(p.model().key()).isCloseTo(xs[0], within(0.5));
      if (x0 == null) {
        x0 = xs[0];
      } else {
        assertThat(xs[0]).as(p.model().key()).isCloseTo(x0, within(0.5));
      }
    }

    // where the runs part, some panel says what differs there
    List<String> differs =
        fxGet(
            () ->
                window.views().compareView().panels().stream()
                    .flatMap(p -> p.cards().stream())
                    .map(MiniCpuCard::differsText)
                    .filter(t -> !t.isEmpty())
                    .toList());
    assertThat(differs).isNotEmpty();
    FxSupport.snapshot(window.scene(), "compare-quirk-pending-ipi");

    // the export dialog opened from here draws this grid, with these settings
    org.apicflow.ui.export.ExportDialog d =
        fxGet(
            () ->
                org.apicflow.ui.export.ExportAction.open(
                    vm, window.scene(), org.apicflow.ui.export.ExportKind.PICTURE));
    assertThat(d.model().viewProperty().get()).isEqualTo(org.apicflow.ui.export.ExportView.COMPARE);
    org.apicflow.ui.export.ExportSpec spec = fxGet(() -> d.model().spec(true));
    assertThat(spec.lineup().quirk()).isEqualTo(q);
    assertThat(spec.lineup().options())
        .containsExactlyElementsOf(q.options().stream().map(Quirk.Option::name).toList());
    fx(() -> d.stage().close());

    // the line-up is remembered like the fixes: away and back, it is still there
    robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT1).release(KeyCode.CONTROL);
    robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
    await(() -> !compare().isBusy());
    assertThat(compare().getLineup()).isEqualTo(q);
    assertThat(compare().panels()).hasSize(q.options().size());
  }
}
