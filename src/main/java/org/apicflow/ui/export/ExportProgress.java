package org.apicflow.ui.export;

/** Where an export reports how far it is, and asks whether to stop. */
public interface ExportProgress {
  /** Reports {@code done} of {@code total} units of work. */
  void update(int done, int total, String message);

  /** True when the user cancelled; the export stops at the next frame. */
  boolean isCancelled();

  ExportProgress NONE =
      new ExportProgress() {
        @Override
        public void update(int done, int total, String message) {}

        @Override
        public boolean isCancelled() {
          return false;
        }
      };
}
