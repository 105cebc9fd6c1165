package org.apicflow.bench;

import java.util.concurrent.CountDownLatch;
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
}
