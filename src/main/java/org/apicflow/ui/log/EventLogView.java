package org.apicflow.ui.log;

import java.util.AbstractList;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.trace.EventText;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.ui.LocalLayout;
import org.apicflow.ui.playback.PlaybackModel;

/**
 * The event log: one row per event (time, CPU, event, detail). Row i is event i, shown at cursor
 * position i + 1; selecting a row moves the cursor, and the cursor keeps its row in view.
 *
 * <p>The table holds a window of at most {@link #WINDOW} events around the cursor, not the whole
 * run: a table's virtual flow walks every row it holds on each layout and scroll (to estimate its
 * length), which for 200k events was the largest part of a step. The window moves with the cursor,
 * and with the rows in view when the log is scrolled near either end of it, so scrolling goes on
 * through the whole run.
 *
 * <p>The log lays itself out ({@link LocalLayout}): a step scrolls and restyles rows without laying
 * out the window around it.
 *
 * <p>While none of its rows can be seen (the divider above it so low that its heading and column
 * titles fill its room, as at the window's first size, or at the bottom; or the log out of the
 * window) the log does not follow the cursor: a table whose rows lay under the divider still
 * restyled and scrolled them at every step, each change a region to repaint that took one of the
 * few the renderer keeps apart before it merges them into large ones. It catches up in the pulse in
 * which its rows come into sight again, before that frame is painted.
 */
public final class EventLogView extends LocalLayout {
  /** Rows the table holds at most. */
  public static final int WINDOW = 2048;

  /** Rows from the window's end at which the window moves on. */
  private static final int EDGE = 64;

  private final PlaybackModel playback;
  private final TableView<Integer> table = new TableView<>();
  private boolean syncing;

  /** The event of the table's first row. */
  private int base;

  /** Rows in the window. */
  private int rows;

  /** Set when the cursor moved while no row could be seen: the log follows it once one can. */
  private boolean behind;

  public EventLogView(PlaybackModel playback) {
    super(new VBox());
    VBox body = (VBox) content();
    this.playback = playback;
    body.getStyleClass().addAll("panel", "event-log");
    body.setId("event-log");
    Label title = new Label("Event log");
    title.getStyleClass().add("panel-title");
    table.setId("event-table");
    table.getStyleClass().addAll("dense", "striped");
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPlaceholder(new Label("No events"));
    TableColumn<Integer, String> time = column("time", 84, i -> Times.format(trace().time(i)));
    TableColumn<Integer, String> cpu = column("CPU", 52, i -> Integer.toString(trace().cpu(i)));
    TableColumn<Integer, String> kind = column("event", 120, i -> trace().kind(i).traceName);
    TableColumn<Integer, String> detail =
        column(
            "detail",
            320,
            i ->
                org.apicflow.ui.code.CodeViewModel.forPeople(
                    trace(), i, EventText.describe(trace(), i)));
    table.getColumns().addAll(java.util.List.of(time, cpu, kind, detail));
    VBox.setVgrow(table, Priority.ALWAYS);
    body.getChildren().addAll(title, table);
    // every row is one line: once a row is laid out its height is fixed for all, so following the
    // cursor measures no rows (the table's own estimate measured dozens per step); a new type size
    // (presenter mode, zoom) measures again
    title
        .fontProperty()
        .addListener(
            (o, was, is) -> {
              if (was == null || is == null || was.getSize() != is.getSize()) {
                table.setFixedCellSize(-1);
              }
            });

    playback.traceProperty().addListener((o, was, is) -> setTrace(is));
    playback.positionProperty().addListener((o, was, is) -> follow(is.intValue()));
    table
        .getSelectionModel()
        .selectedIndexProperty()
        .addListener(
            (o, was, is) -> {
              if (!syncing && is.intValue() >= 0) {
                playback.seek(base + is.intValue() + 1);
              }
            });
    table.skinProperty().addListener((o, was, is) -> watchScrolling());
    Runnable catchUp = this::catchUp;
    sceneProperty()
        .addListener(
            (o, was, is) -> {
              if (was != null) {
                was.removePostLayoutPulseListener(catchUp);
              }
              if (is != null) {
                is.addPostLayoutPulseListener(catchUp);
                if (behind && !outOfSight()) {
                  // a scene drawn off screen has no pulses to catch up in
                  follow(playback.getPosition());
                }
              }
            });
    setTrace(playback.getTrace());
  }

  /**
   * Whether a step may leave the table as it is: none of its rows can be seen in the window. A log
   * drawn off screen (in a scene without a window, as an export draws the window) always follows.
   */
  private boolean outOfSight() {
    javafx.scene.Scene sc = getScene();
    if (sc == null) {
      return true;
    }
    return sc.getWindow() != null && !rowsInSight();
  }

  /**
   * Whether any of the rows' area can be seen: the log is in a scene, shown, and the rows' area is
   * not cut away by the panes around it (a split pane clips an item to its share, which is nothing
   * when its divider is at the end).
   */
  public boolean rowsInSight() {
    if (getScene() == null) {
      return false;
    }
    VirtualFlow<?> flow = flow();
    Region area = flow != null ? flow : table;
    Bounds b = area.localToScene(area.getLayoutBounds());
    double minX = b.getMinX();
    double minY = b.getMinY();
    double maxX = b.getMaxX();
    double maxY = b.getMaxY();
    for (Node n = area; n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
      if (n.getClip() != null) {
        Bounds c = n.localToScene(n.getClip().getBoundsInParent());
        minX = Math.max(minX, c.getMinX());
        minY = Math.max(minY, c.getMinY());
        maxX = Math.min(maxX, c.getMaxX());
        maxY = Math.min(maxY, c.getMaxY());
      }
    }
    return maxX > minX && maxY > minY;
  }

  /**
   * After the scene's layout: if the cursor moved while the rows could not be seen and now they
   * can, selects and scrolls to its row and lays the log out again in this pulse.
   */
  private void catchUp() {
    if (!behind || outOfSight()) {
      return;
    }
    follow(playback.getPosition());
    for (int pass = 0; pass < 3 && content().isNeedsLayout(); pass++) {
      content().layout();
    }
  }

  public TableView<Integer> table() {
    return table;
  }

  private Trace trace() {
    return playback.getTrace();
  }

  private TableColumn<Integer, String> column(
      String name, double width, java.util.function.IntFunction<String> value) {
    TableColumn<Integer, String> c = new TableColumn<>(name);
    c.setPrefWidth(width);
    c.setMinWidth(Math.min(width, 84));
    c.setSortable(false);
    c.setReorderable(false);
    c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
    return c;
  }

  /** The event shown in the table's row {@code row}. */
  public int eventAt(int row) {
    return base + row;
  }

  /** The table's row of event {@code event}, or -1 when it is outside the window. */
  public int rowOf(int event) {
    return event >= base && event < base + rows ? event - base : -1;
  }

  private void setTrace(Trace t) {
    base = -1;
    rows = 0;
    int row = playback.getPosition() - 1;
    showWindow(Math.max(0, row - WINDOW / 2));
    follow(playback.getPosition());
  }

  /** Makes the table hold the events from {@code first} (moved so that a whole window fits). */
  private void showWindow(int first) {
    Trace t = trace();
    int n = t == null ? 0 : t.size();
    int from = Math.max(0, Math.min(first, n - WINDOW));
    int count = Math.min(WINDOW, n - from);
    if (from == base && count == rows) {
      return;
    }
    syncing = true;
    try {
      base = from;
      rows = count;
      // a virtual list of event indices: the rows cost no objects
      table.setItems(
          FXCollections.observableList(
              new AbstractList<Integer>() {
                @Override
                public Integer get(int i) {
                  return from + i;
                }

                @Override
                public int size() {
                  return count;
                }
              }));
    } finally {
      syncing = false;
    }
  }

  /** Whether event {@code row} is inside the window and not near an end that can move on. */
  private boolean wellInside(int row) {
    int n = trace() == null ? 0 : trace().size();
    boolean lowOk = base == 0 || row >= base + EDGE;
    boolean highOk = base + rows >= n || row < base + rows - EDGE;
    return row >= base && row < base + rows && lowOk && highOk;
  }

  private void follow(int position) {
    if (outOfSight()) {
      behind = true;
      return;
    }
    behind = false;
    syncing = true;
    try {
      int row = position - 1;
      if (row < 0) {
        showWindow(0);
        table.getSelectionModel().clearSelection();
        table.scrollTo(0);
        return;
      }
      if (!wellInside(row)) {
        showWindow(row - WINDOW / 2);
      }
      table.getSelectionModel().clearAndSelect(row - base);
      scrollIntoView(row - base);
    } finally {
      syncing = false;
    }
  }

  private VirtualFlow<?> flow() {
    if (table.getSkin() instanceof javafx.scene.control.skin.TableViewSkin<?> s) {
      for (var n : s.getChildren()) {
        if (n instanceof VirtualFlow<?> flow) {
          return flow;
        }
      }
    }
    return null;
  }

  /**
   * Scrolled by the user near an end of the window, the window moves on around the rows in view,
   * which stay where they are on screen.
   */
  private void watchScrolling() {
    VirtualFlow<?> flow = flow();
    if (flow == null) {
      return;
    }
    flow.positionProperty()
        .addListener(
            (o, was, is) -> {
              if (!syncing && !edgeCheckPosted) {
                // the rows in view are known once the flow is laid out for the new position
                edgeCheckPosted = true;
                javafx.application.Platform.runLater(this::moveWindowAtEdge);
              }
            });
  }

  private boolean edgeCheckPosted;

  private void moveWindowAtEdge() {
    edgeCheckPosted = false;
    VirtualFlow<?> flow = flow();
    if (flow == null || syncing) {
      return;
    }
    table.layout();
    var first = flow.getFirstVisibleCell();
    var last = flow.getLastVisibleCell();
    if (first == null || last == null) {
      return;
    }
    int top = eventAt(first.getIndex());
    int bottom = eventAt(last.getIndex());
    int n = trace() == null ? 0 : trace().size();
    boolean nearLow = base > 0 && top < base + EDGE / 2;
    boolean nearHigh = base + rows < n && bottom >= base + rows - EDGE / 2;
    if (!nearLow && !nearHigh) {
      return;
    }
    int cursorRow = playback.getPosition() - 1;
    showWindow(top - WINDOW / 2);
    syncing = true;
    try {
      int at = rowOf(cursorRow);
      if (at >= 0) {
        table.getSelectionModel().clearAndSelect(at);
      } else {
        table.getSelectionModel().clearSelection();
      }
      table.scrollTo(top - base);
    } finally {
      syncing = false;
    }
  }

  private void scrollIntoView(int row) {
    int above = 3;
    VirtualFlow<?> flow = flow();
    if (flow != null) {
      var first = flow.getFirstVisibleCell();
      var last = flow.getLastVisibleCell();
      if (table.getFixedCellSize() <= 0 && first != null && first.getHeight() > 0) {
        table.setFixedCellSize(first.getHeight());
      }
      if (first != null && last != null && row > first.getIndex() && row < last.getIndex()) {
        return;
      }
      if (first != null && last != null) {
        // the last visible row may be cut: keep the current row above it
        above = Math.max(0, Math.min(3, last.getIndex() - first.getIndex() - 1));
      }
    }
    table.scrollTo(Math.max(0, row - above));
  }
}
