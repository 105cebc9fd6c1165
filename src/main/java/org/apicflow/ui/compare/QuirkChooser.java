package org.apicflow.ui.compare;

import javafx.collections.ListChangeListener;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import org.apicflow.apic.Quirk;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Which modelling choice to line up across the panels ("P4 vs QEMU vs KVM"): the fixes alone, or a
 * quirk, and then which of its settings. Plain menu items, so the arrow keys and Enter work in it
 * (Q opens it in the compare view).
 */
public final class QuirkChooser extends MenuButton {
  private final CompareViewModel vm;

  public QuirkChooser(CompareViewModel vm) {
    this.vm = vm;
    setId("quirk-chooser");
    getStyleClass().add("quirk-chooser");
    setGraphic(new FontIcon(Feather.CPU));
    setFocusTraversable(false);
    setMinWidth(Region.USE_PREF_SIZE);
    setTooltip(
        new Tooltip(
            "Line up the settings of a choice the SDM leaves open, each panel one setting"
                + " (Q)"));
    vm.lineupProperty().addListener((o, was, is) -> rebuild());
    vm.options().addListener((ListChangeListener<FixChoice>) c -> rebuild());
    rebuild();
  }

  /**
   * Opens the drop-down, once the chooser is laid out in a window (a drop-down asked to open before
   * that never appears, yet counts as open).
   */
  public void open() {
    if (getScene() == null || getScene().getWindow() == null || getWidth() <= 0) {
      javafx.beans.InvalidationListener[] once = new javafx.beans.InvalidationListener[1];
      once[0] =
          o -> {
            if (getWidth() > 0 && getScene() != null && getScene().getWindow() != null) {
              widthProperty().removeListener(once[0]);
              javafx.application.Platform.runLater(this::open);
            }
          };
      widthProperty().addListener(once[0]);
      return;
    }
    if (isShowing()) {
      hide();
    }
    show();
  }

  private void rebuild() {
    getItems().clear();
    // no disabled header items: the arrow keys would stop on them
    ToggleGroup group = new ToggleGroup();
    RadioMenuItem none = new RadioMenuItem("No quirk lined up: the fixes alone");
    none.setId("lineup-none");
    none.setToggleGroup(group);
    none.setSelected(vm.getLineup() == null);
    none.setOnAction(e -> vm.setLineup(null));
    getItems().add(none);
    for (Quirk q : Quirk.values()) {
      RadioMenuItem r = new RadioMenuItem("Line up " + q.key());
      r.setId("lineup-" + q.key());
      r.setToggleGroup(group);
      r.setSelected(vm.getLineup() == q);
      r.setOnAction(e -> vm.setLineup(q));
      getItems().add(r);
    }
    Quirk q = vm.getLineup();
    if (q != null) {
      getItems().add(new SeparatorMenuItem());
      for (FixChoice c : vm.options()) {
        CheckMenuItem box =
            new CheckMenuItem(q.key() + " = " + c.name() + "  \u2014  " + c.title());
        box.setId("choose-option-" + c.name());
        box.setSelected(c.isSelected());
        box.setOnAction(e -> vm.setOptionSelected(c.name(), box.isSelected()));
        c.selectedProperty().addListener((o, was, is) -> box.setSelected(is));
        getItems().add(box);
      }
    }
    updateText();
  }

  /** Short, as the fix chooser's: the panels' titles name the quirk and the setting. */
  private void updateText() {
    Quirk q = vm.getLineup();
    if (q == null) {
      setText("Quirk");
      getTooltip()
          .setText(
              "Line up the settings of a choice the SDM leaves open, each panel one setting"
                  + " (Q)");
      return;
    }
    long on = vm.options().stream().filter(FixChoice::isSelected).count();
    setText("Quirk " + on + "/" + vm.options().size());
    getTooltip().setText("Lined up: " + q.key() + ", " + on + " of its settings (Q to change)");
  }
}
