package org.apicflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.trace.RunLimitException;
import org.apicflow.ui.export.ExportException;

/**
 * The one place that turns a failure into an exit code and one line on stderr, for every command:
 * bad input and limits exit 2; anything else is a bug and exits 70 with one line saying so (the
 * stack trace only with {@code --debug}). Errors such as running out of stack or heap are caught
 * here too.
 */
final class Failures {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  /** EX_SOFTWARE of sysexits.h: an internal error. */
  static final int INTERNAL = 70;

  /** Set by --debug for the command line being run. */
  static volatile boolean debug;

  private Failures() {}

  /** The exit code for {@code t}; prints its one line (and the stack trace with --debug). */
  static int report(Throwable t, PrintWriter err) {
    return report(t, err, "");
  }

  /**
   * As {@link #report(Throwable, PrintWriter)}, the line prefixed with {@code context} (the
   * scenario a limit was hit in) unless the message names its file already.
   */
  static int report(Throwable t, PrintWriter err, String context) {
    int code;
    String line;
    if (t instanceof ScenarioException e) {
      code = INVALID;
      line = e.getMessage();
    } else if (t instanceof RunLimitException e) {
      code = INVALID;
      line = prefix(context) + e.getMessage();
    } else if (t instanceof ExportException e) {
      code = INVALID;
      line = "export: " + e.getMessage();
    } else if (t instanceof IOException e) {
      code = INVALID;
      line = prefix(context) + ioMessage(e);
    } else if (t instanceof StackOverflowError) {
      code = INTERNAL;
      line = prefix(context) + "internal error (a bug): the stack ran out" + hint(debug);
    } else if (t instanceof OutOfMemoryError) {
      code = INTERNAL;
      line =
          prefix(context)
              + "internal error (a bug): out of memory (heap "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MB) although every run is limited; --max-memory lowers the limit"
              + hint(debug);
    } else {
      code = INTERNAL;
      String msg = t.getMessage() == null ? "" : ": " + ScenarioException.clip(t.getMessage());
      line =
          prefix(context) + "internal error (a bug): " + t.getClass().getName() + msg + hint(debug);
    }
    err.println("apicflow: " + line.replace('\n', ' ').replace('\r', ' '));
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static String prefix(String context) {
    return context == null || context.isEmpty() ? "" : context + ": ";
  }

  private static String hint(boolean debug) {
    return debug ? "" : "; run with --debug for the stack trace";
  }

  /** An I/O error as "path: reason", without the library's wording where it has a better one. */
  static String ioMessage(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException f) {
      return f.getFile() + ": no such file or folder";
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " exists already (--overwrite replaces it)";
    }
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() == null ? "cannot write" : f.getReason();
      return f.getFile() + ": " + reason;
    }
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : ScenarioException.clip(e.getMessage(), 300);
  }
}
