package org.apicflow.ui.export;

import java.util.Locale;
import java.util.Optional;

/** What an image export draws. */
public enum ExportView {
  /** The whole main window, as on screen. */
  WINDOW,
  /** The machine panel: CPU cards on the APIC bus. */
  MACHINE,
  /** The timeline panel. */
  TIMELINE,
  /** The code pane with the narration. */
  CODE,
  /** One machine view per fix, side by side, at the same moment. */
  COMPARE,
  /** The key moments of a run in one image, each with a caption. */
  CONTACT_SHEET;

  /** The name on the command line: window, machine, ..., contact-sheet. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<ExportView> fromCliName(String s) {
    for (ExportView v : values()) {
      if (v.cliName().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
