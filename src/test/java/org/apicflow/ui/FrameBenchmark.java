package org.apicflow.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.apicflow.bench.BigScenarios;
import org.apicflow.scenario.Catalogue;

/**
 * Frame time of the whole window at 2, 8, 64 and 255 CPUs (generated rings of about 200k events;
 * 250k at 255 CPUs): for each frame the cursor moves, every view updates, the scene is styled, laid
 * out and rendered (a scene snapshot forces the render). Three ways of moving:
 *
 * <ul>
 *   <li>step: one event forward, as the Right key does;
 *   <li>scrub: a drag across the timeline, a jump of about 1/150 of the run per frame;
 *   <li>play: the fastest playback speed at 60 frames a second (several events a frame).
 * </ul>
 *
 * Prints median and p95 in milliseconds, and the open time (file chosen to first frame) against the
 * default scenario's in the same run. Every measurement has its own time limit ({@code
 * -Dbench.limit} seconds, default 20): it stops early and says so, and a frame that takes longer
 * than 60 s ends the run with a message instead of stalling. Headless (Monocle, software pipeline)
 * unless -Dbench.window=true.
 *
 * <p>Each frame is timed twice: wall time, and the CPU time the FX thread and the renderer thread
 * spent on it. On a loaded machine the wall time includes waiting for a core; the CPU time does
 * not, so it is the steadier figure to compare two builds with (a frame needs both threads in turn,
 * never at once, so on an idle machine the two agree).
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(deps) org.apicflow.ui.FrameBenchmark [cpus...]
 * </pre>
 */
public final class FrameBenchmark {
  private static final long LIMIT_NS = Long.getLong("bench.limit", 20) * 1_000_000_000L;
  private static final int FRAMES = Integer.getInteger("bench.frames", 150);

  private FrameBenchmark() {}

  public static void main(String[] args) throws Exception {
    org.apicflow.bench.BenchToolkit.start(true);
    List<String> runs = new ArrayList<>();
    // the default scenario twice: the first opening pays for class loading, the second is the base
    runs.add(UiTestSupport.PENDING_IPI);
    runs.add(UiTestSupport.PENDING_IPI);
    if (args.length == 0) {
      args = new String[] {"2", "8", "64", "255"};
    }
    for (String a : args) {
      runs.add(a);
    }
    System.out.printf(
        Locale.ROOT,
        "FrameBenchmark: %d cores, load %.2f, limit %d s per measurement%n",
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        LIMIT_NS / 1_000_000_000L);
    double baseOpen = Double.NaN;
    boolean first = true;
    MainViewModel vm = new MainViewModel();
    MainWindow[] window = new MainWindow[1];
    onFx(
        () -> {
          window[0] = new MainWindow(vm);
          window[0].show(new Stage());
          window[0].scene().getRoot().applyCss();
          window[0].scene().getRoot().layout();
          window[0].scene().snapshot(null);
          return null;
        });
    for (String run : runs) {
      double open = measure(vm, window, run, baseOpen);
      if (first) {
        first = false;
      } else if (Double.isNaN(baseOpen)) {
        baseOpen = open;
      }
    }
    Platform.exit();
    System.exit(0);
  }

  /** Opens a run, measures step, scrub and play; returns the open time in milliseconds. */
  private static double measure(MainViewModel vm, MainWindow[] window, String what, double baseOpen)
      throws Exception {
    String file = what;
    String label = what;
    if (what.matches("\\d+")) {
      int cpus = Integer.parseInt(what);
      int events = cpus >= 255 ? 250_000 : 200_000;
      Path p = BigScenarios.ringFile(cpus, BigScenarios.horizonFor(cpus, events));
      file = p.toString();
      label = "ring " + cpus;
    }
    String open = file;
    Object before = onFx(() -> vm.playback().getTrace());
    long o0 = System.nanoTime();
    onFx(
        () -> {
          if (Catalogue.isBuiltIn(open)) {
            vm.open(ScenarioChoice.builtIn(open));
          } else {
            vm.openFile(Path.of(open));
          }
          return null;
        });
    long deadline = o0 + 120_000_000_000L;
    while (onFx(
        () ->
            vm.isBusy()
                || vm.playback().getTrace() == null
                || vm.playback().getTrace() == before)) {
      if (System.nanoTime() > deadline) {
        System.out.println(label + ": not open after 120 s, skipped");
        return Double.NaN;
      }
      Thread.sleep(5);
    }
    onFx(() -> frameAt(vm, window[0], vm.playback().getPosition()));
    double openMs = (System.nanoTime() - o0) / 1e6;
    int size = onFx(() -> vm.playback().getTrace().size());
    int cpus = onFx(() -> vm.playback().getFrame().state().cpuCount());
    System.out.printf(
        Locale.ROOT,
        "%s: %d CPUs, %d events; open to first frame %.0f ms%s%n",
        label,
        cpus,
        size,
        openMs,
        Double.isNaN(baseOpen) ? "" : String.format(Locale.ROOT, " (%.2fx)", openMs / baseOpen));
    // warm up: a few frames of each kind
    run(vm, window[0], "warm", size, 1, Math.min(20, size), 2_000_000_000L, false);
    run(vm, window[0], "step", size, 1, FRAMES, LIMIT_NS, true);
    run(vm, window[0], "scrub", size, Math.max(1, size / 150), FRAMES, LIMIT_NS, true);
    int perFrame =
        (int)
            Math.ceil(
                org.apicflow.ui.playback.PlaybackModel.SPEEDS.get(
                        org.apicflow.ui.playback.PlaybackModel.SPEEDS.size() - 1)
                    / 60.0);
    run(vm, window[0], "play", size, perFrame, FRAMES, LIMIT_NS, true);
    return openMs;
  }

  /** Frames from the middle of the run, {@code stride} events apart, within a time limit. */
  private static void run(
      MainViewModel vm,
      MainWindow w,
      String kind,
      int size,
      int stride,
      int frames,
      long limitNs,
      boolean print)
      throws Exception {
    int start = Math.max(0, Math.min(size / 3, size - frames * stride));
    long[] ns = new long[frames];
    long[] cpu = new long[frames];
    int done = 0;
    long t0 = System.nanoTime();
    for (int f = 0; f < frames; f++) {
      int at = Math.min(size, start + f * stride);
      long c0 = renderCpu();
      long[] fx = onFx(() -> new long[] {threadCpu(), frameAt(vm, w, at), threadCpu()});
      cpu[done] = fx[2] - fx[0] + renderCpu() - c0;
      ns[done++] = fx[1];
      if (System.nanoTime() - t0 > limitNs) {
        break;
      }
    }
    if (!print) {
      return;
    }
    long[] s = Arrays.copyOf(ns, done);
    Arrays.sort(s);
    long[] c = Arrays.copyOf(cpu, done);
    Arrays.sort(c);
    System.out.printf(
        Locale.ROOT,
        "  %-5s %3d frames%s: median %6.2f ms, p95 %6.2f ms, max %6.2f ms;"
            + " cpu median %6.2f ms, p95 %6.2f ms%n",
        kind,
        done,
        done < frames ? " (time limit)" : "",
        s[done / 2] / 1e6,
        s[Math.min(done - 1, (int) (done * 0.95))] / 1e6,
        s[done - 1] / 1e6,
        c[done / 2] / 1e6,
        c[Math.min(done - 1, (int) (done * 0.95))] / 1e6);
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private static long renderThread = -1;

  /** CPU time of the calling thread (the FX thread), ns. */
  private static long threadCpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** CPU time of the renderer thread so far, ns (0 when there is none). */
  private static long renderCpu() {
    if (renderThread < 0) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("QuantumRenderer")) {
          renderThread = t.getId();
        }
      }
      if (renderThread < 0) {
        renderThread = 0;
      }
    }
    long v = renderThread > 0 ? THREADS.getThreadCpuTime(renderThread) : 0;
    return Math.max(0, v);
  }

  private static long frameAt(MainViewModel vm, MainWindow w, int position) {
    long t0 = System.nanoTime();
    vm.playback().seek(position);
    w.scene().getRoot().applyCss();
    w.scene().getRoot().layout();
    w.scene().snapshot(null);
    return System.nanoTime() - t0;
  }

  private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
    return org.apicflow.bench.BenchToolkit.onFx(c, "a frame took more than 60 s");
  }
}
