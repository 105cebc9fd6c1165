package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.apicflow.apic.Quirk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Machine panel (Ctrl+M): the quirks in effect for the open run, and flipping one re-simulates
 * it, marked as changed. Runs the built-in pending-ipi.
 */
@ExtendWith(ApplicationExtension.class)
class MachinePanelTest {
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

  private static Stage panelStage() {
    for (Window w : Window.getWindows()) {
      if (w instanceof Stage s
          && s.getScene() != null
          && s.getScene().lookup("#machine-panel") != null) {
        return s;
      }
    }
    return null;
  }

  @Test
  void ctrlMOpensThePanelWithEveryQuirkAndFlippingOneReRunsMarkedAsChanged(FxRobot robot) {
    awaitLoaded(vm);
    robot.clickOn("#status");
    robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
    awaitCondition(() -> panelStage() != null && panelStage().isShowing());
    Stage panel = panelStage();
    for (Quirk q : Quirk.values()) {
      ToggleButton b =
          (ToggleButton) panel.getScene().lookup("#quirk-" + q.key() + "-" + q.defaultOption());
      assertThat(b).as(q.key()).isNotNull();
      assertThat(b.isSelected()).isTrue();
    }
    assertThat(panel.getTitle()).isEqualTo("Machine — pending-ipi");
    assertThat(vm.quirksChangedProperty().get()).isFalse();
    assertThat(vm.statusProperty().get()).doesNotContain("quirks changed");

    robot.clickOn(panel.getScene().lookup("#quirk-soft-disabled-fixed-deliver"));
    awaitLoaded(vm);
    awaitCondition(() -> vm.quirksChangedProperty().get());
    assertThat(vm.statusProperty().get()).startsWith("quirks changed: soft-disabled-fixed=deliver");
    assertThat(robot.lookup("#machine-quirks").queryButton().getStyleClass()).contains("danger");
    assertThat(vm.getScenario().quirks().get(Quirk.SOFT_DISABLED_FIXED)).isEqualTo("deliver");
    // deliver: the first kernel takes the held 0xFB in lapic_shutdown and oopses there
    assertThat(vm.playback().getTrace().finalState().cpu(0).kernel()).isZero();
    Label changed = (Label) panel.getScene().lookup("#quirk-changed-soft-disabled-fixed");
    assertThat(changed.getText()).isEqualTo("changed · the file has hold");
    assertThat(panel.getTitle()).isEqualTo("Machine — pending-ipi (changed)");
    UiTestSupport.snapshot(panel.getScene(), "machine-panel-changed");

    // a fix switch keeps the quirks
    // (through the view model: the panel, a window of its own, may lie over the fix buttons)
    fx(() -> vm.selectFix("blocking"));
    awaitLoaded(vm);
    assertThat(vm.getFix()).isEqualTo("blocking");
    assertThat(vm.getScenario().quirks().get(Quirk.SOFT_DISABLED_FIXED)).isEqualTo("deliver");
    assertThat(vm.outcomeProperty().get()).contains("OOPS");
    assertThat(vm.quirksChangedProperty().get()).isTrue();

    robot.clickOn(panel.getScene().lookup("#quirks-reset"));
    awaitLoaded(vm);
    awaitCondition(() -> !vm.quirksChangedProperty().get());
    assertThat(robot.lookup("#machine-quirks").queryButton().getStyleClass())
        .doesNotContain("danger");
    assertThat(vm.getScenario().quirks().isDefault(Quirk.SOFT_DISABLED_FIXED)).isTrue();
    assertThat(vm.outcomeProperty().get()).startsWith("ends ok");
    fx(panel::close);
  }
}
