package org.apicflow.ui.export;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;

/**
 * Starts the JavaFX toolkit for exports from a script, and runs work on its thread. With no display
 * (no DISPLAY on Linux, or java.awt.headless) it starts Monocle's headless platform with the
 * software renderer, so slides can be made on a server or in CI.
 */
public final class FxRuntime {
  private static boolean started;
  private static boolean owned;

  /**
   * JavaFX warns, through java.util.logging, that it runs from the class path: true for the shaded
   * jar and harmless, but noise in a script's output. Held here so the level sticks.
   */
  private static final java.util.logging.Logger PLATFORM_LOG =
      java.util.logging.Logger.getLogger("javafx");

  private FxRuntime() {}

  /**
   * True when there is no screen to start a windowing toolkit on, or the user asks for headless
   * (APICFLOW_HEADLESS=1, for a display that is set but cannot be reached).
   */
  public static boolean noDisplay() {
    String forced = System.getenv("APICFLOW_HEADLESS");
    if (Boolean.getBoolean("java.awt.headless")
        || Boolean.getBoolean("apicflow.headless")
        || "1".equals(forced)
        || "true".equalsIgnoreCase(forced)) {
      return true;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("win") || os.contains("mac")) {
      return false;
    }
    return blank(System.getenv("DISPLAY")) && blank(System.getenv("WAYLAND_DISPLAY"));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * Starts the toolkit once (headless when there is no display); a toolkit already running (the
   * window, a test) is used as it is.
   */
  public static synchronized void start() {
    if (started) {
      return;
    }
    if (noDisplay()) {
      // These are read when the toolkit starts, so they must be set before Platform.startup.
      System.setProperty("glass.platform", "Monocle");
      System.setProperty("monocle.platform", "Headless");
      System.setProperty("prism.order", "sw");
      System.setProperty("prism.text", "t2k");
      System.setProperty("java.awt.headless", "true");
    }
    PLATFORM_LOG.setLevel(java.util.logging.Level.SEVERE);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    try {
      Platform.startup(() -> ready.complete(null));
      owned = true;
    } catch (IllegalStateException alreadyRunning) {
      ready.complete(null);
    } catch (RuntimeException | LinkageError e) {
      throw new ExportException(
          "cannot start JavaFX to draw ("
              + e.getMessage()
              + "); with a display that cannot be reached, set APICFLOW_HEADLESS=1",
          e);
    }
    Platform.setImplicitExit(false);
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting JavaFX", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("JavaFX did not start", e);
    }
    started = true;
  }

  /**
   * True when this class started the toolkit (a script): no window's theme to keep, so each export
   * sets the theme it asks for.
   */
  static synchronized boolean ownsToolkit() {
    return owned;
  }

  /** Starts {@code work} on the FX thread; the future completes with its result. */
  public static <T> CompletableFuture<T> submit(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(work.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    return f;
  }

  /** Runs {@code work} on the FX thread and waits for its result (at once when already on it). */
  public static <T> T call(Callable<T> work) throws Exception {
    if (Platform.isFxApplicationThread()) {
      return work.call();
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(work.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception x) {
        throw x;
      }
      throw new IllegalStateException(c);
    }
  }
}
