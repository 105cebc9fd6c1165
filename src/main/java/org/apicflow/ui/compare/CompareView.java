package org.apicflow.ui.compare;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The compare view: one compact machine per compared fix in a grid, all moved by one cursor that is
 * a time offset from an anchor mark the user picks.
 */
public final class CompareView extends BorderPane {
  private final CompareViewModel vm;
  private final GridPane grid = new GridPane();
  private final List<ComparePanel> panels = new ArrayList<>();
  private final Slider scrub = new Slider(0, 1, 0);
  private final ComboBox<String> anchor = new ComboBox<>();
  private final Label empty = new Label();
  private final QuirkChooser quirkChooser;
  private final javafx.scene.layout.VBox strips = new javafx.scene.layout.VBox();
  private javafx.scene.control.ScrollPane stripScroll;
  private VBox centre;
  private final javafx.beans.property.DoubleProperty textScale =
      new javafx.beans.property.SimpleDoubleProperty(1.0);
  private boolean syncing;
  private java.util.function.Consumer<ComparePanelModel> onOpen = m -> {};

  public CompareView(CompareViewModel vm) {
    this.vm = vm;
    this.quirkChooser = new QuirkChooser(vm);
    getStyleClass().add("compare-view");
    setId("compare-view");
    getStylesheets()
        .addAll(
            org.apicflow.ui.timeline.TimelineView.STYLESHEET,
            org.apicflow.ui.StyleSheets.url(
                CompareView.class, "/org/apicflow/ui/compare-matrix.css"));

    Label title = new Label("Compare");
    title.getStyleClass().add("panel-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    Label align = new Label("align on");
    align.setMinWidth(Region.USE_PREF_SIZE);
    anchor.setId("anchor-picker");
    anchor.setItems(vm.anchors());
    anchor.setFocusTraversable(false);
    anchor.setMinWidth(Region.USE_PREF_SIZE);
    anchor.setTooltip(
        new Tooltip(
            "The mark every run is aligned on: at offset 0 each panel shows its run at that mark"));
    showAnchor(vm.getAnchor());
    vm.anchorProperty().addListener((o, was, is) -> showAnchor(is));
    // new choices clear the combo's value: show the anchor again
    vm.anchors()
        .addListener(
            (ListChangeListener<String>)
                c -> javafx.application.Platform.runLater(() -> showAnchor(vm.getAnchor())));
    anchor.setOnAction(
        e -> {
          // only the user's pick moves the cursor, not the combo showing the model's anchor
          if (anchor.getValue() != null && !showingAnchor) {
            vm.setAnchor(anchor.getValue());
          }
        });

    Button home = button(Feather.SKIP_BACK, "To the start (Home)", vm::home);
    Button prev = button(Feather.CHEVRONS_LEFT, "Previous marker (Shift+Left)", vm::previousMark);
    Button back = button(Feather.CHEVRON_LEFT, "Step back (Left)", vm::stepBack);
    Button play = button(Feather.PLAY, "Play / pause (Space)", vm::togglePlay);
    play.getStyleClass().add("accent");
    vm.playingProperty()
        .addListener(
            (o, was, is) -> play.setGraphic(new FontIcon(is ? Feather.PAUSE : Feather.PLAY)));
    Button fwd = button(Feather.CHEVRON_RIGHT, "Step forward (Right)", vm::stepForward);
    Button next = button(Feather.CHEVRONS_RIGHT, "Next marker (Shift+Right)", vm::nextMark);
    Button end = button(Feather.SKIP_FORWARD, "To the end (End)", vm::toEnd);
    Button toAnchor = button(Feather.ANCHOR, "Back to the anchor mark (A)", vm::toAnchor);
    back.setId("compare-step-back");
    fwd.setId("compare-step-forward");
    toAnchor.setId("compare-to-anchor");
    HBox transport = new HBox(2, home, prev, back, play, fwd, next, end, toAnchor);
    transport.setAlignment(Pos.CENTER_LEFT);

    Label cursor = new Label();
    cursor.setId("compare-cursor");
    cursor.getStyleClass().add("compare-cursor");
    cursor.textProperty().bind(vm.cursorTextProperty());
    cursor.setMinWidth(Region.USE_PREF_SIZE);

    ProgressBar progress = new ProgressBar();
    progress.setId("compare-progress");
    progress.setPrefWidth(120);
    progress.progressProperty().bind(vm.progressProperty());
    progress.visibleProperty().bind(vm.busyProperty());
    progress.managedProperty().bind(vm.busyProperty());

    HBox.setHgrow(scrub, Priority.ALWAYS);
    scrub.setMinWidth(80);
    Separator titleEnd = new Separator(Orientation.VERTICAL);
    HBox bar =
        new HBox(
            8,
            title,
            titleEnd,
            align,
            anchor,
            transport,
            cursor,
            scrub,
            progress,
            new FixChooser(vm),
            quirkChooser);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("compare-bar");
    setTop(bar);
    // on a narrow window (or in presenter mode's large type) the bar gives up, in this order, its
    // title (the view switch already says "Compare"), the "align on" words, the scrub slider, the
    // start / end buttons and the mark buttons: each has a key (Home, End, Shift+arrows)
    List<List<javafx.scene.Node>> spare =
        List.of(
            List.of(title, titleEnd),
            List.of(align),
            List.of(scrub),
            List.of(home, end),
            List.of(prev, next));
    Runnable fit =
        () -> {
          // the window's width, not the bar's: a bar wider than the window would widen the view
          double w = getScene() != null ? getScene().getWidth() : bar.getWidth();
          if (w <= 0) {
            return;
          }
          double need = bar.prefWidth(-1);
          for (List<javafx.scene.Node> group : spare) {
            for (javafx.scene.Node n : group) {
              if (!n.isManaged()) {
                need += n.prefWidth(-1) + gap(n, bar);
              }
            }
          }
          for (List<javafx.scene.Node> group : spare) {
            boolean show = need <= w;
            for (javafx.scene.Node n : group) {
              if (n.isManaged() != show) {
                n.setVisible(show);
                n.setManaged(show);
              }
              if (!show) {
                need -= n.prefWidth(-1) + gap(n, bar);
              }
            }
          }
        };
    bar.widthProperty().addListener(o -> fit.run());
    bar.needsLayoutProperty()
        .addListener(
            (o, was, is) -> {
              if (!is) {
                fit.run();
              }
            });
    sceneProperty()
        .addListener(
            (o, was, is) -> {
              if (is != null) {
                is.widthProperty().addListener(x -> fit.run());
                fit.run();
              }
            });

    grid.getStyleClass().add("compare-grid");
    grid.setHgap(6);
    grid.setVgap(6);
    empty.getStyleClass().add("compare-empty");
    empty
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.when(vm.busyProperty())
                .then("Simulating every fix…")
                .otherwise("Tick a fix to compare (Fixes ▾)."));
    StackPane machines = new StackPane(grid, empty);
    VBox.setVgrow(machines, Priority.ALWAYS);
    machines.setMinHeight(0);
    strips.getStyleClass().add("compare-strips");
    strips.setId("compare-strips");
    strips.setFillWidth(true);
    strips.setMinHeight(0);
    javafx.scene.control.ScrollPane stripScroll = new javafx.scene.control.ScrollPane(strips);
    stripScroll.setFitToWidth(true);
    stripScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
    stripScroll.setVbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.AS_NEEDED);
    stripScroll.getStyleClass().addAll("edge-to-edge", "compare-strip-scroll");
    stripScroll.setMinHeight(0);
    VBox centre = new VBox(machines, stripScroll);
    // the strips take what they need, up to two fifths of the view; the machines the rest
    this.stripScroll = stripScroll;
    this.centre = centre;
    centre.heightProperty().addListener(o -> fitStrips());
    textScale.addListener(o -> javafx.application.Platform.runLater(this::fitStrips));
    setCenter(centre);

    scrub.setId("compare-scrub");
    scrub.setFocusTraversable(false);
    scrub.setTooltip(
        new Tooltip("Scrub every run at once: one notch per moment at which any run changes"));
    scrub
        .valueProperty()
        .addListener(
            (o, was, is) -> {
              if (!syncing) {
                vm.seek((int) Math.round(is.doubleValue()));
              }
            });
    vm.cursorProperty().addListener((o, was, is) -> syncScrub());
    vm.alignmentProperty().addListener((o, was, is) -> syncScrub());
    vm.panels().addListener((ListChangeListener<ComparePanelModel>) c -> rebuild());
    rebuild();
  }

  /** The spacing beside a node of the bar: its own box's (the transport buttons sit closer). */
  private static double gap(javafx.scene.Node n, HBox bar) {
    return n.getParent() instanceof HBox h ? h.getSpacing() : bar.getSpacing();
  }

  private boolean showingAnchor;

  private void showAnchor(String name) {
    showingAnchor = true;
    try {
      anchor.setValue(name);
    } finally {
      showingAnchor = false;
    }
  }

  /** What a double-click on a panel does: open its run in the single view. */
  public void setOnOpen(java.util.function.Consumer<ComparePanelModel> action) {
    onOpen = action;
  }

  /** The view's model: its runs, picks and cursor. */
  public CompareViewModel model() {
    return vm;
  }

  /** The drop-down that lines up a quirk's settings (Q opens it). */
  public QuirkChooser quirkChooser() {
    return quirkChooser;
  }

  public List<ComparePanel> panels() {
    return panels;
  }

  /** Scales the type and lanes of the timeline strips (1 = normal), like the main timeline's. */
  public javafx.beans.property.DoubleProperty textScaleProperty() {
    return textScale;
  }

  /** The stack of timeline strips, one per panel, on one ruler. */
  public javafx.scene.layout.VBox strips() {
    return strips;
  }

  /** The panel of a run by its key: the fix, or "fix-option" in a quirk line-up. */
  public ComparePanel panel(String key) {
    for (ComparePanel p : panels) {
      if (p.model().key().equals(key)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no panel for run " + key);
  }

  /** Shows every panel's patch, or every machine again. */
  public void showPatches(boolean on) {
    panels.forEach(p -> p.showPatch(on));
  }

  private void syncScrub() {
    syncing = true;
    try {
      scrub.setMax(Math.max(1, vm.end()));
      scrub.setValue(vm.getCursor());
    } finally {
      syncing = false;
    }
  }

  /** Columns for n panels: 2 to 5 fit at 1280 x 800 (4 as 2 x 2, 5 as 3 + 2). */
  static int columns(int n) {
    return n <= 3 ? Math.max(1, n) : n == 4 ? 2 : 3;
  }

  private void rebuild() {
    panels.clear();
    grid.getChildren().clear();
    strips.getChildren().clear();
    grid.getColumnConstraints().clear();
    grid.getRowConstraints().clear();
    int n = vm.panels().size();
    empty.setVisible(n == 0);
    if (n == 0) {
      return;
    }
    int cols = columns(n);
    int rows = (n + cols - 1) / cols;
    for (int c = 0; c < cols; c++) {
      ColumnConstraints cc = new ColumnConstraints();
      cc.setPercentWidth(100.0 / cols);
      cc.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(cc);
    }
    for (int r = 0; r < rows; r++) {
      RowConstraints rc = new RowConstraints();
      rc.setPercentHeight(100.0 / rows);
      rc.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(rc);
    }
    for (int i = 0; i < n; i++) {
      ComparePanel p = new ComparePanel(vm.panels().get(i));
      p.setMinSize(0, 0);
      p.setOnOpen(m -> onOpen.accept(m));
      panels.add(p);
      grid.add(p, i % cols, i / cols);
      p.strip().textScaleProperty().bind(textScale);
      // the ruler is drawn once, on top of the stack
      p.strip().showAxisProperty().set(i == 0);
      strips.getChildren().add(p.strip());
    }
    vm.cursorProperty().removeListener(differs);
    vm.cursorProperty().addListener(differs);
    javafx.application.Platform.runLater(this::markDifferences);
    fitStrips();
    if (n % cols != 0) {
      // a free slot in the last row: how to read the grid
      grid.add(help(), n % cols, rows - 1, cols - n % cols, 1);
    }
    syncScrub();
  }

  private final javafx.beans.InvalidationListener differs =
      o -> javafx.application.Platform.runLater(this::markDifferences);

  /** The strips take what they need, up to two fifths of the view; the machines the rest. */
  private void fitStrips() {
    double need = 0;
    for (javafx.scene.Node n : strips.getChildren()) {
      need += n.prefHeight(-1);
    }
    need += strips.snappedTopInset() + strips.snappedBottomInset();
    double room = centre.getHeight() > 0 ? centre.getHeight() * 0.4 : need;
    stripScroll.setPrefViewportHeight(Math.min(need, room));
  }

  /** Marks on every card the IRR and ISR bits that are not alike in every run at the cursor. */
  private void markDifferences() {
    int cpus = panels.stream().mapToInt(p -> p.cards().size()).min().orElse(0);
    for (int c = 0; c < cpus; c++) {
      org.apicflow.apic.VectorSet irrAll = new org.apicflow.apic.VectorSet();
      org.apicflow.apic.VectorSet irrAny = new org.apicflow.apic.VectorSet();
      org.apicflow.apic.VectorSet isrAll = new org.apicflow.apic.VectorSet();
      org.apicflow.apic.VectorSet isrAny = new org.apicflow.apic.VectorSet();
      boolean first = true;
      for (ComparePanel p : panels) {
        MiniCpuCard card = p.cards().get(c);
        for (int v = 0; v < 256; v++) {
          boolean r = card.irrBits().get(v);
          boolean s = card.isrBits().get(v);
          irrAny.put(v, irrAny.get(v) || r);
          isrAny.put(v, isrAny.get(v) || s);
          irrAll.put(v, first ? r : irrAll.get(v) && r);
          isrAll.put(v, first ? s : isrAll.get(v) && s);
        }
        first = false;
      }
      org.apicflow.apic.VectorSet irrDiff = new org.apicflow.apic.VectorSet();
      org.apicflow.apic.VectorSet isrDiff = new org.apicflow.apic.VectorSet();
      for (int v = 0; v < 256; v++) {
        irrDiff.put(v, irrAny.get(v) && !irrAll.get(v));
        isrDiff.put(v, isrAny.get(v) && !isrAll.get(v));
      }
      for (ComparePanel p : panels) {
        p.cards().get(c).showDifferences(irrDiff, isrDiff);
      }
    }
  }

  private javafx.scene.layout.VBox help() {
    Label head = new Label();
    head.textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () ->
                    Alignment.START.equals(vm.getAnchor())
                        ? "Aligned on the start of each run"
                        : "Aligned on \u25c6 " + vm.getAnchor(),
                vm.anchorProperty()));
    head.getStyleClass().add("compare-help-head");
    Label body =
        new Label(
            "Every panel shows its own run at the same time from its own anchor mark, so the"
                + " runs line up at the moment that matters. A run that is over keeps its last"
                + " state and says \u201cended\u201d.");
    body.setWrapText(true);
    Label keys =
        new Label(
            "\u2190 / \u2192  step every run\nShift+\u2190 / \u2192  previous / next mark\n"
                + "A  back to the anchor \u00b7 P  show the patches\nQ  line up a quirk's settings"
                + " \u00b7 Space  play \u00b7 Home / End");
    keys.getStyleClass().add("compare-help-keys");
    javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(8, head, body, keys);
    box.getStyleClass().add("compare-help");
    box.setId("compare-help");
    box.setMinSize(0, 0);
    return box;
  }

  private static Button button(Ikon icon, String tip, Runnable action) {
    Button b = new Button(null, new FontIcon(icon));
    b.setTooltip(new Tooltip(tip));
    b.setOnAction(e -> action.run());
    b.setFocusTraversable(false);
    b.setMinWidth(Region.USE_PREF_SIZE);
    return b;
  }
}
