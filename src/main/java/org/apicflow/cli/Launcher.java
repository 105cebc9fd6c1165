package org.apicflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The jar's main class. With no arguments it opens the window; with a scenario file as its only
 * argument (a double-click on a scenario file) it opens the window on that file; otherwise it is
 * the command line. Not a JavaFX Application, so the shaded jar starts on a plain class path.
 */
public final class Launcher {
  private static final Set<String> COMMANDS =
      Set.of("run", "check", "matrix", "export", "help", "--help", "-h", "--version", "-V");

  private Launcher() {}

  public static void main(String[] args) {
    if (opensWindow(args)) {
      org.apicflow.ui.ApicFlowApp.launchApp(args);
      return;
    }
    System.exit(ApicflowCommand.execute(args));
  }

  /** No arguments, or a single existing file that is not a command name. */
  static boolean opensWindow(String[] args) {
    if (args.length == 0) {
      return true;
    }
    if (args.length != 1 || COMMANDS.contains(args[0]) || args[0].startsWith("-")) {
      return false;
    }
    return Files.isRegularFile(Path.of(args[0]));
  }
}
