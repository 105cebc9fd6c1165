package org.apicflow.ui.export;

/** The file formats an export writes. */
public enum ExportFormat {
  /** A PNG image, or one PNG per frame into a folder. */
  PNG,
  /** An animated GIF, one frame per step. */
  GIF,
  /** The trace as Chrome Trace Event JSON (opens in Perfetto). */
  JSON,
  /** The trace as CSV, one event a row. */
  CSV;

  /** True for the formats that draw views (and so need the JavaFX toolkit). */
  public boolean isImage() {
    return this == PNG || this == GIF;
  }
}
