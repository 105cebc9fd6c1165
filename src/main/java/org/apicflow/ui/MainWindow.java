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
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.apicflow.scenario.Scenario;
import org.apicflow.ui.code.CodeView;
import org.apicflow.ui.compare.ViewSwitch;
import org.apicflow.ui.log.EventLogView;
import org.apicflow.ui.machine.LazyTip;
import org.apicflow.ui.machine.MachineView;
import org.apicflow.ui.playback.PlaybackModel;
import org.apicflow.ui.playback.TimeInput;
import org.apicflow.ui.prefs.Settings;
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
  private static final double RIGHT_DIVIDER = 0.7;

  /** Timeline against code pane, under the machine. */
  private static final double BOTTOM_DIVIDER = 0.6;

  /** The most of the height the machine takes; the timeline and code keep the rest. */
  private static final double MACHINE_MAX = 0.74;

  private final MainViewModel vm;
  private final BorderPane root = new BorderPane();

  /** The scene's root: the window's content under a help overlay; it carries the theme classes. */
  private final StackPane shell = new StackPane();

  private final MenuBar menuBar = new MenuBar();
  private final Menu recentMenu = new Menu("Open Recent");
  private final Menu marksMenu = new Menu("Go to Mark");
  private VBox help;
  private Settings settings;
  private final Scene scene;

  /** Whether the event log is wanted (View > Event Log); presenter mode hides it anyway. */
  private boolean logWanted = true;

  private final SegmentedButton fixes = new SegmentedButton();
  private final ComboBox<String> fixCombo = new ComboBox<>();
  private final HBox fixBox = new HBox(fixes, fixCombo);
  private final SplitPane right = new SplitPane();
  private final SplitPane top;
  private final SplitPane main;
  private final StackPane bottom;
  private final MachineView machineView;

  /**
   * The code pane and event log: built with the window, or (a window made with {@code
   * firstFrameFirst}) just after its first frame with the run, in the slots that hold their place
   * until then. Null until built; {@link #buildViews} builds them at once when something needs them
   * sooner.
   */
  private EventLogView log;

  private CodeView codeView;

  /**
   * The timeline is in the first frame: the machine's height depends on the height its lanes need,
   * and a timeline that came later would take that height from the machine in view.
   */
  private final TimelineView timelineView;

  private final StackPane codeSlot = slot("code-slot");
  private final StackPane logSlot = slot("log-slot");
  private final ViewSwitch views;
  private Stage stage;
  private ComboBox<ScenarioChoice> picker;

  /** Playback controls: built with the toolbar, shown in the bar under the views. */
  private HBox transport;

  private ComboBox<Double> speed;

  /** The scenario editor, expectations panel and file watch, at the left of the views. */
  private final org.apicflow.ui.editor.Workshop workshop;

  /** A window with every view built before it is shown (tests, exports). */
  public MainWindow(MainViewModel vm) {
    this(vm, false);
  }

  /**
   * A window; with {@code firstFrameFirst} (the app) its first frame has the toolbar, the machine
   * view, the timeline and the status bar only, and the code pane and event log are built just
   * after the first frame that shows a run (or a second after the first frame, whichever comes
   * first), then the scenario editor. Keys and menus work from the start: what needs a view not yet
   * built builds it first.
   */
  public MainWindow(MainViewModel vm, boolean firstFrameFirst) {
    // the theme before the first control (the fields make some): a control's class loads JavaFX's
    // own theme (Modena) when none is set yet, only for this one to replace it (about a tenth of
    // the FX thread's work before the first frame)
    this(vm, firstFrameFirst, setTheme(vm.darkProperty().get()));
  }

  private MainWindow(MainViewModel vm, boolean firstFrameFirst, boolean themeSet) {
    this.vm = vm;
    machineView = new MachineView(vm.machine());
    machineView.titleProperty().bind(vm.titleProperty());
    timelineView = new TimelineView(vm.timeline());

    shell.getStyleClass().add("apicflow");
    root.getStyleClass().add("app-content");
    root.setTop(toolbar());
    // The machine across the whole width on top (every card in view, grids as large as the room
    // allows); under it the timeline, and the code pane with the event log at the right.
    right.setOrientation(Orientation.VERTICAL);
    right.getItems().addAll(codeSlot, logSlot);
    right.setDividerPositions(RIGHT_DIVIDER);
    top = new SplitPane(timelineView, right);
    top.setDividerPositions(BOTTOM_DIVIDER);
    // in presenter mode the scenario editor stands over the code pane (bottom right) rather than
    // beside the views, so the machine keeps the whole width for its grids
    bottom = new StackPane(top);
    bottom.setMinHeight(0);
    main = new SplitPane(machineView, bottom);
    main.setOrientation(Orientation.VERTICAL);
    main.setDividerPositions(0.5);
    // the split pane honours minimum sizes: let the panes under the machine give way
    for (Region r : List.of(top, right, timelineView, codeSlot, logSlot)) {
      r.setMinHeight(0);
    }
    // new cards get their state just after the list: measure them before the next layout, so the
    // frame that shows them has the machine at its height already
    vm.machine().cardsProperty().addListener((o, was, is) -> fitBeforeLayout());
    machineView.setOnNeedChange(this::fitMachine);
    main.heightProperty().addListener((o, was, is) -> fitMachine());
    main.widthProperty().addListener((o, was, is) -> fitMachine());
    vm.uiScaleProperty().addListener((o, was, is) -> fitMachine());
    root.setCenter(main);
    root.setBottom(statusBar());
    views = installViews();
    workshop = new org.apicflow.ui.editor.Workshop(vm);
    placeWorkshop();
    vm.presenterProperty().addListener((o, was, is) -> placeWorkshop());
    buildMenus();
    Column content = new Column(menuBar, workshop.banner(), root);
    help = helpOverlay();
    shell.getChildren().addAll(content, help);

    scene = new Scene(shell, WIDTH, HEIGHT);
    scene.getStylesheets().add(StyleSheets.url(MainWindow.class, "app.css"));
    scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    scene.addPreLayoutPulseListener(
        () -> {
          if (fitPending) {
            fitPending = false;
            fitMachine();
          }
        });
    workshop.installDrop(scene);
    applyTheme(vm.darkProperty().get());
    vm.darkProperty().addListener((o, was, is) -> applyTheme(is));
    vm.presenterProperty().addListener((o, was, is) -> applyPresenter(is));
    vm.uiScaleProperty().addListener((o, was, is) -> applyScale(is.doubleValue()));
    applyScale(vm.getUiScale());
    // presenter mode sizes the timeline's type in its stylesheet; the user's own zoom scales it too
    timelineView.textScaleProperty().bind(vm.userZoomProperty());
    timelineView
        .textScaleProperty()
        .addListener((o, was, is) -> javafx.application.Platform.runLater(this::fitMachine));
    vm.onError(this::showError);
    vm.onTraceFile(p -> org.apicflow.ui.kvm.KvmWindow.open(p, null));
    vm.playback().traceProperty().addListener((o, was, is) -> rebuildMarksMenu());
    // the picker's titles and summaries are read when the picker opens, or once the first run is
    // on screen (in the app: once every view and the editor are built), so reading every built-in
    // does not compete with showing the first one
    picker.setOnShowing(e -> vm.describeBuiltIns());
    if (firstFrameFirst) {
      buildAfterFirstFrame();
    } else {
      javafx.beans.value.ChangeListener<Object> describe =
          new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<?> o, Object was, Object is) {
              if (is != null && !vm.isPreview()) {
                vm.playback().traceProperty().removeListener(this);
                javafx.application.Platform.runLater(vm::describeBuiltIns);
              }
            }
          };
      vm.playback().traceProperty().addListener(describe);
      buildViews();
    }
  }

  /** Set when the machine's height is to be fitted before the next pulse's layout. */
  private boolean fitPending;

  private void fitBeforeLayout() {
    fitPending = true;
    javafx.application.Platform.requestNextPulse();
  }

  /** A place kept for a view built after the first frame: the panel's background, no content. */
  private static StackPane slot(String id) {
    StackPane p = new StackPane();
    p.setId(id);
    p.getStyleClass().add("view-slot");
    p.setMinSize(0, 0);
    return p;
  }

  /**
   * Timeline against code pane, code pane over event log: their shares, as the window sets them.
   */
  private void keepShares() {
    top.setDividerPositions(BOTTOM_DIVIDER);
    if (right.getItems().size() > 1) {
      right.setDividerPositions(RIGHT_DIVIDER);
    }
  }

  /** Whether the code pane and event log are built (see {@link #buildViews}). */
  public boolean viewsBuilt() {
    return codeView != null;
  }

  /**
   * Builds the code pane and event log into their slots, if they are not yet; they take the view
   * models' present state, so nothing that happened before is lost.
   */
  public void buildViews() {
    if (codeView != null) {
      return;
    }
    codeView = new CodeView(vm.code());
    log = new EventLogView(vm.playback());
    for (Region r : List.of(codeView, log)) {
      r.setMinHeight(0);
    }
    codeSlot.getChildren().setAll(codeView);
    logSlot.getChildren().setAll(log);
    fitMachine();
  }

  /**
   * Builds the other views once a frame has shown the run (or a second after the first frame, when
   * no run comes: a file that does not open, no built-ins), then the scenario editor a little
   * later, each in a pulse of its own.
   */
  private void buildAfterFirstFrame() {
    javafx.animation.PauseTransition latest =
        new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1));
    boolean[] first = {true};
    Runnable[] listener = new Runnable[1];
    Runnable build =
        () -> {
          latest.stop();
          scene.removePostLayoutPulseListener(listener[0]);
          javafx.application.Platform.runLater(
              () -> {
                buildViews();
                // the editor in a later pulse, so the views' first frame does not wait for it
                javafx.animation.PauseTransition editor =
                    new javafx.animation.PauseTransition(javafx.util.Duration.millis(200));
                editor.setOnFinished(
                    e -> {
                      workshop.prepare();
                      javafx.application.Platform.runLater(vm::describeBuiltIns);
                    });
                editor.play();
              });
        };
    latest.setOnFinished(e -> build.run());
    listener[0] =
        () -> {
          if (first[0]) {
            first[0] = false;
            latest.play();
          }
          if (vm.playback().getTrace() != null) {
            build.run();
          }
        };
    scene.addPostLayoutPulseListener(listener[0]);
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

  public org.apicflow.ui.editor.Workshop workshop() {
    return workshop;
  }

  /** Shows the window on a stage at its default size; nothing is remembered. */
  public void show(Stage s) {
    show(s, null);
  }

  /**
   * Shows the window on a stage. With settings, the window takes the size, place, theme, scale and
   * mode they remember (else about 85% of the screen, centred) and remembers them again on close.
   */
  public void show(Stage s, Settings remembered) {
    stage = s;
    settings = remembered;
    s.titleProperty().bind(workshop.windowTitle());
    s.setScene(scene);
    s.setOnCloseRequest(
        e -> {
          if (!workshop.confirmLeave()) {
            e.consume();
          }
        });
    s.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> workshop.close());
    if (remembered != null) {
      restore(s, remembered);
      workshop.remember(remembered);
      s.setOnHiding(e -> remember());
      rebuildRecentMenu();
    }
    s.show();
    if (remembered != null && vm.presenterProperty().get()) {
      setFullScreen(true);
    }
  }

  /** The settings the window remembers into, or null (tests, exports). */
  public Settings settings() {
    return settings;
  }

  private void restore(Stage s, Settings st) {
    javafx.geometry.Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    double w = st.number("window.width", Math.round(screen.getWidth() * 0.85));
    double h = st.number("window.height", Math.round(screen.getHeight() * 0.85));
    w = Math.max(640, Math.min(w, screen.getWidth()));
    h = Math.max(480, Math.min(h, screen.getHeight()));
    double x = st.number("window.x", Double.NaN);
    double y = st.number("window.y", Double.NaN);
    boolean onScreen =
        !Double.isNaN(x)
            && !Double.isNaN(y)
            && !Screen.getScreensForRectangle(x, y, Math.min(w, 100), Math.min(h, 60)).isEmpty();
    if (!onScreen) {
      x = screen.getMinX() + (screen.getWidth() - w) / 2;
      y = screen.getMinY() + (screen.getHeight() - h) / 2;
    }
    s.setWidth(w);
    s.setHeight(h);
    s.setX(x);
    s.setY(y);
    s.setMaximized(st.bool("window.maximized", false));
    vm.darkProperty().set(st.bool("theme.dark", false));
    vm.userZoomProperty().set(st.number("ui.zoom", 1.0));
    vm.presenterProperty().set(st.bool("presenter", false));
    // remember the changes as they happen too: a crash or a kill loses nothing
    vm.darkProperty().addListener((o, was, is) -> remember());
    vm.userZoomProperty().addListener((o, was, is) -> remember());
    vm.presenterProperty().addListener((o, was, is) -> remember());
    vm.fixProperty().addListener((o, was, is) -> remember());
    vm.choiceProperty()
        .addListener(
            (o, was, is) -> {
              if (is != null && is.file().isPresent()) {
                st.addRecent(is.file().get());
                rebuildRecentMenu();
              }
              remember();
            });
  }

  /** Writes what the window remembers: size and place (unless full screen), theme, scale, run. */
  private void remember() {
    Settings st = settings;
    if (st == null || stage == null) {
      return;
    }
    if (!stage.isFullScreen() && !filledByHand && !stage.isMaximized() && stage.getWidth() > 0) {
      st.put("window.width", stage.getWidth());
      st.put("window.height", stage.getHeight());
      st.put("window.x", stage.getX());
      st.put("window.y", stage.getY());
    }
    st.put("window.maximized", stage.isMaximized());
    st.put("theme.dark", vm.darkProperty().get());
    st.put("ui.zoom", vm.userZoomProperty().get());
    st.put("presenter", vm.presenterProperty().get());
    ScenarioChoice c = vm.choiceProperty().get();
    if (c != null) {
      st.put("scenario.builtin", c.file().isEmpty() ? c.builtInId() : null);
      st.put("scenario.file", c.file().map(Object::toString).orElse(null));
      st.put("scenario.fix", vm.getFix());
    }
    st.save();
  }

  // ------------------------------------------------------------------ toolbar

  private HBox toolbar() {
    picker = new ComboBox<>(vm.choices());
    picker.setId("scenario-picker");
    picker.setSkin(new LeanComboSkin<>(picker)); // its width is in the style sheet
    picker.setPromptText("scenario");
    picker.setMinWidth(160);
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
            return c == null ? "" : pickerTitle(c);
          }

          @Override
          public ScenarioChoice fromString(String s) {
            return null;
          }
        });
    // the list names each scenario by its title with the first sentence of its summary
    picker.setCellFactory(l -> new ChoiceCell());
    picker.setButtonCell(
        new ListCell<>() {
          @Override
          protected void updateItem(ScenarioChoice c, boolean empty) {
            super.updateItem(c, empty);
            setText(empty || c == null ? "" : pickerTitle(c));
          }
        });
    vm.about()
        .addListener(
            (javafx.collections.MapChangeListener<ScenarioChoice, MainViewModel.About>)
                ch -> {
                  ScenarioChoice c = picker.getValue();
                  picker.setButtonCell(picker.getButtonCell()); // re-reads the title
                  if (c != null) {
                    picker.getButtonCell().setText(pickerTitle(c));
                  }
                });
    LazyTip.install(
        picker,
        pickerTip -> {
          pickerTip.setWrapText(true);
          pickerTip.setMaxWidth(520);
          pickerTip
              .textProperty()
              .bind(
                  javafx.beans.binding.Bindings.createStringBinding(
                      () -> {
                        Scenario sc = vm.getScenario();
                        return sc == null
                            ? "Built-in scenarios and files you opened"
                            : sc.title() + "\n\n" + sc.summary().strip();
                      },
                      vm.scenarioProperty()));
        });
    Button open = button(Feather.FOLDER, null, "Open a scenario file (Ctrl+O)", this::openFile);
    open.setId("open-file");

    fixes.setId("fix-selector");
    fixes.getStyleClass().add("fix-selector");
    fixes.setMinWidth(Region.USE_PREF_SIZE);
    // where the toolbar has no room for a button per fix (presenter mode, a narrow window), the
    // fixes are one drop-down instead, so the outcome and the buttons at the right stay whole
    fixCombo.setId("fix-combo");
    // its list joins when it stands in for the buttons, and its width then comes from the fixes
    fixCombo.setSkin(new LeanComboSkin<>(fixCombo));
    fixCombo.setFocusTraversable(false);
    fixCombo.setMinWidth(Region.USE_PREF_SIZE);
    LazyTip.install(fixCombo, t -> t.setText("The fix this run uses"));
    fixCombo.setVisible(false);
    fixCombo.setManaged(false);
    fixCombo.setOnAction(
        e -> {
          String f = fixCombo.getValue();
          if (f != null && !f.equals(vm.getFix())) {
            vm.selectFix(f);
          }
        });
    fixBox.setId("fix-box");
    fixBox.setAlignment(Pos.CENTER_LEFT);
    fixBox.setMinWidth(Region.USE_PREF_SIZE);
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
    speed.setSkin(new LeanComboSkin<>(speed)); // its width is in the style sheet
    speed.setMinWidth(132);
    speed.setValue(p.speedProperty().get());
    LazyTip.install(speed, t -> t.setText("Playback speed in steps per second"));
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
    LazyTip.install(dark, t -> t.setText("Dark theme"));
    dark.selectedProperty().bindBidirectional(vm.darkProperty());
    dark.setFocusTraversable(false);
    ToggleButton presenter = new ToggleButton(null, new FontIcon(Feather.MONITOR));
    presenter.setId("presenter-toggle");
    LazyTip.install(
        presenter,
        t -> t.setText("Presenter mode (F5): everything larger, high contrast, full screen"));
    presenter.selectedProperty().bindBidirectional(vm.presenterProperty());
    presenter.setFocusTraversable(false);
    presenter.setMinWidth(Region.USE_PREF_SIZE);

    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(18, 18);
    busy.visibleProperty().bind(vm.busyProperty());
    busy.progressProperty().bind(vm.progressProperty()); // how far an open's simulation got
    Label outcome = new Label();
    outcome.setId("outcome");
    outcome.getStyleClass().add("outcome");
    outcome.setMinWidth(Region.USE_PREF_SIZE);
    LazyTip.install(
        outcome, t -> t.setText("How this run ends (the simulation ran to completion first)"));
    outcome.textProperty().bind(vm.outcomeProperty());
    outcome
        .textProperty()
        .addListener(
            (o, was, is) -> {
              outcome.getStyleClass().removeAll("outcome-ok", "outcome-bad");
              if (is.startsWith("ends")) { // not while the run is still being simulated
                outcome
                    .getStyleClass()
                    .add(is.startsWith("ends ok") ? "outcome-ok" : "outcome-bad");
              }
            });
    outcome.setMinWidth(Region.USE_PREF_SIZE);
    var export =
        org.apicflow.ui.export.ExportAction.menuButton(
            vm,
            () -> {
              buildViews(); // the window's picture must have every view
              return scene;
            });
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
            fixBox,
            busy,
            grow,
            outcome,
            machine,
            export,
            presenter,
            dark);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("app-toolbar");
    Runnable fitFixes = () -> fitFixes(bar);
    bar.widthProperty().addListener(o -> fitFixes.run());
    bar.needsLayoutProperty()
        .addListener(
            (o, was, is) -> {
              if (!is) {
                fitFixes.run();
              }
            });
    for (var n : List.of(picker, speed)) {
      n.setFocusTraversable(false);
    }
    return bar;
  }

  private Button button(Ikon icon, String text, String tip, Runnable action) {
    Button b = new Button(text, new FontIcon(icon));
    LazyTip.install(b, t -> t.setText(tip));
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
        LazyTip.install(
            b,
            t -> {
              t.setText(tip);
              t.setWrapText(true);
              t.setMaxWidth(420);
            });
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
    fixCombo.getItems().setAll(s == null ? List.of() : s.fixNames());
    selectFixButton(vm.getFix());
  }

  /** The fixes as buttons when the toolbar has the room, else as a drop-down. */
  private void fitFixes(HBox bar) {
    double w = bar.getWidth();
    if (w <= 0 || !fixBox.isVisible()) {
      return;
    }
    boolean compact = fixCombo.isManaged();
    double now = fixBox.prefWidth(-1);
    double buttons = fixes.prefWidth(-1);
    double need = bar.prefWidth(-1) - now + buttons;
    if (views != null) {
      // the view switch gives way first (icons only): count it at that width
      SegmentedButton v = views.control();
      boolean labelled =
          !v.getButtons().isEmpty()
              && v.getButtons().get(0).getContentDisplay()
                  != javafx.scene.control.ContentDisplay.GRAPHIC_ONLY;
      if (labelled) {
        double iconOnly = 0;
        for (ToggleButton b : v.getButtons()) {
          iconOnly += b.getHeight() > 0 ? b.getHeight() * 1.1 : 32;
        }
        need -= Math.max(0, v.prefWidth(-1) - iconOnly);
      }
    }
    boolean want = need > w - 1;
    if (want && fixCombo.getSkin() instanceof LeanComboSkin<?> lean) {
      lean.join();
    }
    if (want != compact) {
      fixes.setVisible(!want);
      fixes.setManaged(!want);
      fixCombo.setVisible(want);
      fixCombo.setManaged(want);
    }
  }

  /** The fix drop-down that stands in for the fix buttons where the toolbar is short. */
  public ComboBox<String> fixCombo() {
    return fixCombo;
  }

  private void selectFixButton(String name) {
    if (!java.util.Objects.equals(fixCombo.getValue(), name)) {
      fixCombo.setValue(name);
    }
    for (ToggleButton b : fixes.getButtons()) {
      b.setSelected(b.getText().equals(name));
    }
  }

  /**
   * One line, always: the playback controls, where the cursor is ("step N / M · t = ..."), and the
   * key to the shortcuts. A long text is cut with an ellipsis (the whole of it in the tooltip); it
   * never wraps, so the bar's height and the views above never move.
   */
  private HBox statusBar() {
    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(vm.statusProperty());
    status.setWrapText(false);
    status.setMinWidth(0);
    status.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
    LazyTip.install(status, t -> t.textProperty().bind(vm.statusProperty()));
    status.setMaxWidth(Double.MAX_VALUE);
    // the text changes at every step: the label lays itself out in the room the bar gives it,
    // without laying out the window (a step used to measure every view again from the root)
    LocalLayout statusRoom = new LocalLayout(status);
    statusRoom.setMinWidth(0);
    statusRoom.setPrefWidth(0);
    statusRoom.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(statusRoom, Priority.ALWAYS);
    Label keys = new Label("F1 shortcuts");
    keys.setId("keys-hint");
    keys.getStyleClass().add("keys");
    keys.setMinWidth(Region.USE_PREF_SIZE);
    keys.setWrapText(false);
    HBox bar = new HBox(12, transport, speed, statusRoom, keys);
    bar.setId("status-bar");
    bar.getStyleClass().add("status-bar");
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setMinHeight(Region.USE_PREF_SIZE);
    bar.setMaxHeight(Region.USE_PREF_SIZE);
    return bar;
  }

  /** The status bar (its height never depends on the text). */
  public Region statusBarNode() {
    return (Region) root.getBottom();
  }

  // ------------------------------------------------------------------ menus

  private void buildMenus() {
    PlaybackModel p = vm.playback();
    menuBar.setId("menu-bar");
    menuBar.setUseSystemMenuBar(true);

    MenuItem open = item("Open…", "Shortcut+O", this::openFile);
    open.setId("menu-open");
    MenuItem reload = item("Reload", "Shortcut+R", vm::reload);
    reload.setId("menu-reload");
    MenuItem export = item("Export…", "Shortcut+E", this::export);
    export.setId("menu-export");
    MenuItem quit = item("Quit", "Shortcut+Q", this::quit);
    quit.setId("menu-quit");
    recentMenu.setId("menu-recent");
    rebuildRecentMenu();
    Menu file =
        new Menu(
            "File",
            null,
            open,
            recentMenu,
            reload,
            new SeparatorMenuItem(),
            export,
            new SeparatorMenuItem(),
            quit);
    file.setId("menu-file");
    List<MenuItem> edits = workshop.fileMenuItems();
    file.getItems().add(0, edits.get(0));
    file.getItems()
        .addAll(
            file.getItems().indexOf(reload) + 1,
            List.of(new SeparatorMenuItem(), edits.get(1), edits.get(2)));

    MenuItem single = item("Single Run", "Shortcut+1", () -> views.setMode(ViewSwitch.Mode.SINGLE));
    MenuItem compare =
        item("Compare Fixes", "Shortcut+2", () -> views.setMode(ViewSwitch.Mode.COMPARE));
    MenuItem compareQuirks =
        item("Compare Quirk Settings\u2026", "Shortcut+Shift+2", views::compareQuirkSettings);
    compareQuirks.setId("menu-compare-quirks");
    MenuItem matrix =
        item("Outcome Matrix", "Shortcut+3", () -> views.setMode(ViewSwitch.Mode.MATRIX));
    CheckMenuItem presenter = new CheckMenuItem("Presenter Mode");
    presenter.setAccelerator(KeyCombination.valueOf("F5"));
    presenter.selectedProperty().bindBidirectional(vm.presenterProperty());
    presenter.setId("menu-presenter");
    MenuItem full = item("Full Screen", "F11", this::toggleFullScreen);
    CheckMenuItem logItem = new CheckMenuItem("Event Log");
    logItem.setAccelerator(KeyCombination.valueOf("Shortcut+L"));
    logItem.setId("menu-log");
    logItem.setSelected(logWanted);
    logItem.setOnAction(
        e -> {
          logWanted = logItem.isSelected();
          placeLog();
        });
    CheckMenuItem dark = new CheckMenuItem("Dark Theme");
    dark.selectedProperty().bindBidirectional(vm.darkProperty());
    MenuItem zoomIn = item("Larger", "Shortcut+Plus", vm::zoomIn);
    MenuItem zoomOut = item("Smaller", "Shortcut+Minus", vm::zoomOut);
    MenuItem zoomReset = item("Actual Size", "Shortcut+0", vm::zoomReset);
    MenuItem fit = item("Timeline: Show the Whole Run", null, timelineView::zoomToFit);
    MenuItem quirks = item("Machine: What the SDM Leaves Open…", "Shortcut+M", this::machinePanel);
    MenuItem tlIn = item("Timeline: Zoom In", "Plus", () -> vm.timeline().zoomAtCursor(0.5));
    MenuItem tlOut = item("Timeline: Zoom Out", "Minus", () -> vm.timeline().zoomAtCursor(2));
    Menu view =
        new Menu(
            "View",
            null,
            single,
            compare,
            compareQuirks,
            matrix,
            new SeparatorMenuItem(),
            presenter,
            full,
            dark,
            logItem,
            new SeparatorMenuItem(),
            zoomIn,
            zoomOut,
            zoomReset,
            new SeparatorMenuItem(),
            tlIn,
            tlOut,
            fit,
            new SeparatorMenuItem(),
            quirks);
    view.setId("menu-view");
    view.getItems().addAll(view.getItems().indexOf(logItem) + 1, workshop.viewMenuItems());

    MenuItem fwd = item("Step Forward", "Right", p::stepForward);
    MenuItem back = item("Step Back", "Left", p::stepBack);
    MenuItem next = item("Next Marker", "Shift+Right", p::nextMark);
    MenuItem prev = item("Previous Marker", "Shift+Left", p::previousMark);
    MenuItem home = item("Start of the Run", "Home", p::home);
    MenuItem end = item("End of the Run", "End", p::toEnd);
    MenuItem play = item("Play / Pause", "Space", p::togglePlay);
    MenuItem time = item("Go to Time or Step…", "Shortcut+G", this::goToTime);
    time.setId("menu-go-time");
    marksMenu.setId("menu-marks");
    MenuItem navBack = item("Back", "Alt+Left", vm.navigation()::back);
    navBack.setId("menu-back");
    navBack.disableProperty().bind(vm.navigation().canGoBackProperty().not());
    MenuItem navFwd = item("Forward", "Alt+Right", vm.navigation()::forward);
    navFwd.setId("menu-forward");
    navFwd.disableProperty().bind(vm.navigation().canGoForwardProperty().not());
    Menu go =
        new Menu(
            "Go",
            null,
            fwd,
            back,
            next,
            prev,
            home,
            end,
            play,
            new SeparatorMenuItem(),
            time,
            marksMenu,
            new SeparatorMenuItem(),
            navBack,
            navFwd);
    go.setId("menu-go");

    MenuItem keysItem = item("Keyboard Shortcuts", "F1", this::toggleHelp);
    keysItem.setId("menu-shortcuts");
    MenuItem about = item("About APICFlow", null, this::about);
    about.setId("menu-about");
    Menu helpMenu = new Menu("Help", null, keysItem, about);
    helpMenu.setId("menu-help");
    menuBar.getMenus().setAll(file, view, go, helpMenu);
  }

  /**
   * A menu item. Keys the window's own key handler takes (arrows, Space, F5...) are shown on the
   * item; the handler runs them, so they work with the menus closed and never run twice.
   */
  private static MenuItem item(String text, String keys, Runnable action) {
    MenuItem m = new MenuItem(text);
    if (keys != null) {
      m.setAccelerator(KeyCombination.valueOf(keys));
    }
    m.setOnAction(e -> action.run());
    return m;
  }

  private void rebuildRecentMenu() {
    recentMenu.getItems().clear();
    if (settings != null) {
      for (java.nio.file.Path f : settings.recent()) {
        MenuItem m = new MenuItem(f.getFileName() + "  —  " + f.getParent());
        m.setMnemonicParsing(false);
        m.setOnAction(e -> vm.openFile(f));
        recentMenu.getItems().add(m);
      }
    }
    if (recentMenu.getItems().isEmpty()) {
      MenuItem none = new MenuItem("No files opened yet");
      none.setDisable(true);
      recentMenu.getItems().add(none);
    }
  }

  private void rebuildMarksMenu() {
    marksMenu.getItems().clear();
    var t = vm.playback().getTrace();
    if (t == null) {
      return;
    }
    java.util.List<org.apicflow.trace.Mark> list = new ArrayList<>(t.namedMarks());
    t.marks().stream()
        .filter(m -> m.builtIn() && (m.name().equals("oops") || m.name().equals("hang")))
        .forEach(list::add);
    list.sort(java.util.Comparator.comparingInt(org.apicflow.trace.Mark::event));
    for (org.apicflow.trace.Mark m : list) {
      MenuItem i =
          new MenuItem(
              (m.label().isBlank() ? m.name() : m.label())
                  + "   ("
                  + org.apicflow.trace.Times.format(m.time())
                  + ")");
      i.setMnemonicParsing(false);
      i.setOnAction(e -> vm.playback().seek(m.event() + 1));
      marksMenu.getItems().add(i);
    }
    if (marksMenu.getItems().isEmpty()) {
      MenuItem none = new MenuItem("This run has no markers");
      none.setDisable(true);
      marksMenu.getItems().add(none);
    }
  }

  private void goToTime() {
    var t = vm.playback().getTrace();
    if (t == null) {
      return;
    }
    TextInputDialog d = new TextInputDialog();
    d.initOwner(scene.getWindow());
    d.setTitle("Go to");
    d.setHeaderText("A time (640 ns, 20.4 us, 1.5 ms) or a step (#12)");
    d.getDialogPane().getStylesheets().setAll(scene.getStylesheets());
    d.showAndWait()
        .ifPresent(
            text -> {
              String s = text.strip();
              if (s.startsWith("#")) {
                try {
                  vm.playback().seek(Integer.parseInt(s.substring(1).strip()));
                } catch (NumberFormatException x) {
                  vm.playback().seek(vm.playback().getPosition());
                }
                return;
              }
              TimeInput.parse(s).ifPresent(ns -> vm.playback().seek(t.indexAtTime(ns + 1)));
            });
  }

  private void about() {
    Alert a = new Alert(Alert.AlertType.INFORMATION);
    a.initOwner(scene.getWindow());
    a.setTitle("About APICFlow");
    a.setHeaderText("APICFlow " + version());
    Label l =
        new Label(
            "Makes x86 interrupt delivery visible: simulated local APICs, the IPIs between CPUs,"
                + " from a kernel crash through kexec into the kdump capture kernel. Three real"
                + " Linux bugs replayed with their fixes.\n\nPress F1 for the keyboard"
                + " shortcuts.");
    l.setWrapText(true);
    a.getDialogPane().setContent(l);
    a.getDialogPane().setPrefWidth(520);
    a.show();
  }

  private static String version() {
    String v = MainWindow.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }

  private void quit() {
    if (stage != null && workshop.confirmLeave()) {
      stage.close();
    }
  }

  private void toggleFullScreen() {
    if (stage != null) {
      setFullScreen(!(stage.isFullScreen() || filledByHand));
    }
  }

  /** The window's bounds before it was made to fill the screen by hand (see below), or null. */
  private javafx.geometry.Rectangle2D beforeFill;

  /**
   * Full screen on or off. Where nothing honours the request (no window manager, some X servers)
   * the window is sized to the screen's bounds by hand a moment later, and put back on leaving.
   */
  private void setFullScreen(boolean on) {
    if (stage == null) {
      return;
    }
    stage.setFullScreenExitHint("");
    if (on && beforeFill == null) {
      beforeFill =
          new javafx.geometry.Rectangle2D(
              stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
    }
    if (stage.isFullScreen() != on) {
      stage.setFullScreen(on);
    }
    javafx.animation.PauseTransition later =
        new javafx.animation.PauseTransition(javafx.util.Duration.millis(250));
    later.setOnFinished(e -> fillScreenByHand(on));
    later.play();
  }

  private void fillScreenByHand(boolean on) {
    if (stage == null || !stage.isShowing()) {
      return;
    }
    javafx.geometry.Rectangle2D screen = screenOf(stage).getVisualBounds();
    if (on) {
      if (stage.getWidth() < screen.getWidth() - 1 || stage.getHeight() < screen.getHeight() - 1) {
        filledByHand = true;
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setWidth(screen.getWidth());
        stage.setHeight(screen.getHeight());
      }
    } else {
      if (filledByHand && beforeFill != null) {
        stage.setX(beforeFill.getMinX());
        stage.setY(beforeFill.getMinY());
        stage.setWidth(beforeFill.getWidth());
        stage.setHeight(beforeFill.getHeight());
      }
      filledByHand = false;
      beforeFill = null;
    }
  }

  /** Set while the window fills the screen by hand: its size then is not the one to remember. */
  private boolean filledByHand;

  private static Screen screenOf(Stage s) {
    var list =
        Screen.getScreensForRectangle(
            s.getX(), s.getY(), Math.max(1, s.getWidth()), Math.max(1, s.getHeight()));
    return list.isEmpty() ? Screen.getPrimary() : list.get(0);
  }

  // ------------------------------------------------------------------ help overlay

  private static final String[][] SHORTCUTS = {
    {"Right / Left", "step forward / back"},
    {"Shift+Right / Shift+Left", "next / previous marker"},
    {"Space", "play / pause"},
    {"Home / End", "start / end of the run"},
    {"Alt+Left / Alt+Right", "back / forward through your jumps"},
    {"Ctrl+G", "go to a time or a step"},
    {"+ / -  (mouse wheel)", "zoom the timeline"},
    {"drag on the timeline", "scrub"},
    {"click a CPU card", "pin it in the code pane"},
    {"Up / Down, Enter  (5-16 CPUs)", "move between the compact cards, pin one"},
    {"F5", "presenter mode: larger, high contrast, full screen"},
    {"F11", "full screen"},
    {"F10", "show or hide the menu bar in presenter mode"},
    {"Ctrl+Plus / Ctrl+Minus / Ctrl+0", "larger / smaller / actual size"},
    {"Ctrl+1 / Ctrl+2 / Ctrl+3", "single run / compare fixes / outcome matrix"},
    {"Ctrl+Shift+2  (Q in compare)", "line up a quirk's settings: P4 vs QEMU vs KVM"},
    {"Ctrl+O / Ctrl+R", "open a scenario file / reload it"},
    {"Ctrl+E", "export a picture, an animation or the trace"},
    {"Ctrl+L", "show or hide the event log"},
    {"Ctrl+Shift+E / Ctrl+Shift+X", "the scenario editor / the expectations panel"},
    {"Ctrl+S", "save the scenario edited"},
    {"F1 or ?", "this list (Esc closes it)"},
  };

  /** The overlay, empty until first shown: its cards are built then, not at start-up. */
  private VBox helpOverlay() {
    VBox box = new VBox();
    box.setAlignment(Pos.CENTER);
    box.setId("help-overlay");
    box.getStyleClass().add("help-overlay");
    box.setVisible(false);
    box.setOnMouseClicked(e -> box.setVisible(false));
    box.visibleProperty()
        .addListener(
            (o, was, is) -> {
              if (is && box.getChildren().isEmpty()) {
                box.getChildren().add(helpCard());
              }
            });
    return box;
  }

  private VBox helpCard() {
    GridPane grid = new GridPane();
    grid.getStyleClass().add("help-grid");
    grid.setHgap(24);
    grid.setVgap(6);
    for (int i = 0; i < SHORTCUTS.length; i++) {
      Label k = new Label(SHORTCUTS[i][0]);
      k.getStyleClass().add("help-key");
      k.setMinWidth(Region.USE_PREF_SIZE);
      Label d = new Label(SHORTCUTS[i][1]);
      d.getStyleClass().add("help-text");
      d.setWrapText(true);
      grid.addRow(i, k, d);
    }
    Label title = new Label("Keyboard shortcuts");
    title.getStyleClass().add("help-title");
    Label close = new Label("Esc, F1 or a click closes this");
    close.getStyleClass().add("help-close");
    VBox card = new VBox(12, title, grid, close);
    card.getStyleClass().add("help-card");
    card.setMaxWidth(Region.USE_PREF_SIZE);
    card.setMaxHeight(Region.USE_PREF_SIZE);
    return card;
  }

  /** The keyboard-shortcut overlay (F1, ?). */
  public Region helpOverlayNode() {
    return help;
  }

  private void toggleHelp() {
    help.setVisible(!help.isVisible());
  }

  // ------------------------------------------------------------------ scale

  private void applyScale(double s) {
    shell.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.2fpx;", BASE_FONT * s));
  }

  /** The type size of the interface at scale 1, in px. */
  public static final double BASE_FONT = 13;

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
    if (fixBox.getParent() instanceof javafx.scene.layout.Pane row) {
      int at = row.getChildren().indexOf(fixBox) + 1;
      row.getChildren().addAll(at, List.of(new Separator(Orientation.VERTICAL), v.control()));
    } else {
      root.setTop(new HBox(8, root.getTop(), v.control()));
    }
    Region bar = (Region) root.getTop();
    var single = v.modeProperty().isEqualTo(ViewSwitch.Mode.SINGLE);
    for (String id : List.of("#step-forward", "#speed", "#fix-box", "#outcome")) {
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
    buildViews(); // the window's picture must have every view
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
    KeyCode k = e.getCode();
    if (help.isVisible() && (k == KeyCode.ESCAPE || k == KeyCode.F1 || "?".equals(e.getText()))) {
      help.setVisible(false);
      e.consume();
      return;
    }
    if (workshop.handleKey(e)) {
      return; // the editor's key (typing), or the workshop's own (Ctrl+S...)
    }
    if (e.isShortcutDown() && (k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD)) {
      vm.zoomIn();
      e.consume();
      return;
    }
    if (e.isShortcutDown() && (k == KeyCode.MINUS || k == KeyCode.SUBTRACT)) {
      vm.zoomOut();
      e.consume();
      return;
    }
    if (e.isShortcutDown() && (k == KeyCode.DIGIT0 || k == KeyCode.NUMPAD0)) {
      vm.zoomReset();
      e.consume();
      return;
    }
    if (views.key(e)) {
      e.consume();
      return;
    }
    PlaybackModel p = vm.playback();
    boolean handled = true;
    if (k == KeyCode.F1 || "?".equals(e.getText())) {
      toggleHelp();
    } else if (e.isShortcutDown() && k == KeyCode.O) {
      openFile();
    } else if (e.isShortcutDown() && k == KeyCode.E) {
      export();
    } else if (e.isControlDown() && k == KeyCode.M) {
      machinePanel();
    } else if (e.isShortcutDown() && k == KeyCode.R) {
      vm.reload();
    } else if (e.isShortcutDown() && k == KeyCode.G) {
      goToTime();
    } else if (e.isShortcutDown() && k == KeyCode.Q) {
      quit();
    } else if (e.isAltDown() && k == KeyCode.LEFT) {
      vm.navigation().back();
    } else if (e.isAltDown() && k == KeyCode.RIGHT) {
      vm.navigation().forward();
    } else if (k == KeyCode.RIGHT && e.isShiftDown()) {
      p.nextMark();
    } else if (k == KeyCode.LEFT && e.isShiftDown()) {
      p.previousMark();
    } else if (k == KeyCode.RIGHT) {
      p.stepSoon(1); // held or repeated keys add up to one update per pulse
    } else if (k == KeyCode.LEFT) {
      p.stepSoon(-1);
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
    } else if (k == KeyCode.F11) {
      toggleFullScreen();
    } else if (k == KeyCode.F10 && vm.presenterProperty().get()) {
      menuInPresenter = !menuInPresenter;
      placeMenuBar();
    } else if (k == KeyCode.ESCAPE && stage != null && (stage.isFullScreen() || filledByHand)) {
      setFullScreen(false);
    } else {
      handled = false;
    }
    if (handled) {
      e.consume();
    }
  }

  private void applyTheme(boolean dark) {
    setTheme(dark);
    shell.getStyleClass().remove("dark");
    if (dark) {
      shell.getStyleClass().add("dark");
    }
  }

  /** Sets the theme's style sheet for the whole app, unless it is already the one. */
  private static boolean setTheme(boolean dark) {
    String sheet =
        dark
            ? new PrimerDark().getUserAgentStylesheetBSS()
            : new PrimerLight().getUserAgentStylesheetBSS();
    if (!sheet.equals(Application.getUserAgentStylesheet())) {
      Application.setUserAgentStylesheet(sheet);
    }
    return true;
  }

  /**
   * Gives the machine the height its cards need for readable grids (and no more), up to about two
   * thirds of the window, but never so much that a timeline lane is cut: the timeline keeps the
   * height its lanes and labels need, and the machine gives up grids (fewer, smaller, or the set
   * bits in text only) before a lane is lost. Called when the CPU count, the window size or the
   * scale changes.
   */
  private void fitMachine() {
    double h = main.getHeight();
    double w = main.getWidth();
    if (h <= 0 || w <= 0) {
      return;
    }
    root.applyCss();
    double need = machineView.prefHeight(w);
    // presenter mode: the timeline's larger type needs its share too
    double most = (vm.presenterProperty().get() ? MACHINE_MAX - 0.08 : MACHINE_MAX) * h;
    double divider = 8;
    boolean presenter = vm.presenterProperty().get();
    double lanes = timelineView.neededHeight(w * BOTTOM_DIVIDER, !presenter) + divider;
    double px = Math.min(Math.min(need, most), h - lanes);
    // never less than the machine's own minimum (above sixteen CPUs: the strip, the full card's
    // text, the bus), so nothing in it runs into the next; a grouped timeline (above 32 CPUs)
    // needs little, its density strips read at a thin height
    px = Math.max(px, Math.min(machineView.minHeight(w), most));
    double pos = Math.max(0.2, px / h);
    if (Math.abs(main.getDividerPositions()[0] - pos) > 1e-4) {
      main.setDividerPositions(pos);
    }
    if (codeView == null) {
      // the empty slots would take a resize of the window unevenly: they keep the views' shares
      keepShares();
    }
    placeLog();
  }

  /** The event log under the code pane when wanted, never in presenter mode. */
  private void placeLog() {
    boolean show = logWanted && !vm.presenterProperty().get();
    if (show && !right.getItems().contains(logSlot)) {
      right.getItems().add(logSlot);
      right.setDividerPositions(RIGHT_DIVIDER);
    } else if (!show) {
      right.getItems().remove(logSlot);
    }
  }

  /**
   * The scenario editor and expectations pane: at the left of the views, or in presenter mode over
   * the code pane at the bottom right (as wide as it), where it leaves the machine's cards the
   * whole width for their grids and the timeline in view; its edits still re-run the machine above
   * it.
   */
  private void placeWorkshop() {
    Region side = workshop.sidePane();
    boolean over = vm.presenterProperty().get();
    if (over && side.getParent() != bottom) {
      root.setLeft(null);
      StackPane.setAlignment(side, Pos.TOP_RIGHT);
      bottom.getChildren().add(side);
    } else if (!over && root.getLeft() != side) {
      bottom.getChildren().remove(side);
      root.setLeft(side);
    }
  }

  /** Whether the menu bar is wanted in presenter mode (F10); it is hidden there by default. */
  private boolean menuInPresenter;

  /**
   * Presenter mode gives the menu bar's line to the machine and the timeline (every menu command
   * has its key, and F10 brings the bar back); other modes always show it.
   */
  private void placeMenuBar() {
    boolean show = !vm.presenterProperty().get() || menuInPresenter;
    menuBar.setVisible(show);
    menuBar.setManaged(show);
    fitMachine();
  }

  private void applyPresenter(boolean on) {
    shell.getStyleClass().remove("presenter");
    if (stage != null && stage.isShowing()) {
      setFullScreen(on); // a presenter wants the whole projector
    }
    if (on) {
      shell.getStyleClass().add("presenter");
    }
    machineView.setPresenter(on);
    menuInPresenter = false;
    placeMenuBar();
    placeLog();
    top.setDividerPositions(BOTTOM_DIVIDER);
    fitMachine();
  }

  private String pickerTitle(ScenarioChoice c) {
    MainViewModel.About a = vm.about().get(c);
    return a == null ? c.label() : a.title();
  }

  /** A picker entry: the title, and under it the first sentence of the summary. */
  private final class ChoiceCell extends ListCell<ScenarioChoice> {
    private final Label title = new Label();
    private final Label summary = new Label();
    private final VBox box = new VBox(1, title, summary);

    ChoiceCell() {
      title.getStyleClass().add("choice-title");
      summary.getStyleClass().add("choice-summary");
      summary.setMaxWidth(560);
      box.setMaxWidth(580);
    }

    @Override
    protected void updateItem(ScenarioChoice c, boolean empty) {
      super.updateItem(c, empty);
      if (empty || c == null) {
        setGraphic(null);
        setText(null);
        return;
      }
      MainViewModel.About a = vm.about().get(c);
      title.setText(a == null ? c.label() : a.title());
      String where = c.file().map(f -> f.toString()).orElse(c.builtInId());
      summary.setText(a == null ? where : a.summary());
      setText(null);
      setGraphic(box);
    }
  }

  /**
   * The window's column: the menu bar and the editor's banner at their preferred heights, the views
   * in the rest. Unlike a VBox it never measures the views: a step that asks for a layout of the
   * views (a card's new text) reaches this column, and a VBox would ask the whole window's views
   * for their preferred height to share its height out, although the views always get what is left.
   * Its minimum height is the bars' (the window's size is the stage's, not asked of it).
   */
  private static final class Column extends javafx.scene.layout.Region {
    Column(javafx.scene.Node... children) {
      getChildren().addAll(children);
    }

    private javafx.scene.Node last() {
      return getChildren().get(getChildren().size() - 1);
    }

    @Override
    protected void layoutChildren() {
      double x = snappedLeftInset();
      double y = snappedTopInset();
      double w = getWidth() - x - snappedRightInset();
      double bottom = getHeight() - snappedBottomInset();
      for (javafx.scene.Node n : getManagedChildren()) {
        double h = n == last() ? Math.max(0, bottom - y) : snapSizeY(n.prefHeight(w));
        n.resizeRelocate(x, y, w, h);
        y += h;
      }
    }

    /** The bars' height, without the views. */
    private double bars(double width) {
      double h = snappedTopInset() + snappedBottomInset();
      for (javafx.scene.Node n : getManagedChildren()) {
        if (n != last()) {
          h += snapSizeY(n.prefHeight(width));
        }
      }
      return h;
    }

    @Override
    protected double computeMinHeight(double width) {
      return bars(width);
    }

    @Override
    protected double computePrefHeight(double width) {
      return bars(width) + last().prefHeight(width);
    }

    @Override
    protected double computeMinWidth(double height) {
      return 0;
    }

    @Override
    protected double computePrefWidth(double height) {
      double w = 0;
      for (javafx.scene.Node n : getManagedChildren()) {
        w = Math.max(w, n.prefWidth(-1));
      }
      return w + snappedLeftInset() + snappedRightInset();
    }
  }
}
