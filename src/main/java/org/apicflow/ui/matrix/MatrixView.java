package org.apicflow.ui.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.apicflow.scenario.Fix;
import org.apicflow.scenario.Scenario;

/**
 * The outcome matrix: a row per scenario, a column per fix, each cell the outcome (coloured) with a
 * one-line reason. A click, or Enter on the focused cell, opens that run in the single view.
 */
public final class MatrixView extends BorderPane {
  private final MatrixViewModel vm;
  private final GridPane grid = new GridPane();
  private final List<List<MatrixCell>> cells = new ArrayList<>();
  private static final javafx.css.PseudoClass CURRENT =
      javafx.css.PseudoClass.getPseudoClass("current");
  private BiConsumer<MatrixViewModel.Row, String> onOpen = (r, f) -> {};
  private Object[] current = {"", true, ""};

  /** One cell: a focusable box with the outcome word and the reason. */
  public static final class MatrixCell extends VBox {
    private final MatrixViewModel.Cell cell;
    private final Label word = new Label();

    MatrixCell(MatrixViewModel.Cell cell) {
      this.cell = cell;
      getStyleClass().addAll("matrix-cell", "result-" + cell.word());
      setId("cell-" + cell.row().id() + "-" + cell.fix());
      word.setText(cell.outcome().isPresent() ? cell.word().toUpperCase(Locale.ROOT) : "\u2014");
      word.getStyleClass().add("matrix-word");
      word.setMinWidth(0);
      Label reason = new Label(cell.outcome().isPresent() ? cell.reason() : "");
      reason.getStyleClass().add("matrix-reason");
      reason.setWrapText(true);
      reason.setMinHeight(Region.USE_PREF_SIZE);
      reason.setMinWidth(0);
      getChildren().addAll(word, reason);
      setAlignment(Pos.CENTER_LEFT);
      setFocusTraversable(cell.outcome().isPresent());
      setMinWidth(0); // rows never squeeze a cell: the matrix scrolls instead
      setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
      if (cell.outcome().isPresent()) {
        Tooltip t =
            new Tooltip(
                cell.row().id()
                    + " with fix "
                    + cell.fix()
                    + ":\n"
                    + cell.outcome().get().summary()
                    + "\n\nClick or press Enter to open this run.");
        t.setWrapText(true);
        t.setMaxWidth(460);
        Tooltip.install(this, t);
      }
    }

    public MatrixViewModel.Cell cell() {
      return cell;
    }

    /** The outcome word as shown: "OK", "OOPS", "HANG", or a dash for a missing fix. */
    public String shownWord() {
      return word.getText();
    }
  }

  public MatrixView(MatrixViewModel vm) {
    this.vm = vm;
    getStyleClass().add("matrix-view");
    setId("matrix-view");
    getStylesheets()
        .add(
            org.apicflow.ui.StyleSheets.url(
                MatrixView.class, "/org/apicflow/ui/compare-matrix.css"));

    Label title = new Label("Outcome matrix");
    title.getStyleClass().add("panel-title");
    Label hint =
        new Label("every scenario under every fix \u00b7 click a cell, or Enter, to open that run");
    hint.getStyleClass().add("matrix-hint");
    hint.setMinWidth(0);
    ProgressBar progress = new ProgressBar();
    progress.setId("matrix-progress");
    progress.setPrefWidth(160);
    progress.progressProperty().bind(vm.progressProperty());
    progress.visibleProperty().bind(vm.busyProperty());
    progress.managedProperty().bind(vm.busyProperty());
    Label status = new Label();
    status.getStyleClass().add("matrix-status");
    status.textProperty().bind(vm.statusProperty());
    status.setMinWidth(Region.USE_PREF_SIZE);
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox bar = new HBox(12, title, hint, grow, progress, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("matrix-bar");
    setTop(bar);

    grid.getStyleClass().add("matrix-grid");
    grid.setHgap(6);
    grid.setVgap(6);
    ScrollPane scroll = new ScrollPane(grid);
    scroll.setFitToWidth(true);
    scroll.setFitToHeight(true);
    scroll.getStyleClass().add("edge-to-edge");
    setCenter(scroll);

    HBox legend = new HBox(16);
    legend.getStyleClass().add("matrix-legend");
    legend.setAlignment(Pos.CENTER_LEFT);
    for (String[] it :
        new String[][] {
          {"ok", "OK: the capture kernel saved the dump (or the lesson ran to its end)"},
          {"oops", "OOPS: a CPU oopsed"},
          {"hang", "HANG: the run never got there"}
        }) {
      Region sw = new Region();
      sw.getStyleClass().addAll("matrix-swatch", "result-" + it[0]);
      Label l = new Label(it[1], sw);
      l.getStyleClass().add("matrix-legend-item");
      legend.getChildren().add(l);
    }
    // every other symbol of the grid, said once
    for (String[] it :
        new String[][] {
          {"none", "\u2014  the scenario has no such fix"},
          {"current", "dashed frame: the run the single view shows"},
          {"focus", "solid frame: the keyboard's cell (arrows, Enter opens)"}
        }) {
      Region sw = new Region();
      sw.getStyleClass().addAll("matrix-swatch", "legend-" + it[0]);
      Label l = new Label(it[1], sw);
      l.getStyleClass().add("matrix-legend-item");
      legend.getChildren().add(l);
    }
    javafx.scene.layout.FlowPane legendFlow = new javafx.scene.layout.FlowPane(16, 4);
    legendFlow.getStyleClass().add("matrix-legend");
    legendFlow.setId("matrix-legend");
    legendFlow.getChildren().setAll(legend.getChildren());
    setBottom(legendFlow);

    vm.tableProperty().addListener((o, was, is) -> rebuild(is));
    rebuild(vm.getTable());
  }

  /** Marks the cell of the run the single view shows: its scenario (a built-in or not), fix. */
  public void setCurrent(String scenario, boolean builtIn, String fix) {
    current = new Object[] {scenario, builtIn, fix};
    for (MatrixCell c : cells()) {
      c.pseudoClassStateChanged(CURRENT, isCurrent(c));
    }
  }

  private boolean isCurrent(MatrixCell c) {
    MatrixViewModel.Row r = c.cell().row();
    return r.scenario().id().equals(current[0])
        && r.builtIn() == (boolean) current[1]
        && c.cell().fix().equals(current[2]);
  }

  /** Puts the focus on the current run's cell, else on the first cell. */
  public void focusCurrent() {
    for (MatrixCell c : cells()) {
      if (isCurrent(c) && c.isFocusTraversable()) {
        c.requestFocus();
        return;
      }
    }
    moveFocus(0, 0);
  }

  /** What a click or Enter on a cell does: open (row, fix). */
  public void setOnOpen(BiConsumer<MatrixViewModel.Row, String> action) {
    onOpen = action;
  }

  public List<MatrixCell> cells() {
    return cells.stream().flatMap(List::stream).toList();
  }

  /** The cell of a scenario id and fix. */
  public MatrixCell cell(String scenario, String fix) {
    return cells().stream()
        .filter(c -> c.cell().row().id().equals(scenario) && c.cell().fix().equals(fix))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no cell " + scenario + " x " + fix));
  }

  /** Opens the focused cell's run; false when no cell has the focus. */
  public boolean openFocused() {
    for (MatrixCell c : cells()) {
      if (c.isFocused()) {
        open(c);
        return true;
      }
    }
    return false;
  }

  /** Moves the focus to the neighbouring cell (arrow keys); focuses the first cell if none is. */
  public void moveFocus(int dx, int dy) {
    for (int r = 0; r < cells.size(); r++) {
      for (int c = 0; c < cells.get(r).size(); c++) {
        if (cells.get(r).get(c).isFocused()) {
          int nr = r;
          int nc = c;
          // skip missing fixes in the direction of travel
          do {
            nr += dy;
            nc += dx;
          } while (nr >= 0
              && nr < cells.size()
              && nc >= 0
              && nc < cells.get(nr).size()
              && !cells.get(nr).get(nc).isFocusTraversable());
          if (nr >= 0 && nr < cells.size() && nc >= 0 && nc < cells.get(nr).size()) {
            cells.get(nr).get(nc).requestFocus();
          }
          return;
        }
      }
    }
    if (!cells.isEmpty() && !cells.get(0).isEmpty()) {
      cells.get(0).get(0).requestFocus();
    }
  }

  private void open(MatrixCell c) {
    if (c.cell().outcome().isPresent()) {
      onOpen.accept(c.cell().row(), c.cell().fix());
    }
  }

  private void rebuild(MatrixViewModel.Table t) {
    grid.getChildren().clear();
    grid.getColumnConstraints().clear();
    grid.getRowConstraints().clear();
    cells.clear();
    if (t == null) {
      Label wait = new Label("Computing every scenario under every fix…");
      wait.getStyleClass().add("matrix-hint");
      grid.add(wait, 0, 0);
      return;
    }
    ColumnConstraints first = new ColumnConstraints();
    first.setPercentWidth(22);
    grid.getColumnConstraints().add(first);
    for (int c = 0; c < t.fixes().size(); c++) {
      ColumnConstraints cc = new ColumnConstraints();
      cc.setPercentWidth(78.0 / t.fixes().size());
      cc.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(cc);
    }
    Label corner = new Label("scenario \\ fix");
    corner.getStyleClass().add("matrix-corner");
    corner.setMinWidth(0);
    grid.getRowConstraints().add(new RowConstraints());
    grid.add(corner, 0, 0);
    for (int c = 0; c < t.fixes().size(); c++) {
      String f = t.fixes().get(c);
      Label h = new Label(f);
      h.getStyleClass().add("matrix-fix");
      h.setId("matrix-fix-" + f);
      h.setMinWidth(0);
      Label sub = new Label(fixTitle(t, f));
      sub.getStyleClass().add("matrix-fix-title");
      sub.setWrapText(true);
      sub.setMinWidth(0);
      // the whole title, on as many lines as it needs
      sub.setMinHeight(Region.USE_PREF_SIZE);
      sub.setTooltip(new javafx.scene.control.Tooltip(fixTitle(t, f)));
      VBox head = new VBox(0, h, sub);
      head.getStyleClass().add("matrix-head");
      head.setMinWidth(0);
      grid.add(head, c + 1, 0);
    }
    for (int r = 0; r < t.rows().size(); r++) {
      MatrixViewModel.Row row = t.rows().get(r);
      Label id = new Label(row.scenario().id() + (row.builtIn() ? "" : "  (file)"));
      id.getStyleClass().add("matrix-scenario");
      id.setMinWidth(0);
      RowConstraints rc = new RowConstraints();
      rc.setVgrow(Priority.ALWAYS);
      rc.setFillHeight(true);
      rc.setMaxHeight(96);
      grid.getRowConstraints().add(rc);
      Label title = new Label(row.scenario().title());
      title.getStyleClass().add("matrix-scenario-title");
      title.setWrapText(true);
      title.setMinHeight(Region.USE_PREF_SIZE);
      title.setMinWidth(0);
      VBox head = new VBox(1, id, title);
      head.getStyleClass().add("matrix-row-head");
      grid.add(head, 0, r + 1);
      List<MatrixCell> line = new ArrayList<>();
      for (int c = 0; c < t.fixes().size(); c++) {
        MatrixCell cell = new MatrixCell(t.cell(r, c));
        cell.setOnMouseClicked(e -> open(cell));
        cell.setOnKeyPressed(
            e -> {
              if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                open(cell);
                e.consume();
              }
            });
        GridPane.setFillWidth(cell, true);
        GridPane.setFillHeight(cell, true);
        grid.add(cell, c + 1, r + 1);
        line.add(cell);
      }
      cells.add(line);
    }
    setCurrent((String) current[0], (boolean) current[1], (String) current[2]);
    if (getScene() != null) {
      focusCurrent();
    }
  }

  private static String fixTitle(MatrixViewModel.Table t, String fix) {
    if (fix.equals(Scenario.NONE)) {
      return "no fix";
    }
    for (MatrixViewModel.Row r : t.rows()) {
      var f = r.scenario().fix(fix);
      if (f.isPresent()) {
        return f.map(Fix::title).get();
      }
    }
    return "";
  }

  /** For tests: every node of the grid. */
  List<Node> gridChildren() {
    return grid.getChildren();
  }
}
