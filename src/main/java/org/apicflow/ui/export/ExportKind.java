package org.apicflow.ui.export;

/** The kinds of export the dialog offers, in its order. */
public enum ExportKind {
  PICTURE("Picture (PNG) at this step"),
  FRAMES("Frames (a PNG per marker or per step)"),
  ANIMATION("Animation (GIF, a frame per step)"),
  CONTACT_SHEET("Contact sheet (the key moments, captioned)"),
  TRACE_JSON("Trace as Chrome Trace JSON (Perfetto)"),
  TRACE_CSV("Trace as CSV");

  private final String label;

  ExportKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** True when the kind draws a chosen view (window, a panel, the compare grid). */
  public boolean hasView() {
    return this == PICTURE || this == FRAMES || this == ANIMATION;
  }

  /** True when the kind draws images (and so has a scale). */
  public boolean isImage() {
    return this != TRACE_JSON && this != TRACE_CSV;
  }

  /** True when the kind writes a folder of files. */
  public boolean writesFolder() {
    return this == FRAMES;
  }

  @Override
  public String toString() {
    return label;
  }
}
