package org.apicflow.ui.export;

import javafx.concurrent.Task;

/**
 * An export in the background: progress and message for the dialog, cancel stops it at the next
 * frame and leaves nothing written.
 */
public final class ExportTask extends Task<ExportResult> {
  private final ExportSpec spec;

  public ExportTask(ExportSpec spec) {
    this.spec = spec;
  }

  @Override
  protected ExportResult call() throws Exception {
    return ExportRunner.run(
        spec,
        new ExportProgress() {
          @Override
          public void update(int done, int total, String message) {
            updateProgress(done, total);
            updateMessage(message);
          }

          @Override
          public boolean isCancelled() {
            return ExportTask.this.isCancelled();
          }
        });
  }

  /** Starts the task on a thread of its own (a daemon: an export never keeps the app alive). */
  public Thread start() {
    Thread t = new Thread(this, "apicflow-export");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
