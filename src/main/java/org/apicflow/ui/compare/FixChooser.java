package org.apicflow.ui.compare;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The fixes to compare: a check list with up/down buttons, in a drop-down. */
public final class FixChooser extends MenuButton {
  private final CompareViewModel vm;
  private final VBox list = new VBox(4);

  public FixChooser(CompareViewModel vm) {
    this.vm = vm;
    setId("fix-chooser");
    getStyleClass().add("fix-chooser");
    setGraphic(new FontIcon(Feather.SLIDERS));
    setFocusTraversable(false);
    setMinWidth(Region.USE_PREF_SIZE);
    setTooltip(new Tooltip("Which fixes to compare, and in which order"));
    list.getStyleClass().add("fix-chooser-list");
    CustomMenuItem item = new CustomMenuItem(list, false);
    getItems().add(item);
    vm.choices().addListener((ListChangeListener<FixChoice>) c -> rebuild());
    rebuild();
  }

  private void rebuild() {
    list.getChildren().clear();
    Label head = new Label("Compare these fixes, in this order:");
    head.getStyleClass().add("fix-chooser-head");
    list.getChildren().add(head);
    int n = vm.choices().size();
    for (int i = 0; i < n; i++) {
      FixChoice c = vm.choices().get(i);
      CheckBox box = new CheckBox(c.name() + "  \u2014  " + c.title());
      box.setId("choose-" + c.name());
      box.selectedProperty().bindBidirectional(c.selectedProperty());
      box.selectedProperty().addListener(o -> updateText());
      Button up = small(Feather.ARROW_UP, "Move up", () -> vm.move(c.name(), -1));
      up.setId("up-" + c.name());
      up.setDisable(i == 0);
      Button down = small(Feather.ARROW_DOWN, "Move down", () -> vm.move(c.name(), +1));
      down.setId("down-" + c.name());
      down.setDisable(i == n - 1);
      Region grow = new Region();
      HBox.setHgrow(grow, Priority.ALWAYS);
      HBox row = new HBox(6, box, grow, up, down);
      row.setAlignment(Pos.CENTER_LEFT);
      list.getChildren().add(row);
    }
    updateText();
  }

  private void updateText() {
    long on = vm.choices().stream().filter(FixChoice::isSelected).count();
    setText("Fixes " + on + "/" + vm.choices().size());
  }

  private static Button small(Feather icon, String tip, Runnable r) {
    Button b = new Button(null, new FontIcon(icon));
    b.getStyleClass().add("flat");
    b.setTooltip(new Tooltip(tip));
    b.setOnAction(e -> r.run());
    b.setFocusTraversable(false);
    return b;
  }
}
