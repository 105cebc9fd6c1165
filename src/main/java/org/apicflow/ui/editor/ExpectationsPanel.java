package org.apicflow.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.ExpectationCheck;

/**
 * The scenario's {@code expect:} entries, each green (passes) or red (fails) on the run as it is
 * now: the simulator's own checker runs off the FX thread after every load or edit, so a student
 * sees an edit pass or fail. Clicking an entry shows its line in the editor.
 */
public final class ExpectationsPanel extends VBox {
  /** One verdict as shown. */
  public record Row(String fix, String text, boolean passed, String detail, int line) {}

  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final ListView<Row> list = new ListView<>(rows);
  private final Label summary = new Label("Expectations");
  private final Label placeholder = new Label("");
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "apicflow-expectations");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong generation = new AtomicLong();

  public ExpectationsPanel(Consumer<Row> onPick) {
    setId("expectations-panel");
    getStyleClass().add("expectations-panel");
    summary.setId("expectations-summary");
    summary.getStyleClass().add("expectations-summary");
    summary.setMaxWidth(Double.MAX_VALUE);
    list.setId("expectations-list");
    list.getStyleClass().add("expectations-list");
    list.setPlaceholder(placeholder);
    list.setCellFactory(l -> new RowCell());
    list.setOnMouseClicked(
        e -> {
          Row r = list.getSelectionModel().getSelectedItem();
          if (r != null) {
            onPick.accept(r);
          }
        });
    VBox.setVgrow(list, Priority.ALWAYS);
    getChildren().addAll(summary, list);
    setMinHeight(0);
  }

  /** The verdicts shown now. */
  public ObservableList<Row> rows() {
    return rows;
  }

  /** Checks the scenario's expectations in the background; the newest scenario's verdicts win. */
  public void check(Scenario s) {
    long gen = generation.incrementAndGet();
    if (s == null) {
      rows.clear();
      summary.setText("Expectations");
      return;
    }
    summary.setText("Expectations: checking…");
    placeholder.setText("");
    worker.submit(
        () -> {
          List<Row> out = new ArrayList<>();
          String note = null;
          try {
            for (ExpectationCheck.Result r : ExpectationCheck.check(s)) {
              out.add(
                  new Row(
                      r.expectation().fix(),
                      r.expectation().text(),
                      r.passed(),
                      r.detail(),
                      r.expectation().line()));
            }
          } catch (RuntimeException e) { // NOPMD: a run limit or a bug: said in the summary line
            note = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          }
          String why = note;
          Platform.runLater(
              () -> {
                if (gen != generation.get()) {
                  return;
                }
                rows.setAll(out);
                // the first failure in view: that is what the student works on
                out.stream().filter(r -> !r.passed()).findFirst().ifPresent(list::scrollTo);
                placeholder.setText(why == null ? "This scenario has no expect: entries" : "");
                long passed = out.stream().filter(Row::passed).count();
                summary.getStyleClass().removeAll("all-pass", "some-fail");
                if (why != null) {
                  summary.setText("Expectations: cannot check: " + why);
                  summary.getStyleClass().add("some-fail");
                } else if (out.isEmpty()) {
                  summary.setText("Expectations: none");
                } else {
                  summary.setText(
                      "Expectations: "
                          + passed
                          + " of "
                          + out.size()
                          + " pass"
                          + (passed == out.size() ? "" : " · " + (out.size() - passed) + " fail"));
                  summary.getStyleClass().add(passed == out.size() ? "all-pass" : "some-fail");
                }
              });
        });
  }

  /** A verdict: a mark, the entry as written, and what the run had. */
  private static final class RowCell extends ListCell<Row> {
    @Override
    protected void updateItem(Row r, boolean empty) {
      super.updateItem(r, empty);
      getStyleClass().removeAll("expect-pass", "expect-fail");
      if (empty || r == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      getStyleClass().add(r.passed() ? "expect-pass" : "expect-fail");
      Label mark = new Label(r.passed() ? "PASS" : "FAIL");
      mark.getStyleClass().add(r.passed() ? "expect-mark-pass" : "expect-mark-fail");
      String fix = Scenario.NONE.equals(r.fix()) ? "" : "[" + r.fix() + "] ";
      Label what = new Label(fix + r.text());
      what.getStyleClass().add("expect-text");
      Label detail = new Label(r.detail());
      detail.getStyleClass().add("expect-detail");
      detail.setWrapText(true);
      VBox text = new VBox(2, what, detail);
      javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(8, mark, text);
      setText(null);
      setGraphic(box);
    }
  }
}
