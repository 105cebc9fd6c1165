package org.apicflow.ui.log;

import java.util.AbstractList;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.apicflow.trace.EventText;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.PlaybackModel;

/**
 * The event log: one row per event (time, CPU, event, detail). Row i is event i, shown at cursor
 * position i + 1; selecting a row moves the cursor, and the cursor keeps its row in view.
 */
public final class EventLogView extends VBox {
  private final PlaybackModel playback;
  private final TableView<Integer> table = new TableView<>();
  private boolean syncing;

  public EventLogView(PlaybackModel playback) {
    this.playback = playback;
    getStyleClass().addAll("panel", "event-log");
    setId("event-log");
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
    getChildren().addAll(title, table);
    // every row is one line: once a row is laid out its height is fixed for all, so following the
    // cursor through 200k rows measures no rows (the table's own estimate measured dozens per
    // step); a new type size (presenter mode, zoom) measures again
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
                playback.seek(is.intValue() + 1);
              }
            });
    setTrace(playback.getTrace());
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

  private void setTrace(Trace t) {
    syncing = true;
    try {
      int n = t == null ? 0 : t.size();
      // a virtual list of indices: a million-event trace costs no row objects
      table.setItems(
          FXCollections.observableList(
              new AbstractList<Integer>() {
                @Override
                public Integer get(int i) {
                  return i;
                }

                @Override
                public int size() {
                  return n;
                }
              }));
    } finally {
      syncing = false;
    }
    follow(playback.getPosition());
  }

  private void follow(int position) {
    syncing = true;
    try {
      int row = position - 1;
      if (row < 0) {
        table.getSelectionModel().clearSelection();
        table.scrollTo(0);
        return;
      }
      table.getSelectionModel().clearAndSelect(row);
      scrollIntoView(row);
    } finally {
      syncing = false;
    }
  }

  private void scrollIntoView(int row) {
    int above = 3;
    var skin = table.getSkin();
    if (skin instanceof javafx.scene.control.skin.TableViewSkin<?> s) {
      for (var n : s.getChildren()) {
        if (n instanceof javafx.scene.control.skin.VirtualFlow<?> flow) {
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
          break;
        }
      }
    }
    table.scrollTo(Math.max(0, row - above));
  }
}
