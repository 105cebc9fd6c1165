package org.apicflow.ui;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The window's answer to running out of memory: one line, never a stack trace, never a hang. A run
 * being opened that runs out is reported by the window like any failed open ({@link
 * MainViewModel}); this covers the rest. Out of memory on the FX thread, the window's state can no
 * longer be trusted, so the app says so in one line and quits; on another thread the line is
 * printed and the thread ends. Every other uncaught exception is printed as before.
 */
final class OutOfMemory implements Thread.UncaughtExceptionHandler {
  private final Thread.UncaughtExceptionHandler before;
  private final PrintStream err;
  private final Runnable quit;

  OutOfMemory(Thread.UncaughtExceptionHandler before, PrintStream err, Runnable quit) {
    this.before = before;
    this.err = err;
    this.quit = quit;
  }

  /** Installs the handler for every thread that has none of its own. */
  static void install() {
    Thread.setDefaultUncaughtExceptionHandler(
        new OutOfMemory(
            Thread.getDefaultUncaughtExceptionHandler(),
            System.err,
            () -> Runtime.getRuntime().halt(2)));
  }

  /** The line: how much the app may use, and on which thread it ran out. */
  static String line(String thread, boolean quitting) {
    return String.format(
        Locale.ROOT,
        "apicflow: out of memory (the app may use %,d MB) in %s%s",
        Runtime.getRuntime().maxMemory() >> 20,
        thread,
        quitting ? "; the window closes" : "");
  }

  @Override
  public void uncaughtException(Thread t, Throwable e) {
    if (e instanceof OutOfMemoryError) {
      boolean fx = "JavaFX Application Thread".equals(t.getName());
      err.println(line(t.getName(), fx));
      err.flush();
      if (fx) {
        quit.run();
      }
      return;
    }
    if (before != null) {
      before.uncaughtException(t, e);
    } else {
      // what the thread group prints when no handler is set
      err.print("Exception in thread \"" + t.getName() + "\" ");
      e.printStackTrace(err);
    }
  }
}
