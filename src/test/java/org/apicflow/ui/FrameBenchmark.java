package org.apicflow.ui;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;

/**
 * Frame time while stepping: for every step of a run, the time to move the cursor, update every
 * view, lay out and render the window (a scene snapshot forces the render). Prints median and p95
 * in milliseconds. Headless (Monocle, software pipeline) unless -Dbench.window=true.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(deps) org.apicflow.ui.FrameBenchmark [file...]
 * </pre>
 */
public final class FrameBenchmark {
  private FrameBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (!Boolean.getBoolean("bench.window")) {
      System.setProperty("glass.platform", "Monocle");
      System.setProperty("monocle.platform", "Headless");
      System.setProperty("prism.order", "sw");
      System.setProperty("java.awt.headless", "true");
    }
    CountDownLatch up = new CountDownLatch(1);
    Platform.startup(up::countDown);
    up.await();
    String[] runs =
        args.length > 0
            ? args
            : new String[] {UiTestSupport.PENDING_IPI, "src/test/resources/ui/many-cpus.yaml"};
    for (String run : runs) {
      measure(run);
    }
    Platform.exit();
  }

  private static void measure(String what) throws Exception {
    MainViewModel vm = new MainViewModel();
    MainWindow[] window = new MainWindow[1];
    onFx(
        () -> {
          window[0] = new MainWindow(vm);
          window[0].show(new Stage());
          if (Catalogue.isBuiltIn(what)) {
            vm.open(ScenarioChoice.builtIn(what));
          } else {
            vm.openFile(Path.of(what));
          }
          return null;
        });
    while (onFx(() -> vm.isBusy() || vm.playback().getTrace() == null)) {
      Thread.sleep(20);
    }
    int size = onFx(() -> vm.playback().getTrace().size());
    int steps = Math.min(size, Integer.getInteger("bench.steps", 300));
    for (int r = 0; r < Integer.getInteger("bench.repeat", 0); r++) {
      for (int p = 0; p < steps; p++) {
        int at = p;
        onFx(() -> frame(vm, window[0], at));
      }
    }
    // warm up: one pass over the first steps
    for (int p = 0; p < Math.min(steps, 50); p++) {
      int at = p;
      onFx(() -> frame(vm, window[0], at));
    }
    java.util.Arrays.fill(PHASES, 0);
    long[] ns = new long[steps];
    for (int p = 0; p < steps; p++) {
      int at = p;
      ns[p] = onFx(() -> frame(vm, window[0], at));
    }
    Arrays.sort(ns);
    int cpus = onFx(() -> vm.playback().getFrame().state().cpuCount());
    System.out.printf(
        "%s: %d CPUs, %d steps: median %.2f ms, p95 %.2f ms, max %.2f ms%n",
        what,
        cpus,
        steps,
        ns[steps / 2] / 1e6,
        ns[(int) (steps * 0.95)] / 1e6,
        ns[steps - 1] / 1e6);
    System.out.printf(
        "  mean per frame: update %.2f ms, css %.2f ms, layout %.2f ms, render %.2f ms%n",
        PHASES[0] / 1e6 / steps,
        PHASES[1] / 1e6 / steps,
        PHASES[2] / 1e6 / steps,
        PHASES[3] / 1e6 / steps);
    onFx(
        () -> {
          window[0].scene().getWindow().hide();
          return null;
        });
  }

  /** Per phase totals over the measured frames: update, CSS, layout, render. */
  private static final long[] PHASES = new long[4];

  private static long frame(MainViewModel vm, MainWindow w, int position) {
    long t0 = System.nanoTime();
    vm.playback().seek(position);
    long t1 = System.nanoTime();
    w.scene().getRoot().applyCss();
    long t2 = System.nanoTime();
    w.scene().getRoot().layout();
    long t3 = System.nanoTime();
    w.scene().snapshot(null);
    long t4 = System.nanoTime();
    PHASES[0] += t1 - t0;
    PHASES[1] += t2 - t1;
    PHASES[2] += t3 - t2;
    PHASES[3] += t4 - t3;
    return t4 - t0;
  }

  private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
    FutureTask<T> task = new FutureTask<>(c);
    Platform.runLater(task);
    return task.get();
  }
}
