package org.apicflow.cli;

/**
 * The jar's main class. With no arguments it opens the window; with arguments it is the command
 * line. Not a JavaFX Application, so the shaded jar starts on a plain class path.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      org.apicflow.ui.ApicFlowApp.launchApp(args);
      return;
    }
    System.exit(ApicflowCommand.execute(args));
  }
}
