package org.apicflow.ui.export;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.controlsfx.control.SegmentedButton;

/**
 * The export dialog (Ctrl+E): what, from which view, which frames, what scale, where. The export
 * runs in the background with a progress bar and Cancel; when it is done the dialog says where it
 * wrote and offers to open the folder. Asks before replacing files.
 */
public final class ExportDialog {
  private final ExportDialogModel vm;
  private final Stage stage = new Stage();
  private final ProgressBar progress = new ProgressBar(0);
  private final Label status = new Label();
  private final Button export = new Button("Export");
  private final Button cancel = new Button("Cancel");
  private final Button close = new Button("Close");
  private final Button openFolder = new Button("Open folder");
  private ExportTask running;
  private Path lastFolder;

  public ExportDialog(ExportDialogModel vm, Window owner, List<String> stylesheets) {
    this.vm = vm;
    stage.setTitle("Export — " + vm.source().scenario().id() + " [" + vm.source().fix() + "]");
    if (owner != null) {
      // not modal: the window stays usable while a long export runs in the background
      stage.initOwner(owner);
    }
    VBox root = new VBox(14, form(), summary(), progressRow(), buttons());
    root.setPadding(new Insets(16));
    root.getStyleClass().addAll("apicflow", "export-dialog");
    root.setId("export-dialog");
    root.setPrefWidth(640);
    Scene scene = new Scene(root);
    scene.getStylesheets().addAll(stylesheets);
    scene.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ESCAPE && running == null) {
            stage.close();
          }
        });
    stage.setScene(scene);
    stage.setOnCloseRequest(
        e -> {
          if (running != null) {
            running.cancel();
          }
        });
  }

  /** What the dialog exports. */
  public ExportDialogModel model() {
    return vm;
  }

  public Stage stage() {
    return stage;
  }

  public void show() {
    stage.show();
  }

  // ------------------------------------------------------------------ layout

  private GridPane form() {
    GridPane g = new GridPane();
    g.setHgap(12);
    g.setVgap(10);
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints fields = new ColumnConstraints();
    fields.setHgrow(Priority.ALWAYS);
    g.getColumnConstraints().addAll(labels, fields);

    ComboBox<ExportKind> kind =
        new ComboBox<>(javafx.collections.FXCollections.observableArrayList(ExportKind.values()));
    kind.setId("export-kind");
    kind.valueProperty().bindBidirectional(vm.kindProperty());
    kind.setMaxWidth(Double.MAX_VALUE);

    SegmentedButton views = new SegmentedButton();
    views.setId("export-view");
    for (ExportView v :
        List.of(
            ExportView.WINDOW,
            ExportView.MACHINE,
            ExportView.TIMELINE,
            ExportView.CODE,
            ExportView.COMPARE)) {
      ToggleButton b = new ToggleButton(title(v));
      b.setId("export-view-" + v.cliName());
      b.setUserData(v);
      b.setSelected(v == vm.viewProperty().get());
      views.getButtons().add(b);
    }
    views
        .getToggleGroup()
        .selectedToggleProperty()
        .addListener(
            (o, was, is) -> {
              if (is == null) {
                was.setSelected(true); // one view is always chosen
              } else {
                vm.viewProperty().set((ExportView) is.getUserData());
              }
            });
    BooleanBinding hasView =
        Bindings.createBooleanBinding(() -> vm.kindProperty().get().hasView(), vm.kindProperty());
    views.disableProperty().bind(hasView.not());

    ToggleGroup which = new ToggleGroup();
    RadioButton marks = new RadioButton("at every marker");
    RadioButton steps = new RadioButton("every step of the range");
    marks.setId("export-every-marker");
    steps.setId("export-every-step");
    marks.setToggleGroup(which);
    steps.setToggleGroup(which);
    marks.setSelected(vm.everyMarkerProperty().get());
    steps.setSelected(!vm.everyMarkerProperty().get());
    which
        .selectedToggleProperty()
        .addListener((o, was, is) -> vm.everyMarkerProperty().set(is == marks));
    HBox frames = new HBox(16, marks, steps);
    BooleanBinding isFrames =
        Bindings.createBooleanBinding(
            () -> vm.kindProperty().get() == ExportKind.FRAMES, vm.kindProperty());
    frames.disableProperty().bind(isFrames.not());

    int size = vm.source().trace().size();
    Spinner<Integer> from = spinner(vm.fromProperty().get(), size, "export-from");
    Spinner<Integer> to = spinner(vm.toProperty().get(), size, "export-to");
    from.valueProperty().addListener((o, was, is) -> vm.fromProperty().set(is));
    to.valueProperty().addListener((o, was, is) -> vm.toProperty().set(is));
    Button whole = new Button("whole run");
    whole.setOnAction(
        e -> {
          from.getValueFactory().setValue(0);
          to.getValueFactory().setValue(size);
        });
    Button fromHere = new Button("from this step");
    fromHere.setOnAction(e -> from.getValueFactory().setValue(vm.source().position()));
    HBox range =
        new HBox(
            8,
            new Label("from"),
            from,
            new Label("to"),
            to,
            new Label("of " + size),
            whole,
            fromHere);
    range.setAlignment(Pos.CENTER_LEFT);
    BooleanBinding usesRange =
        Bindings.createBooleanBinding(
            () ->
                vm.kindProperty().get() == ExportKind.ANIMATION
                    || (vm.kindProperty().get() == ExportKind.FRAMES
                        && !vm.everyMarkerProperty().get()),
            vm.kindProperty(),
            vm.everyMarkerProperty());
    range.disableProperty().bind(usesRange.not());

    SegmentedButton scale = new SegmentedButton();
    scale.setId("export-scale");
    for (int s = 1; s <= 3; s++) {
      ToggleButton b = new ToggleButton(s + "x");
      b.setId("export-scale-" + s);
      b.setUserData(s);
      b.setSelected(s == vm.scaleProperty().get());
      scale.getButtons().add(b);
    }
    scale
        .getToggleGroup()
        .selectedToggleProperty()
        .addListener(
            (o, was, is) -> {
              if (is == null) {
                was.setSelected(true);
              } else {
                vm.scaleProperty().set((Integer) is.getUserData());
              }
            });
    BooleanBinding isImage =
        Bindings.createBooleanBinding(() -> vm.kindProperty().get().isImage(), vm.kindProperty());
    scale.disableProperty().bind(isImage.not());

    TextField folder = new TextField();
    folder.setId("export-folder");
    folder.setEditable(false);
    folder
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> vm.folderProperty().get().toString(), vm.folderProperty()));
    HBox.setHgrow(folder, Priority.ALWAYS);
    Button choose = new Button("Choose…");
    choose.setOnAction(e -> chooseFolder());
    HBox where = new HBox(8, folder, choose);
    TextField name = new TextField();
    name.setId("export-name");
    name.textProperty().bindBidirectional(vm.fileNameProperty());

    int r = 0;
    g.addRow(r++, new Label("Export"), kind);
    g.addRow(r++, new Label("View"), views);
    g.addRow(r++, new Label("Frames"), frames);
    g.addRow(r++, new Label("Steps"), range);
    g.addRow(r++, new Label("Scale"), scale);
    g.addRow(r++, new Label("Folder"), where);
    g.addRow(r, new Label("Name"), name);
    return g;
  }

  private static Spinner<Integer> spinner(int value, int max, String id) {
    Spinner<Integer> s = new Spinner<>();
    s.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, max, value));
    s.setEditable(true);
    s.setPrefWidth(96);
    s.setId(id);
    return s;
  }

  private Label summary() {
    Label l = new Label();
    l.setId("export-summary");
    l.setWrapText(true);
    l.getStyleClass().add("export-summary");
    l.textProperty().bind(vm.summaryProperty());
    return l;
  }

  private VBox progressRow() {
    progress.setMaxWidth(Double.MAX_VALUE);
    progress.setId("export-progress");
    progress.setVisible(false);
    status.setId("export-status");
    status.setWrapText(true);
    return new VBox(6, progress, status);
  }

  private ButtonBar buttons() {
    export.setId("export-run");
    export.setDefaultButton(true);
    export.setOnAction(e -> start());
    cancel.setId("export-cancel");
    cancel.setDisable(true);
    cancel.setOnAction(
        e -> {
          if (running != null) {
            running.cancel();
          }
        });
    close.setId("export-close");
    close.setCancelButton(true);
    close.setOnAction(
        e -> {
          if (running != null) {
            running.cancel();
          }
          stage.close();
        });
    openFolder.setId("export-open-folder");
    openFolder.setDisable(true);
    openFolder.setOnAction(
        e -> FolderOpener.open(lastFolder, msg -> Platform.runLater(() -> status.setText(msg))));
    ButtonBar bar = new ButtonBar();
    ButtonBar.setButtonData(openFolder, ButtonBar.ButtonData.LEFT);
    ButtonBar.setButtonData(cancel, ButtonBar.ButtonData.OTHER);
    ButtonBar.setButtonData(export, ButtonBar.ButtonData.OK_DONE);
    ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
    bar.getButtons().addAll(openFolder, cancel, export, close);
    return bar;
  }

  private static String title(ExportView v) {
    return switch (v) {
      case WINDOW -> "Window";
      case MACHINE -> "Machine";
      case TIMELINE -> "Timeline";
      case CODE -> "Code";
      case COMPARE -> "Compare fixes";
      case CONTACT_SHEET -> "Contact sheet";
    };
  }

  // ------------------------------------------------------------------ actions

  private void chooseFolder() {
    DirectoryChooser dc = new DirectoryChooser();
    dc.setTitle("Export into");
    Path f = vm.folderProperty().get();
    if (f != null && Files.isDirectory(f)) {
      dc.setInitialDirectory(f.toFile());
    }
    File chosen = dc.showDialog(stage);
    if (chosen != null) {
      vm.folderProperty().set(chosen.toPath());
    }
  }

  /** Starts the export: asks before replacing files, then runs it in the background. */
  void start() {
    if (running != null) {
      return;
    }
    ExportSpec spec;
    try {
      spec = vm.spec(false);
      List<Path> existing = ExportRunner.existingTargets(spec);
      if (!existing.isEmpty()) {
        if (!confirmReplace(existing)) {
          status.setText("Nothing written: the files are kept.");
          return;
        }
        spec = vm.spec(true);
      }
      ExportRunner.checkTargets(spec);
    } catch (ExportException e) {
      status.setText(e.getMessage());
      return;
    }
    ExportTask task = new ExportTask(spec);
    running = task;
    progress.setVisible(true);
    progress.progressProperty().bind(task.progressProperty());
    status.textProperty().bind(task.messageProperty());
    export.setDisable(true);
    cancel.setDisable(false);
    openFolder.setDisable(true);
    task.setOnSucceeded(
        e -> {
          finish();
          ExportResult r = task.getValue();
          lastFolder = r.folder();
          status.setText(
              r.files().size() == 1
                  ? "Wrote " + r.files().get(0).toAbsolutePath()
                  : "Wrote " + r.files().size() + " files into " + r.folder().toAbsolutePath());
          openFolder.setDisable(!FolderOpener.available());
        });
    task.setOnCancelled(
        e -> {
          finish();
          status.setText("Cancelled: nothing was written.");
        });
    task.setOnFailed(
        e -> {
          finish();
          Throwable x = task.getException();
          status.setText(
              "Export failed, nothing was written: "
                  + (x instanceof ExportException ? x.getMessage() : String.valueOf(x)));
        });
    task.start();
  }

  private void finish() {
    running = null;
    progress.progressProperty().unbind();
    status.textProperty().unbind();
    progress.setVisible(false);
    export.setDisable(false);
    cancel.setDisable(true);
  }

  private boolean confirmReplace(List<Path> existing) {
    Alert a = new Alert(Alert.AlertType.CONFIRMATION);
    a.initOwner(stage);
    a.setTitle("APICFlow");
    a.setHeaderText(
        existing.size() == 1
            ? existing.get(0).getFileName() + " exists already"
            : existing.size() + " of the files exist already");
    a.setContentText("Replace " + (existing.size() == 1 ? "it" : "them") + "?");
    a.getDialogPane().setId("export-confirm");
    ButtonType replace = new ButtonType("Replace", ButtonBar.ButtonData.OK_DONE);
    a.getButtonTypes().setAll(replace, ButtonType.CANCEL);
    return a.showAndWait().filter(b -> b == replace).isPresent();
  }

  /** The status line, for tests. */
  Label status() {
    return status;
  }

  boolean isRunning() {
    return running != null;
  }
}
