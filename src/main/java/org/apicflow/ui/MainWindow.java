package org.apicflow.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.apicflow.scenario.Scenario;
import org.apicflow.ui.code.CodeView;
import org.apicflow.ui.compare.ViewSwitch;
import org.apicflow.ui.log.EventLogView;
import org.apicflow.ui.machine.MachineView;
import org.apicflow.ui.playback.PlaybackModel;
import org.apicflow.ui.timeline.TimelineView;
import org.controlsfx.control.SegmentedButton;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: toolbar, machine view, code pane, event log and timeline, all driven by one
 * {@link MainViewModel}. It holds controls and bindings only.
 */
public final class MainWindow {
  public static final double WIDTH = 1280;
  public static final double HEIGHT = 800;

  /** Code pane over event log: the code pane gets the room for its lines and the story. */
  private static final double RIGHT_DIVIDER = 0.68;

  private final MainViewModel vm;
  private final BorderPane root = new BorderPane();
  private final Scene scene;
  private final SegmentedButton fixes = new SegmentedButton();
  private final SplitPane right = new SplitPane();
  private final SplitPane top;
  private final SplitPane main;
  private final EventLogView log;
  private final MachineView machineView;
  private final TimelineView timelineView;
  private final CodeView codeView;
  private final ViewSwitch views;
  private Stage stage;
  private ComboBox<ScenarioChoice> picker;

  /** Playback controls: built with the toolbar, shown in the bar under the views. */
  private HBox transport;

  private ComboBox<Double> speed;

  public MainWindow(MainViewModel vm) {
    this.vm = vm;
    machineView = new MachineView(vm.machine());
    codeView = new CodeView(vm.code());
    log = new EventLogView(vm.playback());
    timelineView = new TimelineView(vm.timeline());

    root.getStyleClass().add("apicflow");
    root.setTop(toolbar());
    right.setOrientation(Orientation.VERTICAL);
    right.getItems().addAll(codeView, log);
    right.setDividerPositions(RIGHT_DIVIDER);
    top = new SplitPane(machineView, right);
    top.setDividerPositions(0.64);
    main = new SplitPane(top, timelineView);
    main.setOrientation(Orientation.VERTICAL);
    main.setDividerPositions(0.66);
    root.setCenter(main);
    root.setBottom(statusBar());
    views = installViews();

    scene = new Scene(root, WIDTH, HEIGHT);
    scene.getStylesheets().add(MainWindow.class.getResource("app.css").toExternalForm());
    scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    applyTheme(vm.darkProperty().get());
    vm.darkProperty().addListener((o, was, is) -> applyTheme(is));
    vm.presenterProperty().addListener((o, was, is) -> applyPresenter(is));
    vm.onError(this::showError);
    vm.onTraceFile(p -> org.apicflow.ui.kvm.KvmWindow.open(p, null));
  }

  public Scene scene() {
    return scene;
  }

  public MachineView machineView() {
    return machineView;
  }

  public TimelineView timelineView() {
    return timelineView;
  }

  /** Shows the window on a stage. */
  public void show(Stage s) {
    stage = s;
    s.setTitle("APICFlow");
    s.setScene(scene);
    vm.scenarioProperty()
        .addListener(
            (o, was, is) -> s.setTitle(is == null ? "APICFlow" : "APICFlow — " + is.title()));
    s.show();
  }

  // ------------------------------------------------------------------ toolbar

  private HBox toolbar() {
    picker = new ComboBox<>(vm.choices());
    picker.setId("scenario-picker");
    picker.setPromptText("scenario");
    picker.setMinWidth(120);
    picker.setTooltip(new Tooltip("Built-in scenarios and files you opened"));
    vm.choiceProperty().addListener((o, was, is) -> picker.getSelectionModel().select(is));
    picker.setOnAction(
        e -> {
          ScenarioChoice c = picker.getValue();
          if (c != null && !c.equals(vm.choiceProperty().get())) {
            vm.open(c);
          }
        });
    picker.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(ScenarioChoice c) {
            return c == null ? "" : c.label();
          }

          @Override
          public ScenarioChoice fromString(String s) {
            return null;
          }
        });
    Button open = button(Feather.FOLDER, "Open…", "Open a scenario file (Ctrl+O)", this::openFile);
    open.setId("open-file");

    fixes.setId("fix-selector");
    fixes.getStyleClass().add("fix-selector");
    vm.scenarioProperty().addListener((o, was, is) -> rebuildFixes(is));
    vm.fixProperty().addListener((o, was, is) -> selectFixButton(is));

    PlaybackModel p = vm.playback();
    Button home = button(Feather.SKIP_BACK, null, "To the start (Home)", p::home);
    Button prevMark =
        button(Feather.CHEVRONS_LEFT, null, "Previous marker (Shift+Left)", p::previousMark);
    Button back = button(Feather.CHEVRON_LEFT, null, "Step back (Left)", p::stepBack);
    Button play = button(Feather.PLAY, null, "Play / pause (Space)", p::togglePlay);
    play.setId("play");
    play.getStyleClass().add("accent");
    p.playingProperty()
        .addListener(
            (o, was, is) -> play.setGraphic(new FontIcon(is ? Feather.PAUSE : Feather.PLAY)));
    Button fwd = button(Feather.CHEVRON_RIGHT, null, "Step forward (Right)", p::stepForward);
    Button nextMark =
        button(Feather.CHEVRONS_RIGHT, null, "Next marker (Shift+Right)", p::nextMark);
    Button end = button(Feather.SKIP_FORWARD, null, "To the end (End)", p::toEnd);
    back.setId("step-back");
    fwd.setId("step-forward");
    speed =
        new ComboBox<>(javafx.collections.FXCollections.observableArrayList(PlaybackModel.SPEEDS));
    speed.setId("speed");
    speed.setMinWidth(132);
    speed.setValue(p.speedProperty().get());
    speed.setTooltip(new Tooltip("Playback speed in steps per second"));
    speed.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Double d) {
            return d == null ? "" : String.format("%.0f steps/s", d);
          }

          @Override
          public Double fromString(String s) {
            return null;
          }
        });
    speed.valueProperty().addListener((o, was, is) -> p.speedProperty().set(is));
    transport = new HBox(2, home, prevMark, back, play, fwd, nextMark, end);
    transport.setAlignment(Pos.CENTER_LEFT);

    ToggleButton dark = new ToggleButton(null, new FontIcon(Feather.MOON));
    dark.setId("theme-toggle");
    dark.setTooltip(new Tooltip("Dark theme"));
    dark.selectedProperty().bindBidirectional(vm.darkProperty());
    dark.setFocusTraversable(false);
    ToggleButton presenter = new ToggleButton("Presenter", new FontIcon(Feather.MONITOR));
    presenter.setId("presenter-toggle");
    presenter.setTooltip(new Tooltip("Presenter mode (F5): large type, high contrast, log hidden"));
    presenter.selectedProperty().bindBidirectional(vm.presenterProperty());
    presenter.setFocusTraversable(false);
    presenter.setMinWidth(Region.USE_PREF_SIZE);

    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(18, 18);
    busy.visibleProperty().bind(vm.busyProperty());
    Label outcome = new Label();
    outcome.setId("outcome");
    outcome.getStyleClass().add("outcome");
    outcome.setMinWidth(Region.USE_PREF_SIZE);
    outcome.setTooltip(new Tooltip("How this run ends (the simulation ran to completion first)"));
    outcome.textProperty().bind(vm.outcomeProperty());
    outcome
        .textProperty()
        .addListener(
            (o, was, is) -> {
              outcome.getStyleClass().removeAll("outcome-ok", "outcome-bad");
              outcome.getStyleClass().add(is.startsWith("ends ok") ? "outcome-ok" : "outcome-bad");
            });
    var export = org.apicflow.ui.export.ExportAction.menuButton(vm, () -> scene);
    Button machine =
        button(
            Feather.SLIDERS,
            null,
            "Machine: the quirks in effect (what the SDM leaves open), and flipping one (Ctrl+M)",
            this::machinePanel);
    machine.setId("machine-quirks");
    machine.setMinWidth(Region.USE_PREF_SIZE);
    // presenter mode has no room to spare in the toolbar: Ctrl+M still opens the panel there
    machine.visibleProperty().bind(vm.presenterProperty().not());
    machine.managedProperty().bind(machine.visibleProperty());
    vm.quirksChangedProperty()
        .addListener(
            (o, was, is) -> {
              // the run uses quirks other than its file's: the button says so in colour
              machine.getStyleClass().remove("danger");
              if (is) {
                machine.getStyleClass().add("danger");
              }
            });
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox bar =
        new HBox(
            8,
            picker,
            open,
            new Separator(Orientation.VERTICAL),
            fixes,
            busy,
            grow,
            outcome,
            machine,
            export,
            presenter,
            dark);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("app-toolbar");
    for (var n : List.of(picker, speed)) {
      n.setFocusTraversable(false);
    }
    return bar;
  }

  private Button button(Ikon icon, String text, String tip, Runnable action) {
    Button b = new Button(text, new FontIcon(icon));
    b.setTooltip(new Tooltip(tip));
    b.setOnAction(e -> action.run());
    b.setFocusTraversable(false);
    b.setMinWidth(Region.USE_PREF_SIZE);
    return b;
  }

  private void rebuildFixes(Scenario s) {
    List<ToggleButton> buttons = new ArrayList<>();
    if (s != null) {
      for (String name : s.fixNames()) {
        ToggleButton b = new ToggleButton(name);
        b.setId("fix-" + name);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setFocusTraversable(false);
        String tip =
            name.equals(Scenario.NONE)
                ? "The run with no fix"
                : s.fix(name).map(f -> f.title() + ": " + f.summary()).orElse(name);
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(420);
        b.setTooltip(t);
        b.setOnAction(
            e -> {
              if (!b.isSelected()) {
                b.setSelected(true); // a segmented button always has one fix chosen
              }
              vm.selectFix(name);
            });
        buttons.add(b);
      }
    }
    fixes.getButtons().setAll(buttons);
    selectFixButton(vm.getFix());
  }

  private void selectFixButton(String name) {
    for (ToggleButton b : fixes.getButtons()) {
      b.setSelected(b.getText().equals(name));
    }
  }

  private HBox statusBar() {
    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(vm.statusProperty());
    Label keys =
        new Label(
            "\u2190/\u2192 step · Shift+\u2190/\u2192 marker · Space play · Home/End · +/- zoom ·"
                + " wheel zoom · drag to scrub · F5 presenter");
    keys.getStyleClass().add("keys");
    // a presenter knows the keys; the room goes to the picture
    keys.visibleProperty().bind(vm.presenterProperty().not());
    keys.managedProperty().bind(keys.visibleProperty());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    keys.setMinWidth(0);
    status.setMinWidth(0);
    // when the outcome is long, both wrap to a second line instead of being cut off
    keys.setWrapText(true);
    status.setWrapText(true);
    HBox bar = new HBox(12, transport, speed, status, grow, keys);
    bar.getStyleClass().add("status-bar");
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  // ------------------------------------------------------------------ views

  public ViewSwitch views() {
    return views;
  }

  /**
   * Puts the view switch (Single | Compare | Matrix) after the fix selector; it swaps the centre.
   * The single view's fix selector, playback controls, outcome and status bar step aside while
   * another view is shown (that view has its own).
   */
  private ViewSwitch installViews() {
    ViewSwitch v = new ViewSwitch(vm, root, main);
    if (fixes.getParent() instanceof javafx.scene.layout.Pane row) {
      int at = row.getChildren().indexOf(fixes) + 1;
      row.getChildren().addAll(at, List.of(new Separator(Orientation.VERTICAL), v.control()));
    } else {
      root.setTop(new HBox(8, root.getTop(), v.control()));
    }
    Region bar = (Region) root.getTop();
    var single = v.modeProperty().isEqualTo(ViewSwitch.Mode.SINGLE);
    for (String id : List.of("#step-forward", "#speed", "#fix-selector", "#outcome")) {
      javafx.scene.Node n = bar.lookup(id);
      if (n != null) {
        javafx.scene.Node hide = id.equals("#step-forward") ? n.getParent() : n;
        hide.visibleProperty().bind(single);
        hide.managedProperty().bind(single);
      }
    }
    root.getBottom().visibleProperty().bind(single);
    root.getBottom().managedProperty().bind(single);
    // a toolbar too long for the window runs off its edge; it must not widen the views below
    bar.setMinWidth(0);
    v.fitInto(bar);
    return v;
  }

  // ------------------------------------------------------------------ actions

  private void openFile() {
    FileChooser fc = new FileChooser();
    fc.setTitle("Open scenario");
    fc.getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter("Scenario files", "*.yaml", "*.yml", "*.json"),
            new FileChooser.ExtensionFilter("All files", "*.*"));
    File f = fc.showOpenDialog(stage);
    if (f != null) {
      vm.openFile(f.toPath());
    }
  }

  private org.apicflow.ui.quirks.MachinePanel machinePanel;

  /** Opens (or brings forward) the Machine panel of quirks. */
  private void machinePanel() {
    if (machinePanel == null) {
      machinePanel =
          new org.apicflow.ui.quirks.MachinePanel(vm, scene.getWindow(), scene.getStylesheets());
    }
    machinePanel.show();
  }

  private void export() {
    org.apicflow.ui.export.ExportAction.open(vm, scene);
  }

  private void showError(MainViewModel.LoadError e) {
    picker.getSelectionModel().select(vm.choiceProperty().get()); // the old scenario stays
    Alert a = new Alert(Alert.AlertType.ERROR);
    a.initOwner(scene.getWindow());
    a.setTitle("APICFlow");
    a.setHeaderText(e.title());
    Label msg = new Label(e.message());
    msg.setId("error-message");
    msg.setWrapText(true);
    msg.getStyleClass().add("mono");
    a.getDialogPane().setContent(msg);
    a.getDialogPane().setPrefWidth(640);
    a.getDialogPane().setId("error-dialog");
    a.show();
  }

  private void key(KeyEvent e) {
    if (views.key(e)) {
      e.consume();
      return;
    }
    PlaybackModel p = vm.playback();
    KeyCode k = e.getCode();
    boolean handled = true;
    if (e.isControlDown() && k == KeyCode.O) {
      openFile();
    } else if (e.isControlDown() && k == KeyCode.E) {
      export();
    } else if (e.isControlDown() && k == KeyCode.M) {
      machinePanel();
    } else if (k == KeyCode.RIGHT && e.isShiftDown()) {
      p.nextMark();
    } else if (k == KeyCode.LEFT && e.isShiftDown()) {
      p.previousMark();
    } else if (k == KeyCode.RIGHT) {
      p.stepForward();
    } else if (k == KeyCode.LEFT) {
      p.stepBack();
    } else if (k == KeyCode.SPACE) {
      p.togglePlay();
    } else if (k == KeyCode.HOME) {
      p.home();
    } else if (k == KeyCode.END) {
      p.toEnd();
    } else if (k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD) {
      vm.timeline().zoomAtCursor(0.5);
    } else if (k == KeyCode.MINUS || k == KeyCode.SUBTRACT) {
      vm.timeline().zoomAtCursor(2);
    } else if (k == KeyCode.F5) {
      vm.presenterProperty().set(!vm.presenterProperty().get());
    } else {
      handled = false;
    }
    if (handled) {
      e.consume();
    }
  }

  private void applyTheme(boolean dark) {
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
    root.getStyleClass().remove("dark");
    if (dark) {
      root.getStyleClass().add("dark");
    }
  }

  private void applyPresenter(boolean on) {
    root.getStyleClass().remove("presenter");
    if (on) {
      root.getStyleClass().add("presenter");
      right.getItems().remove(log);
      top.setDividerPositions(0.7);
      machineView.setLegendVisible(false);
      main.setDividerPositions(0.6);
    } else if (!right.getItems().contains(log)) {
      right.getItems().add(log);
      right.setDividerPositions(RIGHT_DIVIDER);
      top.setDividerPositions(0.64);
      main.setDividerPositions(0.66);
    }
    if (!on) {
      machineView.setLegendVisible(true);
    }
  }
}
