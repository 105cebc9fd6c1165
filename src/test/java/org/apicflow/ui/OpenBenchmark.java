package org.apicflow.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.apicflow.bench.BigScenarios;
import org.apicflow.scenario.Catalogue;

/**
 * Opening a scenario, from the command to the first frame that shows it, and to the frame that
 * shows the whole run; for the default scenario (pending-ipi) and generated IPI rings of 200k
 * events (250k at 255 CPUs), in one window and one run. The default scenario is opened first to pay
 * for class loading, then the sizes and the default scenario alternate, each big one's ratio
 * against the default opening just before it.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(deps) org.apicflow.ui.OpenBenchmark [cpus...]
 * </pre>
 *
 * Headless (Monocle, software pipeline) unless -Dbench.window=true. {@code -Dbench.rounds=N}
 * repeats the list (default 2). Each opening has a time limit of 120 s and the run ends with a
 * message when one is over it.
 */
public final class OpenBenchmark {
  private static final long LIMIT_NS = 120_000_000_000L;

  private OpenBenchmark() {}

  public static void main(String[] args) throws Exception {
    org.apicflow.bench.BenchToolkit.start(true);
    if (args.length == 0) {
      args = new String[] {"64"};
    }
    System.out.printf(
        Locale.ROOT,
        "OpenBenchmark: %d cores, load %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    MainViewModel vm = new MainViewModel();
    MainWindow[] window = new MainWindow[1];
    onFx(
        () -> {
          window[0] = new MainWindow(vm);
          window[0].show(new Stage());
          frame(window[0]);
          return null;
        });
    List<String> files = new ArrayList<>();
    for (String a : args) {
      int cpus = Integer.parseInt(a);
      int events = cpus >= 255 ? 250_000 : 200_000;
      files.add(BigScenarios.ringFile(cpus, BigScenarios.horizonFor(cpus, events)).toString());
    }
    // warm-up: class loading and compiling for a small and a long run
    open(vm, window[0], UiTestSupport.PENDING_IPI, "warm-up", Double.NaN);
    String small = BigScenarios.ringFile(16, BigScenarios.horizonFor(16, 20_000)).toString();
    open(vm, window[0], small, "warm-up", Double.NaN);
    int rounds = Integer.getInteger("bench.rounds", 2);
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < args.length; i++) {
        double[] base = open(vm, window[0], UiTestSupport.PENDING_IPI, "pending-ipi", Double.NaN);
        open(vm, window[0], files.get(i), "ring " + args[i], base[0]);
      }
    }
    Platform.exit();
    System.exit(0);
  }

  /** Opens one; prints and returns {first frame, whole run} in milliseconds. */
  private static double[] open(
      MainViewModel vm, MainWindow w, String what, String label, double base) throws Exception {
    Object before = onFx(() -> vm.playback().getTrace());
    long t0 = System.nanoTime();
    onFx(
        () -> {
          if (Catalogue.isBuiltIn(what)) {
            vm.open(ScenarioChoice.builtIn(what));
          } else {
            vm.openFile(Path.of(what));
          }
          return null;
        });
    // first frame: the first pulse that has the scenario's run (the start of it, or all of it)
    await(() -> vm.playback().getTrace() != null && vm.playback().getTrace() != before, label);
    onFx(() -> frame(w));
    double first = (System.nanoTime() - t0) / 1e6;
    boolean preview = onFx(vm::isPreview);
    await(() -> !vm.isBusy() && !vm.isPreview(), label);
    onFx(() -> frame(w));
    double whole = (System.nanoTime() - t0) / 1e6;
    int size = onFx(() -> vm.playback().getTrace().size());
    System.out.printf(
        Locale.ROOT,
        "%-12s %7d events: open to first frame %6.0f ms%s%s; to the whole run %6.0f ms%s%n",
        label,
        size,
        first,
        Double.isNaN(base) ? "" : String.format(Locale.ROOT, " (%.2fx)", first / base),
        preview ? " (its start, while simulating)" : "",
        whole,
        Double.isNaN(base) ? "" : String.format(Locale.ROOT, " (%.2fx)", whole / base));
    return new double[] {first, whole};
  }

  private static void await(java.util.concurrent.Callable<Boolean> done, String label)
      throws Exception {
    long deadline = System.nanoTime() + LIMIT_NS;
    while (!onFx(done)) {
      if (System.nanoTime() > deadline) {
        System.out.println(label + ": not open after 120 s, stopping the benchmark");
        System.exit(2);
      }
      Thread.sleep(2);
    }
  }

  /** One whole frame: style, layout and render (a scene snapshot forces the render). */
  private static Void frame(MainWindow w) {
    w.scene().getRoot().applyCss();
    w.scene().getRoot().layout();
    w.scene().snapshot(null);
    return null;
  }

  private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
    return org.apicflow.bench.BenchToolkit.onFx(c, "the FX thread did not answer in 60 s");
  }
}
