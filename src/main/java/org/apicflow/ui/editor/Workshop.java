package org.apicflow.ui.editor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.InputLimits;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.scenario.Templates;
import org.apicflow.trace.Mark;
import org.apicflow.trace.RunLimitException;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.ScenarioChoice;
import org.apicflow.ui.timeline.TimelineModel;

/**
 * The scenario workshop: the editor of the open scenario beside the machine view, the expectations
 * panel, the file watch and the banner that names a broken file. Every new text (typed, 300 ms
 * after the last key; or changed on disk) is loaded and simulated off the FX thread and shown in
 * one update, with the cursor at the same mark (else the same step); a text that does not load
 * leaves the last good run on screen and the error named in the banner and under the text.
 */
public final class Workshop {
  /** How long typing must stop before the text is simulated. */
  public static final javafx.util.Duration QUIET = javafx.util.Duration.millis(300);

  private final MainViewModel vm;

  /**
   * The editor (a rich text area): built when first needed, or once the window has drawn its first
   * frame ({@link #prepare}), never before: building it takes longer than the rest of the window.
   */
  private ScenarioEditor editor;

  /** Whether the editor holds unsaved changes (false until the editor exists). */
  private final javafx.beans.property.ReadOnlyBooleanWrapper dirty =
      new javafx.beans.property.ReadOnlyBooleanWrapper();

  private final ExpectationsPanel expectations;
  private final BorderPane side = new BorderPane();
  private final SplitPane stack = new SplitPane();
  private final BorderPane editorBox = new BorderPane();
  private final Label fileLabel = new Label();
  private final HBox banner;
  private final Label bannerText = new Label();
  private final BooleanProperty editorShown = new SimpleBooleanProperty(false);
  private final BooleanProperty expectationsShown = new SimpleBooleanProperty(false);
  private final PauseTransition quiet = new PauseTransition(QUIET);
  private final FileWatcher watcher;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "apicflow-workshop");
            t.setDaemon(true);
            return t;
          });

  /** Counts the texts sent to simulation: only the newest one's result is shown. */
  private long generation;

  /** Set by {@link #close}: no text is read or simulated any more, and no result is shown. */
  private boolean closed;

  /** The side pane's share of the window's width (the user drags its edge). */
  private double share = 0.38;

  /**
   * The side pane's width in presenter mode, where the window shows it over the code pane: the code
   * pane's share of the width.
   */
  private static final double PRESENTER_SHARE = 0.4;

  public Workshop(MainViewModel vm) {
    this.vm = vm;
    expectations = new ExpectationsPanel(this::showLine);
    watcher = new FileWatcher(this::changedOnDisk);

    // the editor: a header (file, unsaved marker, Save) over the text
    fileLabel.setId("editor-file");
    fileLabel.getStyleClass().add("editor-file");
    fileLabel.setMaxWidth(Double.MAX_VALUE);
    fileLabel
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> (dirty.get() ? "● " : "") + fileName() + (dirty.get() ? "  (unsaved)" : ""),
                dirty,
                vm.choiceProperty()));
    HBox.setHgrow(fileLabel, Priority.ALWAYS);
    Button save = new Button("Save");
    save.setId("editor-save");
    save.setOnAction(e -> save());
    save.disableProperty().bind(dirty.not());
    HBox head = new HBox(8, fileLabel, save);
    head.setAlignment(Pos.CENTER_LEFT);
    head.getStyleClass().add("editor-head");
    editorBox.setTop(head);
    editorBox.setMinHeight(0);

    stack.setOrientation(Orientation.VERTICAL);
    stack.setId("workshop-stack");
    side.setCenter(stack);
    Region edge = new Region();
    edge.getStyleClass().add("workshop-edge");
    edge.setCursor(Cursor.H_RESIZE);
    edge.setPrefWidth(6);
    edge.setOnMouseDragged(
        e -> {
          Scene sc = side.getScene();
          if (sc != null && sc.getWidth() > 0) {
            double x = edge.localToScene(e.getX(), 0).getX();
            share = Math.max(0.2, Math.min(0.7, x / sc.getWidth()));
            fitWidth();
          }
        });
    side.setRight(edge);
    side.setId("workshop");
    side.getStyleClass().add("workshop");
    side.sceneProperty()
        .addListener(
            (o, was, is) -> {
              if (is != null) {
                is.widthProperty().addListener((oo, w, v) -> fitWidth());
                fitWidth();
              }
            });
    vm.presenterProperty().addListener((o, was, is) -> fitWidth());
    editorShown.addListener((o, was, is) -> layoutSide());
    expectationsShown.addListener((o, was, is) -> layoutSide());
    layoutSide();

    bannerText.setId("workshop-banner-text");
    bannerText.getStyleClass().add("workshop-banner-text");
    bannerText.setWrapText(true);
    bannerText.setMaxWidth(Double.MAX_VALUE);
    bannerText.setMinHeight(Region.USE_PREF_SIZE); // two lines rather than an ellipsis
    HBox.setHgrow(bannerText, Priority.ALWAYS);
    banner = new HBox(8, bannerText);
    banner.setId("workshop-banner");
    banner.getStyleClass().add("workshop-banner");
    banner.setAlignment(Pos.CENTER_LEFT);
    hideBanner();

    quiet.setOnFinished(e -> simulate(ed().text()));
    vm.choiceProperty().addListener((o, was, is) -> opened(is));
    vm.scenarioProperty().addListener((o, was, is) -> expectations.check(is));
    vm.setLeaveGuard(c -> confirmLeave());
  }

  // ------------------------------------------------------------------ parts

  /** The pane beside the views: the editor over the expectations (either may be hidden). */
  public Region sidePane() {
    return side;
  }

  /** The line under the menu bar naming a file that does not load; hidden while all is well. */
  public Region banner() {
    return banner;
  }

  public ScenarioEditor editor() {
    showText();
    return ed();
  }

  /** The editor, built now if it was not yet. */
  private ScenarioEditor ed() {
    if (editor == null) {
      editor = new ScenarioEditor();
      dirty.bind(editor.dirtyProperty());
      editor.setOnEdit(quiet::playFromStart);
      editorBox.setCenter(editor);
    }
    return editor;
  }

  /** Whether the editor has been built (it is built when first needed, or by {@link #prepare}). */
  public boolean isEditorBuilt() {
    return editor != null;
  }

  /**
   * Builds the editor ahead of its first use (the window calls this once its first frames are on
   * screen), so opening it later does not wait for it.
   */
  public void prepare() {
    ed();
  }

  /**
   * The text of the scenario opened while the editor was hidden: put into the editor when it is
   * shown or asked for, so opening a long scenario does not lay out its text unseen on the FX
   * thread.
   */
  private String unshownText;

  private void showText() {
    if (unshownText != null) {
      String t = unshownText;
      unshownText = null;
      ed().setText(t);
    }
  }

  public ExpectationsPanel expectations() {
    return expectations;
  }

  public BooleanProperty editorShownProperty() {
    return editorShown;
  }

  public BooleanProperty expectationsShownProperty() {
    return expectationsShown;
  }

  /** Whether the editor holds changes not saved to the file. */
  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  /** The window's title: "APICFlow — TITLE", with a leading "● " while there are unsaved edits. */
  public StringBinding windowTitle() {
    return Bindings.createStringBinding(
        () -> {
          String t = vm.titleProperty().get();
          String base = t == null || t.isEmpty() ? "APICFlow" : "APICFlow — " + t;
          return dirty.get() ? "● " + base + " (unsaved)" : base;
        },
        vm.titleProperty(),
        dirty);
  }

  /** The banner's text (empty when hidden). */
  public String bannerMessage() {
    return banner.isVisible() ? bannerText.getText() : "";
  }

  private String fileName() {
    ScenarioChoice c = vm.choiceProperty().get();
    if (c == null) {
      return "no scenario";
    }
    return c.file().map(p -> p.getFileName().toString()).orElse(c.builtInId() + " (built-in)");
  }

  private void layoutSide() {
    List<javafx.scene.Node> items = new ArrayList<>();
    if (editorShown.get()) {
      showText();
      items.add(editorBox);
    }
    if (expectationsShown.get()) {
      items.add(expectations);
    }
    stack.getItems().setAll(items);
    if (items.size() == 2) {
      stack.setDividerPositions(0.68);
    }
    boolean any = !items.isEmpty();
    if (any) {
      styled(side);
    }
    side.setVisible(any);
    side.setManaged(any);
    if (editorShown.get()) {
      Platform.runLater(ed().area()::requestFocus);
    }
  }

  private void fitWidth() {
    Scene sc = side.getScene();
    if (sc != null && sc.getWidth() > 0) {
      // presenter mode: over the code pane (the window places it there), as wide as that pane
      double part = vm.presenterProperty().get() ? PRESENTER_SHARE : share;
      double w = Math.max(260, sc.getWidth() * part);
      side.setPrefWidth(w);
      side.setMinWidth(w);
      side.setMaxWidth(w);
    }
  }

  /**
   * Gives a part of the workshop its style sheet when it is first shown: the window starts without
   * it (a hidden pane's rules would still be matched).
   */
  private static void styled(Region part) {
    String css = org.apicflow.ui.StyleSheets.url(Workshop.class, "editor.css");
    if (!part.getStylesheets().contains(css)) {
      part.getStylesheets().add(css);
    }
  }

  private void showBanner(String text) {
    styled(banner);
    bannerText.setText(text);
    banner.setVisible(true);
    banner.setManaged(true);
  }

  private void hideBanner() {
    bannerText.setText("");
    banner.setVisible(false);
    banner.setManaged(false);
  }

  private void showLine(ExpectationsPanel.Row r) {
    if (r.line() > 0 && r.line() <= editor().area().getParagraphs().size()) {
      editorShown.set(true);
      editor.area().moveTo(r.line() - 1, 0);
      editor.area().requestFollowCaret();
    }
  }

  // ------------------------------------------------------------------ loading

  /** Another scenario is shown: its text comes into the editor and its file is watched. */
  private void opened(ScenarioChoice c) {
    quiet.stop();
    generation++;
    if (closed) {
      return;
    }
    unshownText = null;
    hideBanner();
    if (editor != null) {
      editor.clearError();
    }
    if (c == null) {
      watcher.watch(null);
      return;
    }
    Optional<Path> file = c.file();
    watcher.watch(file.orElse(null));
    long gen = generation;
    worker.submit(
        () -> {
          String text;
          try {
            text = file.isPresent() ? read(file.get()) : Catalogue.text(c.builtInId());
          } catch (IOException e) {
            text = "# " + FileErrors.message(e) + "\n";
          }
          String t = text;
          Platform.runLater(
              () -> {
                if (gen == generation && c.equals(vm.choiceProperty().get())) {
                  if (editorShown.get()) {
                    ed().setText(t);
                  } else {
                    unshownText = t;
                  }
                }
              });
        });
  }

  private static String read(Path p) throws IOException {
    long max = InputLimits.current().maxBytes();
    if (Files.size(p) > max) {
      throw new java.nio.file.FileSystemException(
          p.toString(), null, "larger than " + max + " bytes, the limit for a scenario file");
    }
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }

  /** The file changed on disk (called on the watcher's thread). */
  private void changedOnDisk(Path p) {
    String text;
    String failure = null;
    try {
      text = read(p);
    } catch (IOException e) {
      text = null;
      failure = FileErrors.message(e);
    }
    String t = text;
    String why = failure;
    Platform.runLater(
        () -> {
          ScenarioChoice c = vm.choiceProperty().get();
          if (closed || c == null || c.file().isEmpty() || !sameFile(c.file().get(), p)) {
            return;
          }
          showText();
          if (t == null) {
            showBanner(why + " · the run shown is the last one that loaded");
          } else if (t.equals(ed().text())) {
            if (editor.isDirty()) {
              editor.markSaved();
            }
          } else if (!editor.isDirty()) {
            quiet.stop();
            editor.setText(t);
            simulate(t, true);
          } else {
            showBanner(
                p.getFileName()
                    + " changed on disk; the editor keeps your unsaved changes (Ctrl+S writes"
                    + " them over it)");
          }
        });
  }

  private static boolean sameFile(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  /**
   * Loads and simulates {@code text} as the scenario shown, off the FX thread, and shows the run
   * (same fix, cursor at the same mark or step); a text that does not load is named instead.
   */
  public void simulate(String text) {
    simulate(text, false);
  }

  /** As {@link #simulate(String)}; {@code reveal}: scroll the editor to an error's line. */
  private void simulate(String text, boolean reveal) {
    ScenarioChoice c = vm.choiceProperty().get();
    if (c == null || closed) {
      return;
    }
    long gen = ++generation;
    String name = c.file().map(Path::toString).orElse("builtin:" + c.builtInId() + ".yaml");
    String wanted = vm.getFix();
    worker.submit(
        () -> {
          try {
            Scenario s = ScenarioLoader.parse(name, text);
            String f = s.hasFix(wanted) ? wanted : Scenario.NONE;
            Trace t = Simulator.run(s.program(f));
            TimelineModel m = new TimelineModel(t);
            Platform.runLater(
                () -> {
                  if (gen != generation || !c.equals(vm.choiceProperty().get())) {
                    return;
                  }
                  if (editor != null) {
                    editor.clearError();
                  }
                  hideBanner();
                  vm.showSimulated(c, s, f, m, keptPosition(t));
                });
          } catch (ScenarioException e) {
            Platform.runLater(
                () -> {
                  if (gen != generation) {
                    return;
                  }
                  if (ed().text().equals(text)) {
                    editor.showError(e);
                    if (reveal) {
                      editor.revealError();
                    }
                  }
                  showBanner(e.getMessage() + " · the run shown is the last one that loaded");
                });
          } catch (RunLimitException e) {
            Platform.runLater(
                () -> {
                  if (gen == generation) {
                    showBanner(name + ": " + e.getMessage() + " · the run shown is the last one");
                  }
                });
          } catch (RuntimeException | StackOverflowError e) { // NOPMD: a bug, said in one line
            Platform.runLater(
                () -> {
                  if (gen == generation) {
                    showBanner(name + ": internal error (a bug): " + e);
                  }
                });
          }
        });
  }

  /**
   * Where the cursor goes in the new run: the same mark (the same occurrence of its name) if the
   * cursor is at one and the new run has it, else the same step.
   */
  private int keptPosition(Trace next) {
    Trace old = vm.playback().getTrace();
    int pos = vm.playback().getPosition();
    if (old == null) {
      return 0;
    }
    Mark at = null;
    int nth = 0;
    for (Mark m : old.marks()) {
      if (m.event() + 1 == pos) {
        at = m;
      }
    }
    if (at != null) {
      for (Mark m : old.marks()) {
        if (m == at) {
          break;
        }
        if (m.name().equals(at.name())) {
          nth++;
        }
      }
      int seen = 0;
      for (Mark m : next.marks()) {
        if (m.name().equals(at.name())) {
          if (seen == nth) {
            return m.event() + 1;
          }
          seen++;
        }
      }
    }
    return Math.min(pos, next.size());
  }

  // ------------------------------------------------------------------ saving

  /** Ctrl+S: writes the text to its file (a built-in asks where); false when not saved. */
  public boolean save() {
    ScenarioChoice c = vm.choiceProperty().get();
    if (c == null) {
      return false;
    }
    if (c.file().isEmpty()) {
      return saveAs();
    }
    return write(c.file().get());
  }

  /** Writes the text to a file the user picks and opens that file. */
  public boolean saveAs() {
    ScenarioChoice c = vm.choiceProperty().get();
    FileChooser fc = chooser("Save scenario as");
    fc.setInitialFileName(
        c == null
            ? "scenario.yaml"
            : c.file().map(p -> p.getFileName().toString()).orElse(c.builtInId() + ".yaml"));
    File f = fc.showSaveDialog(side.getScene() == null ? null : side.getScene().getWindow());
    if (f == null || !write(f.toPath())) {
      return false;
    }
    if (c == null || c.file().isEmpty() || !sameFile(c.file().get(), f.toPath())) {
      vm.openFile(f.toPath());
    }
    return true;
  }

  private boolean write(Path p) {
    try {
      showText();
      org.apicflow.trace.export.AtomicFiles.writeText(p, ed().text());
      editor.markSaved();
      return true;
    } catch (IOException e) {
      showBanner("Cannot save: " + FileErrors.message(e));
      return false;
    }
  }

  private static FileChooser chooser(String title) {
    FileChooser fc = new FileChooser();
    fc.setTitle(title);
    fc.getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter("Scenario files", "*.yaml", "*.yml"),
            new FileChooser.ExtensionFilter("All files", "*.*"));
    return fc;
  }

  /**
   * Before the scenario shown is replaced or the window closes: with unsaved changes, asks Save /
   * Discard / Cancel. True to go on.
   */
  public boolean confirmLeave() {
    if (!dirty.get()) {
      return true;
    }
    Alert a = new Alert(Alert.AlertType.CONFIRMATION);
    if (side.getScene() != null) {
      a.initOwner(side.getScene().getWindow());
    }
    a.setTitle("APICFlow");
    a.setHeaderText(fileName() + " has unsaved changes");
    a.setContentText("Save them before going on?");
    ButtonType saveB = new ButtonType("Save", ButtonBar.ButtonData.YES);
    ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
    ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
    a.getButtonTypes().setAll(saveB, discard, cancel);
    a.getDialogPane().setId("unsaved-dialog");
    ButtonType r = a.showAndWait().orElse(cancel);
    boolean go;
    if (r == saveB) {
      go = save();
    } else if (r == discard) {
      editor.markSaved(); // the edits are let go: nothing is unsaved any more
      go = true;
    } else {
      go = false;
    }
    if (!go
        && side.getScene() != null
        && side.getScene().lookup("#scenario-picker") instanceof ComboBox<?> picker) {
      // the picker may show the scenario asked for: put back the one still shown
      @SuppressWarnings("unchecked")
      ComboBox<ScenarioChoice> p = (ComboBox<ScenarioChoice>) picker;
      Platform.runLater(() -> p.getSelectionModel().select(vm.choiceProperty().get()));
    }
    return go;
  }

  // ------------------------------------------------------------------ new files

  /** File > New: writes a template where the user says and opens it in the editor. */
  public void newScenario(String kind) {
    if (!confirmLeave()) {
      return;
    }
    FileChooser fc = chooser(kind.equals("bug") ? "New bug scenario" : "New lesson");
    fc.setInitialFileName("my-" + kind + ".yaml");
    File f = fc.showSaveDialog(side.getScene() == null ? null : side.getScene().getWindow());
    if (f != null) {
      createFromTemplate(kind, f.toPath());
    }
  }

  /** Writes the template of {@code kind} to {@code p} (replacing it) and opens it in the editor. */
  public boolean createFromTemplate(String kind, Path p) {
    try {
      org.apicflow.trace.export.AtomicFiles.writeText(
          p, Templates.text(kind, Templates.idFor(p.getFileName().toString())));
    } catch (IOException e) {
      showBanner("Cannot write the new scenario: " + FileErrors.message(e));
      return false;
    }
    editorShown.set(true);
    expectationsShown.set(true);
    vm.openFile(p);
    return true;
  }

  // ------------------------------------------------------------------ window hooks

  /** File menu entries: New (lesson, bug), Save, Save As. */
  public List<MenuItem> fileMenuItems() {
    MenuItem lesson = new MenuItem("Lesson…");
    lesson.setOnAction(e -> newScenario("lesson"));
    lesson.setId("menu-new-lesson");
    MenuItem bug = new MenuItem("Bug with a Fix…");
    bug.setOnAction(e -> newScenario("bug"));
    bug.setId("menu-new-bug");
    Menu news = new Menu("New", null, lesson, bug);
    news.setId("menu-new");
    MenuItem save = new MenuItem("Save");
    save.setAccelerator(KeyCombination.valueOf("Shortcut+S"));
    save.setOnAction(e -> save());
    save.setId("menu-save");
    MenuItem saveAs = new MenuItem("Save As…");
    saveAs.setAccelerator(KeyCombination.valueOf("Shortcut+Shift+S"));
    saveAs.setOnAction(e -> saveAs());
    saveAs.setId("menu-save-as");
    return List.of(news, save, saveAs);
  }

  /** View menu entries: the editor and the expectations panel, each shown or hidden. */
  public List<MenuItem> viewMenuItems() {
    CheckMenuItem ed = new CheckMenuItem("Scenario Editor");
    ed.setAccelerator(KeyCombination.valueOf("Shortcut+Shift+E"));
    ed.selectedProperty().bindBidirectional(editorShown);
    ed.setId("menu-editor");
    CheckMenuItem ex = new CheckMenuItem("Expectations");
    ex.setAccelerator(KeyCombination.valueOf("Shortcut+Shift+X"));
    ex.selectedProperty().bindBidirectional(expectationsShown);
    ex.setId("menu-expectations");
    return List.of(ed, ex);
  }

  /**
   * The window's key filter asks this first. Ctrl+S, Ctrl+Shift+S, Ctrl+Shift+E and Ctrl+Shift+X
   * are the workshop's; while the editor has the focus every other key is the editor's, except the
   * function keys and the window's Ctrl shortcuts. True: the window must not act on the key.
   */
  public boolean handleKey(KeyEvent e) {
    KeyCode k = e.getCode();
    if (e.isShortcutDown() && k == KeyCode.S) {
      if (e.isShiftDown()) {
        saveAs();
      } else {
        save();
      }
      e.consume();
      return true;
    }
    if (e.isShortcutDown() && e.isShiftDown() && k == KeyCode.E) {
      editorShown.set(!editorShown.get());
      e.consume();
      return true;
    }
    if (e.isShortcutDown() && e.isShiftDown() && k == KeyCode.X) {
      expectationsShown.set(!expectationsShown.get());
      e.consume();
      return true;
    }
    if (!editorHasFocus()) {
      return false;
    }
    if (k.isFunctionKey()) {
      return false;
    }
    if (e.isShortcutDown()
        && (k == KeyCode.O
            || k == KeyCode.Q
            || k == KeyCode.R
            || k == KeyCode.G
            || k == KeyCode.E
            || k == KeyCode.L
            || k == KeyCode.M
            || k.isDigitKey()
            || k == KeyCode.PLUS
            || k == KeyCode.MINUS
            || k == KeyCode.EQUALS)) {
      return false;
    }
    return true;
  }

  private boolean editorHasFocus() {
    Scene sc = side.getScene();
    if (sc == null) {
      return false;
    }
    for (javafx.scene.Node n = sc.getFocusOwner(); n != null; n = n.getParent()) {
      if (n == editor) {
        return true;
      }
    }
    return false;
  }

  /**
   * Files dropped on the window open as File > Open opens them: a scenario in the window, a KVM
   * trace in a trace window; several traces each in their own, and the first scenario.
   */
  public void installDrop(Scene scene) {
    scene.setOnDragOver(
        e -> {
          if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
            e.consume();
          }
        });
    scene.setOnDragDropped(
        e -> {
          boolean done = false;
          if (e.getDragboard().hasFiles()) {
            List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            Platform.runLater(() -> openDropped(files)); // not inside the drag: a dialog may ask
            done = !files.isEmpty();
          }
          e.setDropCompleted(done);
          e.consume();
        });
  }

  /** Opens dropped files through the window's one open path. */
  public void openDropped(List<Path> files) {
    boolean scenario = false;
    for (Path p : files) {
      boolean trace =
          Files.isRegularFile(p) && org.apicflow.trace.kvm.KvmReader.looksLikeKvmTrace(p);
      if (trace) {
        vm.openFile(p);
      } else if (!scenario) {
        scenario = true;
        vm.openFile(p);
      }
    }
  }

  /** Shows the panes the settings remember and remembers them as the user toggles them. */
  public void remember(org.apicflow.ui.prefs.Settings st) {
    editorShown.set(st.bool("workshop.editor", false));
    expectationsShown.set(st.bool("workshop.expectations", false));
    editorShown.addListener(
        (o, was, is) -> {
          st.put("workshop.editor", is);
          st.save();
        });
    expectationsShown.addListener(
        (o, was, is) -> {
          st.put("workshop.expectations", is);
          st.save();
        });
  }

  /**
   * Stops watching; the window is going away. A run waiting for typing to stop is not started, and
   * the result of one under way (or of a text being read) is let go when it comes.
   */
  public void close() {
    closed = true;
    quiet.stop();
    generation++;
    watcher.close();
    worker.shutdownNow();
  }
}
