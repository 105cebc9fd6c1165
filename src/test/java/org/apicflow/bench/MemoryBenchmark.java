package org.apicflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apicflow.machine.Program;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.RunLimits;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;

/**
 * Memory and seeking of long runs: heap kept per million events, keyframes, seek time (median, p95
 * and max over random positions) and the peak resident size of this JVM. Run one size per JVM, so
 * the peak is that run's:
 *
 * <pre>
 * java -cp $(cp) org.apicflow.bench.MemoryBenchmark 2 1000000
 * java -cp $(cp) org.apicflow.bench.MemoryBenchmark 255 250000
 * </pre>
 *
 * Arguments: CPUs and events (a generated ring, {@link BigScenarios}), and optionally a keyframe
 * interval (default: the simulator's for the machine's size). Limits itself to 120 s of seeking and
 * says so if it stops early.
 */
public final class MemoryBenchmark {
  private MemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int cpus = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    // the generated ring's length is an estimate: room above the size asked for, so that a size at
    // the app's limit (a million events) is measured rather than refused
    RunLimits.set(
        new RunLimits(
            Math.max(RunLimits.DEFAULT_EVENTS, 2L * events), RunLimits.current().maxMemoryBytes()));
    Program p =
        ScenarioLoader.parse(
                "ring.yaml", BigScenarios.ring(cpus, BigScenarios.horizonFor(cpus, events)))
            .program("none");
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    Trace t =
        args.length > 2
            ? Simulator.run(p, Integer.parseInt(args[2]), Simulator.STEP_BUDGET)
            : Simulator.run(p);
    long simNs = System.nanoTime() - t0;
    long after = usedAfterGc();
    double mb = (after - before) / 1e6;
    // seek: random positions, each a fresh machine
    Random r = new Random(11);
    int n = 400;
    long[] ns = new long[n];
    int done = 0;
    long limit = System.nanoTime() + 120_000_000_000L;
    for (int i = 0; i < 50; i++) {
      t.stateAt(r.nextInt(t.size() + 1)); // warm up
    }
    for (int i = 0; i < n && System.nanoTime() < limit; i++) {
      int pos = r.nextInt(t.size() + 1);
      long s = System.nanoTime();
      t.stateAt(pos);
      ns[done++] = System.nanoTime() - s;
    }
    long[] sorted = Arrays.copyOf(ns, done);
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "ring %d CPUs: %d events in %.1f s; keyframes %d every %d events; heap kept %.1f MB"
            + " = %.1f MB per million events; seek median %.3f ms, p95 %.3f ms, max %.3f ms%s;"
            + " peak RSS %s; load %.2f%n",
        cpus,
        t.size(),
        simNs / 1e9,
        t.keyframeCount(),
        t.keyframeInterval(),
        mb,
        mb / (t.size() / 1e6),
        sorted[done / 2] / 1e6,
        sorted[Math.min(done - 1, (int) (done * 0.95))] / 1e6,
        sorted[done - 1] / 1e6,
        done < n ? " (time limit, " + done + " seeks)" : "",
        peakRss(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (t.size() < 0) {
      System.out.println(t); // keeps the trace reachable until here
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static String peakRss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          return l.substring(6).trim();
        }
      }
    } catch (java.io.IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}
