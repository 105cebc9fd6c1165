package org.apicflow.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apicflow.trace.kvm.KvmImport;

/**
 * KVM trace import speed and memory (DESIGN.md: at least a million lines a second, streamed, memory
 * independent of file size). A main, not a test:
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=org.apicflow.bench.KvmImportBenchmark [-Dexec.args="LINES"]</pre>
 *
 * <p>It writes traces of LINES lines (default 1,000,000) by repeating a capture under
 * src/test/resources/kvm (the hand-made entry/exit run, and the real SeaBIOS one), then, in the
 * same run: reads it line by line with BufferedReader (the baseline: the cost of just seeing the
 * lines) and imports it ({@code apicflow import}: both passes). Figures are lines per second and
 * the ratio to the baseline. Memory: the heap's peak above the baseline for the file and for a file
 * four times its size. Time limit: 240 s in all; past it the run stops and says so.
 */
public final class KvmImportBenchmark {
  private static final long LIMIT_NS = 240_000_000_000L;
  private static final long START = System.nanoTime();

  private KvmImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    long lines = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    Path dir = Files.createTempDirectory("apicflow-kvm-bench");
    try {
      // A capture where each vCPU thread is named by kvm_entry/kvm_exit before anything else
      // (hosts with VMX or SVM): one pass.
      run(dir, "entry/exit capture (hand-made run repeated)", "handmade-ftrace.txt", lines);
      // The real SeaBIOS capture: no kvm_entry, threads named by their EOIs after their first
      // register writes, so the import reads the file twice.
      run(dir, "real SeaBIOS capture repeated", "real-seabios-perf.txt", lines);
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void run(Path dir, String what, String source, long lines) throws Exception {
    Path small = dir.resolve("trace-1x.txt");
    Path big = dir.resolve("trace-4x.txt");
    write(small, source, lines);
    check();
    // warm up: the JIT settles after a few passes over a file this size
    for (int k = 0; k < 4; k++) {
      baseline(small);
      KvmImport.summarize(small);
      check();
    }
    double[] base = best(() -> baseline(small), 3);
    double[] imp = best(() -> KvmImport.summarize(small), 3);
    System.out.printf(
        Locale.ROOT,
        "%s: %,d lines, %,d bytes%n"
            + "  baseline (BufferedReader.readLine): %,.0f lines/s wall, %,.0f lines per CPU second%n"
            + "  import (apicflow import): %,.0f lines/s wall = %.2f x baseline;"
            + " %,.0f lines per CPU second = %.2f x baseline%n",
        what,
        lines,
        Files.size(small),
        lines / base[0],
        lines / base[1],
        lines / imp[0],
        base[0] / imp[0],
        lines / imp[1],
        base[1] / imp[1]);
    write(big, source, lines * 4);
    check();
    long m1 = peak(() -> KvmImport.summarize(small));
    check();
    long m4 = peak(() -> KvmImport.summarize(big));
    System.out.printf(
        Locale.ROOT,
        "  heap peak during import: %,d KB for %,d lines, %,d KB for %,d lines (ratio %.2f)%n",
        m1 / 1024,
        lines,
        m4 / 1024,
        lines * 4,
        m4 / (double) Math.max(1, m1));
    Files.delete(small);
    Files.delete(big);
  }

  interface Job {
    void run() throws Exception;
  }

  private static void check() {
    if (System.nanoTime() - START > LIMIT_NS) {
      System.out.println("time limit (240 s) reached: stopping");
      System.exit(1);
    }
  }

  /**
   * Seconds of the fastest of n runs: wall clock, and this thread's CPU time (on a machine shared
   * with other work the wall clock mostly measures waiting for a core).
   */
  private static double[] best(Job j, int n) throws Exception {
    var mx = ManagementFactory.getThreadMXBean();
    double wall = Double.MAX_VALUE;
    double cpu = Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      j.run();
      cpu = Math.min(cpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9);
      wall = Math.min(wall, (System.nanoTime() - t0) / 1e9);
      check();
    }
    return new double[] {wall, cpu};
  }

  private static void baseline(Path f) throws IOException {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
      while (r.readLine() != null) {
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalStateException("empty");
    }
  }

  /** The heap's peak use during the job, above what was in use before it. */
  private static long peak(Job j) throws Exception {
    System.gc();
    List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    long before = 0;
    for (MemoryPoolMXBean p : pools) {
      p.resetPeakUsage();
      before += p.getUsage().getUsed();
    }
    j.run();
    long peak = 0;
    for (MemoryPoolMXBean p : pools) {
      peak += p.getPeakUsage().getUsed();
    }
    return Math.max(0, peak - before);
  }

  private static void write(Path f, String source, long lines) throws IOException {
    List<String> src =
        Files.readAllLines(Path.of("src/test/resources/kvm/" + source)).stream()
            .filter(l -> !l.startsWith("#"))
            .toList();
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.ISO_8859_1)) {
      long n = 0;
      w.write("# tracer: nop\n");
      n++;
      while (n < lines) {
        for (String l : src) {
          if (n >= lines) {
            break;
          }
          w.write(l);
          w.write('\n');
          n++;
        }
      }
    }
  }
}
