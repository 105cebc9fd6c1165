package org.apicflow.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;

/** Starts the JavaFX toolkit for a benchmark main: headless (Monocle, software pipeline). */
public final class BenchToolkit {
  private BenchToolkit() {}

  /**
   * Starts the toolkit and waits for it. Headless unless {@code -Dbench.window=true} and {@code
   * windowAllowed}: then the benchmark runs on the real display.
   */
  public static void start(boolean windowAllowed) throws InterruptedException {
    if (!windowAllowed || !Boolean.getBoolean("bench.window")) {
      System.setProperty("glass.platform", "Monocle");
      System.setProperty("monocle.platform", "Headless");
      System.setProperty("prism.order", "sw");
      System.setProperty("java.awt.headless", "true");
    }
    CountDownLatch up = new CountDownLatch(1);
    Platform.startup(up::countDown);
    up.await();
  }

  /**
   * Runs {@code c} on the FX thread and waits for it; if it does not answer in 60 s the benchmark
   * stops with {@code what} instead of stalling.
   */
  public static <T> T onFx(Callable<T> c, String what) throws Exception {
    FutureTask<T> task = new FutureTask<>(c);
    Platform.runLater(task);
    try {
      return task.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.out.println(what + ": stopping the benchmark");
      System.exit(2);
      return null;
    }
  }
}
