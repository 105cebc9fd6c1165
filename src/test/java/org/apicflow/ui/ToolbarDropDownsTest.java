package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;

/**
 * The toolbar's drop-downs (scenario, speed, fix) keep their lists out of the window until a list
 * is needed, and are as wide as with the lists in: the speed box as wide as its widest item
 * measured in its list, in both modes; the fix box, when it stands in for the fix buttons, as wide
 * as its widest fix. Each list shows its items the first time it opens.
 */
class ToolbarDropDownsTest extends CornerWindowTest {
  @Start
  void start(Stage s) {
    show(s);
    vm.openInitial(List.of());
  }

  @SuppressWarnings("unchecked")
  private <T> ComboBox<T> combo(String id) {
    return (ComboBox<T>) fxGet(() -> window.scene().lookup(id));
  }

  /**
   * The width {@code lean} would have with the default skin: a drop-down with the same items,
   * converter, style classes and minimum width, placed beside it for the same styles, but without
   * the style sheet's width and with its list in from the start.
   */
  private static <T> double defaultWidth(ComboBox<T> lean) {
    ComboBox<T> plain = new ComboBox<>(lean.getItems());
    plain.getStyleClass().setAll(lean.getStyleClass());
    plain.setConverter(lean.getConverter());
    plain.setValue(lean.getValue());
    plain.setMinWidth(lean.getMinWidth());
    plain.setManaged(false);
    Pane parent = (Pane) lean.getParent();
    parent.getChildren().add(plain);
    plain.applyCss();
    double w = plain.prefWidth(-1);
    parent.getChildren().remove(plain);
    return Math.max(plain.getMinWidth(), w);
  }

  @Test
  void theListsAreNotInTheWindowUntilNeeded() {
    awaitLoaded(vm);
    UiTestSupport.layOut(window, 2, true);
    assertThat(fxGet(() -> window.scene().getRoot().lookupAll(".list-view"))).isEmpty();
    for (String id : List.of("#scenario-picker", "#speed", "#fix-combo")) {
      assertThat(fxGet(() -> combo(id).getSkin())).as(id).isInstanceOf(LeanComboSkin.class);
    }
  }

  @Test
  void theSpeedBoxIsAsWideAsWithItsListInBothModes() {
    awaitLoaded(vm);
    for (boolean presenter : new boolean[] {false, true}) {
      UiTestSupport.modeAt1280x800(vm, window, stage, presenter, 2);
      ComboBox<Double> speed = combo("#speed");
      double now = fxGet(speed::getWidth);
      double plain = fxGet(() -> defaultWidth(speed));
      assertThat(now).as("presenter " + presenter).isCloseTo(plain, within(1.0));
    }
  }

  @Test
  void eachListShowsItsItemsTheFirstTimeItOpens() {
    awaitLoaded(vm);
    for (String id : List.of("#scenario-picker", "#speed")) {
      ComboBox<Object> c = combo(id);
      ListView<?> list =
          (ListView<?>) fxGet(() -> ((LeanComboSkin<?>) c.getSkin()).getPopupContent());
      fx(c::show);
      awaitCondition(() -> list.getScene() != null && list.getScene().getWindow().isShowing());
      UiTestSupport.layOut(window, 1, true);
      assertThat(fxGet(() -> list.getItems().size())).as(id).isEqualTo(c.getItems().size());
      // the popup is at least as wide as the drop-down, and its cells show items
      assertThat(fxGet(list::getWidth)).as(id).isGreaterThanOrEqualTo(fxGet(c::getWidth) - 1);
      assertThat(fxGet(() -> list.lookupAll(".list-cell").stream().anyMatch(n -> n.isVisible())))
          .as(id)
          .isTrue();
      fx(c::hide);
      awaitCondition(() -> !c.isShowing());
    }
  }

  @Test
  void theFixBoxThatStandsInForTheButtonsIsAsWideAsItsWidestFix() {
    awaitLoaded(vm);
    ComboBox<String> fix = combo("#fix-combo");
    assertThat(fxGet(fix::isManaged)).isFalse();
    // a narrow window: the fixes go into the drop-down
    fx(() -> stage.setWidth(760));
    try {
      UiTestSupport.layOut(window, 3, true);
      awaitCondition(fix::isManaged);
      UiTestSupport.layOut(window, 2, true);
      assertThat(fxGet(() -> fix.getItems().size())).isGreaterThan(1);
      assertThat(fxGet(fix::getWidth)).isCloseTo(fxGet(() -> defaultWidth(fix)), within(1.0));
    } finally {
      fx(() -> stage.setWidth(MainWindow.WIDTH)); // the stage is the next test class's too
    }
  }
}
