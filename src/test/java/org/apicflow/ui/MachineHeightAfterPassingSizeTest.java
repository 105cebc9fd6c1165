package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.apicflow.ui.machine.CpuCard;
import org.apicflow.ui.machine.MachineView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Presenter mode turned on while the window is still at a passing size (smaller than the screen it
 * is about to fill), laid out there, then at the full size: the machine gets the height and the
 * card shows the parts (grids and their cells, ICR fields, why lines, kernel line) of a fresh
 * layout at the full size. A card shrunk to fit the passing size once kept the machine short at the
 * full size, as the machine's preferred height was measured on the shrunk card.
 */
@ExtendWith(ApplicationExtension.class)
class MachineHeightAfterPassingSizeTest {
  /** The full size: the test screen's. */
  private static final double FULL_W = MainWindow.WIDTH;

  private static final double FULL_H = MainWindow.HEIGHT;

  /** The passing size, in the proportion of 1594 x 790 on the way to 1920 x 1080. */
  private static final double PASSING_W = Math.round(FULL_W * 1594 / 1920);

  private static final double PASSING_H = Math.round(FULL_H * 790 / 1080);

  private MainViewModel vm;
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage s) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    UiTestSupport.showAtCorner(window, s);
    stage = s;
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  @AfterEach
  void leave() {
    presenter(false);
    UiTestSupport.releaseStage(stage);
  }

  /** What the machine shows: its height, and each shown part of the card with its height. */
  private record Shown(double height, double cell, List<String> parts) {}

  private Shown shown() {
    return fxGet(
        () -> {
          MachineView mv = window.machineView();
          assertThat(mv.cards()).hasSize(1);
          CpuCard c = mv.cards().get(0);
          List<String> parts = new ArrayList<>();
          parts.add("grids " + c.gridsShown());
          parts.add("tight " + c.isTight());
          parts.add("why on one line " + c.isWhyOneLine());
          parts.add("kernel " + c.isKernelShown());
          parts(c, "", parts);
          return new Shown(mv.getHeight(), c.irrGrid().cellSize(), parts);
        });
  }

  /** Every node the card shows (visible and laid out), by its path and height. */
  private static void parts(Node n, String path, List<String> out) {
    if (!n.isVisible() || !n.isManaged()) {
      return;
    }
    String here =
        path
            + "/"
            + n.getClass().getSimpleName()
            + (n.getId() == null ? "" : "#" + n.getId())
            + n.getStyleClass();
    out.add(here + " h=" + Math.round(n.getLayoutBounds().getHeight()));
    if (n instanceof Parent p) {
      for (Node k : p.getChildrenUnmodifiable()) {
        parts(k, here, out);
      }
    }
  }

  private void size(double w, double h) {
    fx(
        () -> {
          stage.setWidth(w);
          stage.setHeight(h);
        });
  }

  /**
   * Presenter mode on or off, and the window's own fit to the screen (a moment later, where full
   * screen is not honoured) done, so the sizes the test sets afterwards stay.
   */
  private void presenter(boolean on) {
    fx(() -> vm.presenterProperty().set(on));
    try {
      Thread.sleep(600);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void settle() {
    UiTestSupport.layOut(window, 6, true);
  }

  private void open(String what) throws Exception {
    if (what.startsWith("ring-")) {
      UiTestSupport.openRing(vm, Integer.parseInt(what.substring(5)), 8);
    } else {
      UiTestSupport.awaitLoaded(vm);
      fx(() -> vm.open(UiTestSupport.builtIn(vm, what)));
      UiTestSupport.awaitCondition(
          () -> !vm.isBusy() && vm.getScenario() != null && vm.getScenario().id().equals(what));
      UiTestSupport.awaitLoaded(vm);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lesson-priority", "lesson-extint", "ring-64"})
  void theMachineGetsItsFullHeightBackAfterAPassingSize(String what) throws Exception {
    open(what);
    // a fresh layout at the full size
    presenter(true);
    size(FULL_W, FULL_H);
    settle();
    Shown fresh = shown();
    // presenter mode off, then on again at a passing size, laid out there, then at the full size
    presenter(false);
    size(PASSING_W, PASSING_H);
    settle();
    presenter(true);
    size(PASSING_W, PASSING_H);
    settle();
    Shown passing = shown();
    size(FULL_W, FULL_H);
    settle();
    Shown after = shown();
    String was =
        what
            + ": fresh "
            + fresh.height()
            + " px, cells "
            + fresh.cell()
            + "; at "
            + PASSING_W
            + " x "
            + PASSING_H
            + " "
            + passing.height()
            + " px, cells "
            + passing.cell()
            + "; after "
            + after.height()
            + " px, cells "
            + after.cell();
    assertThat(after.height())
        .as(was)
        .isCloseTo(fresh.height(), org.assertj.core.data.Offset.offset(0.5));
    assertThat(after.cell()).as(was).isEqualTo(fresh.cell());
    assertThat(after.parts()).as(was).isEqualTo(fresh.parts());
  }
}
