package org.apicflow.ui.export;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens a folder in the desktop's file manager, where there is one (not headless, and the desktop
 * supports it); elsewhere the dialog just shows the path.
 */
final class FolderOpener {
  private FolderOpener() {}

  static boolean available() {
    try {
      return !GraphicsEnvironment.isHeadless()
          && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Opens the folder off the FX thread (AWT must not block it); reports a failure. */
  static void open(Path folder, Consumer<String> onError) {
    Thread t =
        new Thread(
            () -> {
              try {
                Desktop.getDesktop().open(folder.toFile());
              } catch (IOException | RuntimeException e) {
                onError.accept("cannot open " + folder + ": " + e.getMessage());
              }
            },
            "apicflow-open-folder");
    t.setDaemon(true);
    t.start();
  }
}
