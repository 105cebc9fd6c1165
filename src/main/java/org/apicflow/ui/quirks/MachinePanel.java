package org.apicflow.ui.quirks;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.apicflow.apic.Quirk;
import org.apicflow.ui.MainViewModel;
import org.controlsfx.control.SegmentedButton;

/**
 * The Machine panel: the quirks in effect for the open run (the choices the SDM leaves open), one
 * row each, with a button per option. Picking another option re-simulates the run; a changed row
 * says what the scenario file has. Not modal: the window stays usable, and the panel follows the
 * run the window shows.
 */
public final class MachinePanel {
  private final MachinePanelModel model;
  private final MainViewModel vm;
  private final Stage stage = new Stage();
  private final VBox rows = new VBox(14);

  public MachinePanel(MainViewModel vm, Window owner, List<String> stylesheets) {
    this.vm = vm;
    this.model = new MachinePanelModel(vm);
    stage.titleProperty().bind(model.titleProperty());
    if (owner != null) {
      stage.initOwner(owner);
    }
    Label intro =
        new Label(
            "What the Intel SDM leaves open, as this run models it. Pick another option to"
                + " re-run the scenario with it; the status line then says which quirks changed.");
    intro.setWrapText(true);
    intro.getStyleClass().add("quirk-intro");
    Button reset = new Button("Use the file's settings");
    reset.setId("quirks-reset");
    reset.setOnAction(e -> model.reset());
    Button close = new Button("Close");
    close.setOnAction(e -> stage.close());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox buttons = new HBox(8, grow, reset, close);
    VBox root = new VBox(16, intro, rows, buttons);
    root.setPadding(new Insets(16));
    root.getStyleClass().addAll("apicflow", "machine-panel");
    root.setId("machine-panel");
    root.setPrefWidth(720);
    Scene scene = new Scene(root);
    scene.getStylesheets().addAll(stylesheets);
    scene.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ESCAPE) {
            stage.close();
          }
        });
    stage.setScene(scene);
    vm.scenarioProperty().addListener((o, was, is) -> build());
    vm.busyProperty().addListener((o, was, is) -> rows.setDisable(is));
    build();
    reset.disableProperty().bind(vm.busyProperty());
  }

  public Stage stage() {
    return stage;
  }

  public MachinePanelModel model() {
    return model;
  }

  public void show() {
    stage.show();
    stage.toFront();
  }

  private void build() {
    rows.getChildren().clear();
    for (MachinePanelModel.Row r : model.rows()) {
      rows.getChildren().add(row(r));
    }
    rows.setDisable(vm.isBusy());
    stage.sizeToScene();
  }

  private VBox row(MachinePanelModel.Row r) {
    Quirk q = r.quirk();
    Label name = new Label(q.key());
    name.getStyleClass().add("quirk-name");
    name.setMinWidth(Region.USE_PREF_SIZE);
    Label changed = new Label();
    changed.getStyleClass().add("quirk-changed");
    changed.setId("quirk-changed-" + q.key());
    if (r.changed()) {
      changed.setText("changed · the file has " + r.fileOptionProperty().get());
      name.setStyle("-fx-font-weight: bold; -fx-underline: true;");
      changed.setStyle("-fx-text-fill: -color-danger-fg; -fx-font-weight: bold;");
    } else {
      name.setStyle("-fx-font-weight: bold;");
    }
    SegmentedButton options = new SegmentedButton();
    options.setId("quirk-" + q.key());
    for (Quirk.Option o : q.options()) {
      ToggleButton b = new ToggleButton(o.name());
      b.setId("quirk-" + q.key() + "-" + o.name());
      b.setTooltip(new Tooltip(o.behaviour() + "\nBehaves so: " + o.implementations()));
      b.setSelected(o.name().equals(r.optionProperty().get()));
      b.setOnAction(
          e -> {
            if (!b.isSelected()) {
              b.setSelected(true); // one option is always in effect
              return;
            }
            model.choose(q, o.name());
          });
      b.setFocusTraversable(true);
      options.getButtons().add(b);
    }
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox head = new HBox(10, name, changed, grow, options);
    head.setAlignment(Pos.CENTER_LEFT);
    Label question = new Label(q.question());
    question.setWrapText(true);
    Label explanation = new Label(r.explanation());
    explanation.setWrapText(true);
    explanation.getStyleClass().add("quirk-explanation");
    explanation.setId("quirk-explanation-" + q.key());
    return new VBox(4, head, question, explanation);
  }
}
