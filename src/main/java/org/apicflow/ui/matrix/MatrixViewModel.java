package org.apicflow.ui.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import org.apicflow.machine.Outcome;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.OutcomeMatrix;
import org.apicflow.ui.compare.ComparePanelModel;

/**
 * The matrix view's model: every built-in scenario (and a scenario opened from a file) against
 * every fix, each cell the outcome the simulator computes. Computed off the FX thread with
 * progress; a newer request cancels an older one.
 */
public final class MatrixViewModel {
  /**
   * One row: the scenario, whether it is a built-in, and its key in the matrix (the scenario's id;
   * a file whose id is a built-in's gets {@code id@file}, so both rows show).
   */
  public record Row(Scenario scenario, boolean builtIn, String id) {}

  /** One cell: its outcome, or empty when the scenario has no such fix. */
  public record Cell(Row row, String fix, Optional<Outcome> outcome) {
    /** "ok", "oops", "hang", or "none" for a missing fix. */
    public String word() {
      return outcome.map(o -> o.kind().word()).orElse("none");
    }

    /** The outcome in one line. */
    public String reason() {
      return outcome.map(ComparePanelModel::shortReason).orElse("no such fix in this scenario");
    }
  }

  /** The computed table. */
  public record Table(List<Row> rows, List<String> fixes, OutcomeMatrix matrix) {
    public Cell cell(int row, int col) {
      Row r = rows.get(row);
      String f = fixes.get(col);
      return new Cell(r, f, matrix.cell(r.id(), f));
    }
  }

  private final ReadOnlyObjectWrapper<Table> table = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "apicflow-matrix");
            t.setDaemon(true);
            return t;
          });
  private Task<Table> running;
  private Scenario extra;
  private boolean computed;

  public ReadOnlyObjectProperty<Table> tableProperty() {
    return table.getReadOnlyProperty();
  }

  public Table getTable() {
    return table.get();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public boolean isBusy() {
    return busy.get();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /**
   * Computes the matrix for the built-ins plus {@code opened} when that is not a built-in (null or
   * a built-in for none); does nothing when that table is already shown or being computed.
   */
  public void compute(Scenario opened) {
    Scenario file = opened != null && !isBuiltIn(opened) ? opened : null;
    if (computed && Objects.equals(file, extra)) {
      return;
    }
    computed = true;
    extra = file;
    if (running != null) {
      running.cancel();
    }
    Task<Table> task =
        new Task<>() {
          @Override
          protected Table call() throws Exception {
            updateMessage("Loading the built-in scenarios…");
            List<Row> rows = new ArrayList<>();
            List<Scenario> all = new ArrayList<>();
            for (String id : Catalogue.ids()) {
              Scenario s = Catalogue.load(id);
              rows.add(new Row(s, true, id));
              all.add(s);
            }
            if (file != null) {
              boolean clash = rows.stream().anyMatch(r -> r.id().equals(file.id()));
              String key = clash ? file.id() + "@file" : file.id();
              rows.add(new Row(file, false, key));
              all.add(clash ? renamed(file, key) : file);
            }
            updateMessage("Simulating every scenario under every fix…");
            OutcomeMatrix m =
                OutcomeMatrix.compute(
                    all,
                    new OutcomeMatrix.Progress() {
                      @Override
                      public void step(int done, int total) {
                        updateProgress(done, total);
                        updateMessage("Simulated " + done + " of " + total + " runs");
                      }

                      @Override
                      public boolean cancelled() {
                        return isCancelled();
                      }
                    });
            return new Table(rows, m.fixes(), m);
          }
        };
    running = task;
    busy.set(true);
    progress.bind(task.progressProperty());
    status.bind(task.messageProperty());
    task.setOnSucceeded(
        e -> {
          if (task == running) {
            done();
            table.set(task.getValue());
            int n = 0;
            for (Row r : task.getValue().rows()) {
              n += r.scenario().fixNames().size();
            }
            status.set(task.getValue().rows().size() + " scenarios, " + n + " runs");
          }
        });
    task.setOnFailed(
        e -> {
          if (task == running) {
            done();
            computed = false;
            Throwable x = task.getException();
            status.set("Cannot compute the matrix: " + x.getMessage());
          }
        });
    worker.submit(task);
  }

  private void done() {
    busy.set(false);
    progress.unbind();
    progress.set(1);
    status.unbind();
    running = null;
  }

  /** The same scenario under another id (the matrix keys its rows by id). */
  private static Scenario renamed(Scenario s, String id) {
    return new Scenario(
        id,
        s.title(),
        s.summary(),
        s.sources(),
        s.machine(),
        s.success(),
        s.fixes(),
        s.programs(),
        s.expectations(),
        s.file());
  }

  private static boolean isBuiltIn(Scenario s) {
    return s.file().startsWith("builtin:") && Catalogue.isBuiltIn(s.id());
  }
}
