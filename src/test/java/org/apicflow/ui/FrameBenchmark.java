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
 * out and painted as the shown window paints it: the cursor moves at the start of a pulse, and the
 * frame is that pulse's CSS, layout and paint of the regions that changed, and any later pulse
 * until nothing waits for a layout ({@code -Dbench.mode=snapshot}: the former measure, the whole
 * scene drawn into a new image per frame; {@code both}: each measurement both ways). Three ways of
 * moving:
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
 * <p>Each measurement prints, as median / p95 over its frames (and all of them as one table at the
 * end):
 *
 * <ul>
 *   <li>FX: the CPU time of the FX thread for the frame (the move, the views' updates, CSS, layout,
 *       and the same in any later pulse of the frame);
 *   <li>render: the CPU time of the render thread for the frame (the paint of each of its pulses);
 *   <li>sum: FX + render, what a frame costs the machine in all, the figure the budgets were first
 *       judged on;
 *   <li>max: the larger of FX and render, what bounds the frame rate when the two threads work at
 *       once on two cores (the FX thread prepares the next pulse while the render thread paints
 *       this one);
 *   <li>wall: from the move to the end of the frame's last paint (on a loaded machine it includes
 *       waiting for a core: compare builds by the CPU figures);
 *   <li>pulses to settle: the pulses until nothing in the scene waits for a layout (1 when the step
 *       is drawn in the pulse that made it).
 * </ul>
 *
 * The table at the end says, for the 8- and 64-CPU rings, whether the budgets (8 CPUs p95 at most
 * 16.7 ms; 64 CPUs median at most 16.7 ms and p95 at most 33 ms) are met on the sum and on the max.
 * Besides each measurement's limit, each run (generating and opening its scenario, then its
 * measurements) has its own ({@code -Dbench.runLimit} seconds), so 255 CPUs on a slow machine ends
 * too.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(deps) org.apicflow.ui.FrameBenchmark [cpus...]
 * </pre>
 */
public final class FrameBenchmark {
  private static final long LIMIT_NS = Long.getLong("bench.limit", 20) * 1_000_000_000L;
  private static final int FRAMES = Integer.getInteger("bench.frames", 150);

  /**
   * The time limit of one run (generating and opening its scenario, the warm-up and its three
   * measurements), seconds: {@code -Dbench.runLimit}, by default three measurements' limits and two
   * minutes to open. A measurement that would start past it is skipped and said so.
   */
  private static final long RUN_LIMIT_NS =
      Long.getLong("bench.runLimit", 3 * (LIMIT_NS / 1_000_000_000L) + 120) * 1_000_000_000L;

  /**
   * How a frame is made: "pulse" (default) as a shown window makes it, "snapshot" the whole scene
   * drawn into a new image each frame (the former measure), "both" each measurement both ways.
   */
  private static final List<String> MODES =
      switch (System.getProperty("bench.mode", "pulse")) {
        case "snapshot" -> List.of("snapshot");
        case "both" -> List.of("pulse", "snapshot");
        default -> List.of("pulse");
      };

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
        "FrameBenchmark: %d cores, load %.2f, limit %d s per measurement, %d s per run%n",
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        LIMIT_NS / 1_000_000_000L,
        RUN_LIMIT_NS / 1_000_000_000L);
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
    summary();
    Platform.exit();
    System.exit(0);
  }

  /** Opens a run, measures step, scrub and play; returns the open time in milliseconds. */
  private static double measure(MainViewModel vm, MainWindow[] window, String what, double baseOpen)
      throws Exception {
    runDeadline = System.nanoTime() + RUN_LIMIT_NS;
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
    long deadline = Math.min(o0 + 120_000_000_000L, runDeadline);
    while (onFx(
        () ->
            vm.isBusy()
                || vm.playback().getTrace() == null
                || vm.playback().getTrace() == before)) {
      if (System.nanoTime() > deadline) {
        System.out.printf(
            Locale.ROOT,
            "%s: not open after %.0f s (the run's time limit), skipped%n",
            label,
            (System.nanoTime() - o0) / 1e9);
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
    run(vm, window[0], label, "warm", size, 1, Math.min(20, size), 2_000_000_000L, false);
    run(vm, window[0], label, "step", size, 1, FRAMES, LIMIT_NS, true);
    run(vm, window[0], label, "scrub", size, Math.max(1, size / 150), FRAMES, LIMIT_NS, true);
    int perFrame =
        (int)
            Math.ceil(
                org.apicflow.ui.playback.PlaybackModel.SPEEDS.get(
                        org.apicflow.ui.playback.PlaybackModel.SPEEDS.size() - 1)
                    / 60.0);
    run(vm, window[0], label, "play", size, perFrame, FRAMES, LIMIT_NS, true);
    return openMs;
  }

  /** Frames from the middle of the run, {@code stride} events apart, within a time limit. */
  private static void run(
      MainViewModel vm,
      MainWindow w,
      String label,
      String kind,
      int size,
      int stride,
      int frames,
      long limitNs,
      boolean print)
      throws Exception {
    for (String mode : MODES) {
      run(vm, w, label, kind, size, stride, frames, limitNs, print, mode);
    }
  }

  private static void run(
      MainViewModel vm,
      MainWindow w,
      String label,
      String kind,
      int size,
      int stride,
      int frames,
      long limitNs,
      boolean print,
      String mode)
      throws Exception {
    if (System.nanoTime() > runDeadline) {
      if (print) {
        System.out.println("  " + kind + ": skipped, the run's time limit ran out");
      }
      return;
    }
    int start = Math.max(0, Math.min(size / 3, size - frames * stride));
    long[] wall = new long[frames];
    long[] fx = new long[frames];
    long[] render = new long[frames];
    long[] pulses = new long[frames];
    int done = 0;
    long t0 = System.nanoTime();
    // the measurement's own limit, and what is left of the run's
    long until = Math.min(t0 + limitNs, runDeadline);
    for (int f = 0; f < frames; f++) {
      // past the end the frames go round from the start again: every frame moves the cursor
      int at = start + (int) ((long) f * stride % Math.max(1, size + 1 - start));
      if (mode.equals("snapshot")) {
        long c0 = renderCpu();
        long[] r = onFx(() -> new long[] {threadCpu(), frameAt(vm, w, at), threadCpu()});
        fx[done] = r[2] - r[0];
        render[done] = renderCpu() - c0;
        wall[done] = r[1];
        pulses[done++] = 1;
      } else {
        long[] r = pulseFrame(vm, w, at);
        wall[done] = r[0];
        fx[done] = r[1];
        render[done] = r[2];
        pulses[done++] = r[3];
        if (f == 0 && print && Boolean.getBoolean("bench.check")) {
          System.out.println("  " + kind + ": " + onFx(() -> windowAgainstSnapshot(w)));
        }
      }
      if (System.nanoTime() > until) {
        break;
      }
    }
    if (!print || done == 0) {
      return;
    }
    long[] sum = new long[done];
    long[] max = new long[done];
    for (int i = 0; i < done; i++) {
      sum[i] = fx[i] + render[i];
      max[i] = Math.max(fx[i], render[i]);
    }
    Row row =
        new Row(
            label,
            kind,
            mode,
            done,
            done < frames
                ? (System.nanoTime() > runDeadline ? " (run limit)" : " (time limit)")
                : "",
            Stat.of(fx, done),
            Stat.of(render, done),
            Stat.of(sum, done),
            Stat.of(max, done),
            Stat.of(wall, done),
            Stat.of(pulses, done));
    ROWS.add(row);
    System.out.println(row.line());
  }

  /** Median and p95 of the first {@code n} values (ns, or a count). */
  private record Stat(double median, double p95, double mean) {
    static Stat of(long[] values, int n) {
      long[] s = Arrays.copyOf(values, n);
      Arrays.sort(s);
      double total = 0;
      for (long v : s) {
        total += v;
      }
      return new Stat(s[n / 2], s[Math.min(n - 1, (int) (n * 0.95))], total / n);
    }

    String ms() {
      return String.format(Locale.ROOT, "%6.2f / %6.2f", median / 1e6, p95 / 1e6);
    }
  }

  /** One measurement's figures. */
  private record Row(
      String label,
      String kind,
      String mode,
      int frames,
      String cut,
      Stat fx,
      Stat render,
      Stat sum,
      Stat max,
      Stat wall,
      Stat pulses) {
    String line() {
      return String.format(
          Locale.ROOT,
          "  %-5s %-8s %3d frames%s, ms median / p95: FX %s, render %s, sum %s, max %s,"
              + " wall %s; pulses to settle %.0f / %.0f (mean %.2f)",
          kind,
          mode,
          frames,
          cut,
          fx.ms(),
          render.ms(),
          sum.ms(),
          max.ms(),
          wall.ms(),
          pulses.median,
          pulses.p95,
          pulses.mean);
    }

    /** The budget for this run's size, judged on one figure: "" when the issue sets none. */
    String budget(Stat s) {
      int cpus = label.startsWith("ring ") ? Integer.parseInt(label.substring(5)) : 0;
      if (cpus == 8) {
        return s.p95 <= 16.7e6 ? "met" : "not met";
      }
      if (cpus == 64) {
        return s.median <= 16.7e6 && s.p95 <= 33e6 ? "met" : "not met";
      }
      return "";
    }
  }

  private static final List<Row> ROWS = new ArrayList<>();

  /** When the run being measured (opening it included) must end, System.nanoTime(). */
  private static long runDeadline = Long.MAX_VALUE;

  /** All measurements as one Markdown table, and the budgets on the sum and on the max. */
  private static void summary() {
    if (ROWS.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println(
        "| run | kind | mode | frames | FX | render | sum (FX + render) | max (FX, render)"
            + " | wall | pulses to settle | budget on sum / max |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Row r : ROWS) {
      String b = r.budget(r.sum);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %d%s | %s | %s | %s | %s | %s | %.0f / %.0f (%.2f) | %s |%n",
          r.label,
          r.kind,
          r.mode,
          r.frames,
          r.cut,
          r.fx.ms().replace(" ", ""),
          r.render.ms().replace(" ", ""),
          r.sum.ms().replace(" ", ""),
          r.max.ms().replace(" ", ""),
          r.wall.ms().replace(" ", ""),
          r.pulses.median,
          r.pulses.p95,
          r.pulses.mean,
          b.isEmpty() ? "" : b + " / " + r.budget(r.max));
    }
    System.out.println(
        "(ms, median / p95 over the frames; FX and render: CPU time of the FX thread and of the"
            + " render thread per frame; sum: both, the CPU a frame costs; max: the larger of the"
            + " two, what bounds the frame rate when the two threads run on two cores at once;"
            + " wall: from the move to the end of the paint; budget: 8 CPUs p95 <= 16.7 ms,"
            + " 64 CPUs median <= 16.7 ms and p95 <= 33 ms)");
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

  /**
   * Compares what the window shows (the screen's pixels, read back by a robot) with a snapshot of
   * the whole scene: the check that painting only dirty regions left the same picture.
   */
  private static String windowAgainstSnapshot(MainWindow w) {
    javafx.scene.Scene scene = w.scene();
    javafx.scene.image.WritableImage snap = scene.snapshot(null);
    javafx.stage.Window win = scene.getWindow();
    int width = (int) snap.getWidth();
    int height = (int) snap.getHeight();
    java.nio.IntBuffer screen;
    int screenWidth;
    try {
      // the headless screen's frame buffer: what the window's paints put there (32-bit BGRA)
      Object platform =
          Class.forName("com.sun.glass.ui.monocle.NativePlatformFactory")
              .getMethod("getNativePlatform")
              .invoke(null);
      java.lang.reflect.Method getScreen =
          Class.forName("com.sun.glass.ui.monocle.NativePlatform").getDeclaredMethod("getScreen");
      getScreen.setAccessible(true);
      Object nativeScreen = getScreen.invoke(platform);
      Class<?> ns = Class.forName("com.sun.glass.ui.monocle.NativeScreen");
      java.nio.ByteBuffer bytes =
          (java.nio.ByteBuffer) ns.getMethod("getScreenCapture").invoke(nativeScreen);
      screenWidth = (int) ns.getMethod("getWidth").invoke(nativeScreen);
      screen = bytes.order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
    } catch (ReflectiveOperationException e) {
      return "window pixels not readable here (" + e + ")";
    }
    int x0 = (int) (win.getX() + scene.getX());
    int y0 = (int) (win.getY() + scene.getY());
    var a = snap.getPixelReader();
    int differ = 0;
    int compared = 0;
    int[] box = {width, height, -1, -1};
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y0 + y) * screenWidth + x0 + x;
        if (x0 + x >= screenWidth || i >= screen.limit()) {
          continue;
        }
        compared++;
        if ((a.getArgb(x, y) | 0xFF000000) != (screen.get(i) | 0xFF000000)) {
          differ++;
          box[0] = Math.min(box[0], x);
          box[1] = Math.min(box[1], y);
          box[2] = Math.max(box[2], x);
          box[3] = Math.max(box[3], y);
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "the window's pixels against a whole-scene snapshot (%dx%d): %d of %d differ%s",
        width,
        height,
        differ,
        compared,
        differ == 0
            ? ""
            : String.format(
                Locale.ROOT, " (within x %d-%d, y %d-%d)", box[0], box[2], box[1], box[3]));
  }

  /**
   * One frame as a shown window makes it: the cursor moves at the start of a pulse (where the
   * playback timer and coalesced keys move it), the pulse styles and lays out the scene and hands
   * it to the render thread, which paints what changed into the window (Prism's dirty regions).
   * Returns {wall ns from the move to the end of that paint, FX CPU ns, render CPU ns, pulses}.
   * When the pulse leaves layout behind (work a view posted for after the pulse), the frame goes on
   * into the next pulse until the scene is settled: what the window shows is the settled picture.
   */
  private static long[] pulseFrame(MainViewModel vm, MainWindow w, int position) throws Exception {
    PulseProbe p = PulseProbe.get(w);
    return p.frame(vm, w, position);
  }

  /**
   * Whether any part of the scene waits for a layout (a view's own, or one it posted after the
   * pulse). Views lay out parts of themselves locally, so the root alone does not tell.
   */
  private static boolean needsLayout(javafx.scene.Parent p) {
    if (p.isNeedsLayout()) {
      if (Boolean.getBoolean("bench.debugLayout")) {
        StringBuilder b = new StringBuilder();
        for (javafx.scene.Node n = p; n != null; n = n.getParent()) {
          b.append(n.getClass().getSimpleName())
              .append(n.getId() == null ? "" : "#" + n.getId())
              .append(n.getStyleClass())
              .append(" < ");
        }
        System.out.println("needs layout: " + b);
      }
      return true;
    }
    for (javafx.scene.Node n : p.getChildrenUnmodifiable()) {
      if (n instanceof javafx.scene.Parent c && needsLayout(c)) {
        return true;
      }
    }
    return false;
  }

  /** Moves the cursor inside a pulse and waits for that pulse's paint. */
  private static final class PulseProbe {
    private static PulseProbe instance;
    // the stack of the last layout request on a -Dbench.debugStacks node: printed when the pulse
    // leaves the scene unsettled (the request that will cost a pulse more)
    private static volatile String lastRequest;
    private volatile Runnable atPulse;
    private final javafx.animation.AnimationTimer timer =
        new javafx.animation.AnimationTimer() {
          @Override
          public void handle(long now) {
            Runnable r = atPulse;
            if (r != null) {
              atPulse = null;
              r.run();
            }
          }
        };

    /** Posted after the pulse's layout, so it runs after whatever the views posted meanwhile. */
    private Runnable afterLayout;

    static PulseProbe get(MainWindow w) throws Exception {
      if (instance == null && System.getProperty("bench.debugStacks") != null) {
        onFx(
            () -> {
              for (javafx.scene.Node n :
                  w.scene().getRoot().lookupAll(System.getProperty("bench.debugStacks"))) {
                ((javafx.scene.Parent) n)
                    .needsLayoutProperty()
                    .addListener(
                        (o, was, is) -> {
                          if (is) {
                            StackTraceElement[] st = new Throwable().getStackTrace();
                            StringBuilder b = new StringBuilder("flow layout requested:");
                            for (int i = 0; i < Math.min(st.length, 90); i++) {
                              b.append("\n    ").append(st[i]);
                            }
                            lastRequest = b.toString();
                          }
                        });
              }
              return null;
            });
      }
      if (instance == null) {
        PulseProbe p = new PulseProbe();
        onFx(
            () -> {
              w.scene()
                  .addPostLayoutPulseListener(
                      () -> {
                        Runnable r = p.afterLayout;
                        if (r != null) {
                          p.afterLayout = null;
                          Platform.runLater(r);
                        }
                      });
              p.timer.start();
              return null;
            });
        instance = p;
      }
      return instance;
    }

    long[] frame(MainViewModel vm, MainWindow w, int position) throws Exception {
      long[] out = new long[4];
      long[] fx0 = new long[1];
      long[] r0 = new long[1];
      long[] t0 = new long[1];
      boolean first = true;
      for (int pulse = 0; pulse < 8; pulse++) {
        java.util.concurrent.CountDownLatch painted = new java.util.concurrent.CountDownLatch(1);
        long[] fx1 = new long[1];
        long[] r1 = new long[1];
        long[] t1 = new long[1];
        boolean[] unsettled = new boolean[1];
        boolean move = first;
        Runnable afterPulse =
            () -> {
              // runs on the FX thread once the pulse (CSS, layout, sync, paint request) is done;
              // work the views posted during the pulse ran before it (queued first)
              fx1[0] = threadCpu();
              unsettled[0] = needsLayout(w.scene().getRoot());
              if (unsettled[0] && lastRequest != null) {
                System.out.println(lastRequest);
                lastRequest = null;
              }
              com.sun.javafx.tk.Toolkit.getToolkit()
                  .addRenderJob(
                      new com.sun.javafx.tk.RenderJob(
                          () -> {
                            // the render thread runs jobs in order: the pulse's paint is done
                            r1[0] = THREADS.getCurrentThreadCpuTime();
                            t1[0] = System.nanoTime();
                            painted.countDown();
                          }));
            };
        long[] fxStart = new long[1];
        long[] rStart = new long[1];
        atPulse =
            () -> {
              fxStart[0] = threadCpu();
              rStart[0] = renderCpu();
              if (move) {
                t0[0] = System.nanoTime();
                vm.playback().seek(position);
              }
              afterLayout = afterPulse;
            };
        if (!painted.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
          System.out.println("a frame took more than 60 s: stopping the benchmark");
          System.exit(2);
        }
        if (first) {
          fx0[0] = fxStart[0];
          r0[0] = rStart[0];
          first = false;
        }
        out[1] += fx1[0] - fxStart[0];
        out[2] += r1[0] - rStart[0];
        out[3]++;
        out[0] = t1[0] - t0[0];
        if (!unsettled[0]) {
          break;
        }
      }
      return out;
    }
  }

  private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
    return org.apicflow.bench.BenchToolkit.onFx(c, "a frame took more than 60 s");
  }
}
