package org.apicflow.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apicflow.machine.Machine;
import org.apicflow.machine.Program;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;

/**
 * Performance figures for the simulation core (docs/architecture.md "Performance budgets"). A main,
 * not a test: run it with
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=org.apicflow.bench.SimulationBenchmark</pre>
 */
public final class SimulationBenchmark {
  private SimulationBenchmark() {}

  /** CPU 0 idles in hlt; a device interrupts it every microsecond: about 7 events a tick. */
  public static String tickScenario(String horizon) {
    return String.join(
        "\n",
        "format: apicflow/1",
        "id: bench-ticks",
        "machine:",
        "  cpus: 2",
        "  horizon: " + horizon,
        "  sources: [ { name: tick, vector: 0x40, cpu: 0, period: 1us } ]",
        "kernels:",
        "  first:",
        "    vars: { ticks: 0 }",
        "    handlers: { 0x40: on_tick }",
        "    start: { cpu0: boot }",
        "    functions:",
        "      boot: { ops: [ { op: sti }, { op: call, fn: idle } ] }",
        "      idle: { ops: [ { op: hlt }, { op: call, fn: idle } ] }",
        "      on_tick: { ops: [ { op: add, var: ticks, value: 1 }, { op: eoi }, { op: iret } ] }",
        "");
  }

  /** An NMI shootdown on a big machine: CPU 0 sends NMI to all others, each checks in. */
  static String shootdownScenario(int cpus, String apic) {
    StringBuilder start = new StringBuilder("{ cpu0: panic");
    for (int i = 1; i < cpus; i++) {
      start.append(", cpu").append(i).append(": idle");
    }
    start.append(" }");
    return String.join(
        "\n",
        "format: apicflow/1",
        "id: bench-shootdown",
        "machine: { cpus: " + cpus + ", apic: " + apic + " }",
        "kernels:",
        "  first:",
        "    vars: { in_crash: 0 }",
        "    handlers: { nmi: crash_nmi_callback }",
        "    start: " + start,
        "    functions:",
        "      idle: { ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ] }",
        "      panic:",
        "        ops:",
        "          - { op: delay, time: 10us }",
        "          - { op: send-ipi, mode: nmi, shorthand: others }",
        "          - { op: wait-var, var: in_crash, until: { at-least: "
            + (cpus - 1)
            + " }, max-polls: 1000, delay: 1us }",
        "          - { op: mark, name: all-in }",
        "      crash_nmi_callback: { ops: [ { op: add, var: in_crash, value: 1 }, { op: halt-forever } ] }",
        "success: all-in",
        "");
  }

  public static void main(String[] args) throws Exception {
    Program ticks = ScenarioLoader.parse("bench.yaml", tickScenario("150ms")).program("none");

    // Warm up the JIT.
    for (int i = 0; i < 3; i++) {
      Simulator.run(ScenarioLoader.parse("w.yaml", tickScenario("20ms")).program("none"));
    }

    // 1. Simulated events per second (with keyframes and recording, as the app runs it).
    long best = Long.MAX_VALUE;
    Trace trace = null;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      trace = Simulator.run(ticks);
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf(
        "simulate: %,d events in %.1f ms (best of 5): %,.0f events/s%n",
        trace.size(), best / 1e6, trace.size() / (best / 1e9));

    // 2. Memory per million events.
    Trace keep = null;
    System.gc();
    Thread.sleep(200);
    long before = used();
    keep = Simulator.run(ticks);
    System.gc();
    Thread.sleep(200);
    long after = used();
    System.out.printf(
        "memory: %.1f MB for %,d events (%d keyframes): %.1f MB per million events%n",
        (after - before) / 1e6,
        keep.size(),
        keep.keyframeCount(),
        (after - before) / 1e6 / (keep.size() / 1e6));

    // 3. Seek at random positions vs replay from the start.
    Random rnd = new Random(42);
    int n = keep.size();
    for (int i = 0; i < 2000; i++) {
      keep.stateAt(rnd.nextInt(n + 1));
    }
    long[] seeks = new long[2000];
    for (int i = 0; i < seeks.length; i++) {
      int p = rnd.nextInt(n + 1);
      long t0 = System.nanoTime();
      Machine m = keep.stateAt(p);
      seeks[i] = System.nanoTime() - t0;
      if (m.steps() < 0) {
        throw new AssertionError();
      }
    }
    Arrays.sort(seeks);
    long[] replays = new long[10];
    for (int i = 0; i < replays.length; i++) {
      int p = n / 2 + rnd.nextInt(n / 2);
      long t0 = System.nanoTime();
      keep.replayFromStart(p);
      replays[i] = System.nanoTime() - t0;
    }
    Arrays.sort(replays);
    double seekMedian = seeks[seeks.length / 2] / 1e3;
    double replayMedian = replays[replays.length / 2] / 1e3;
    System.out.printf(
        "seek (keyframe every %d events): median %.1f us, p99 %.1f us, max %.1f us%n",
        keep.keyframeInterval(),
        seekMedian,
        seeks[seeks.length * 99 / 100] / 1e3,
        seeks[seeks.length - 1] / 1e3);
    System.out.printf(
        "replay from the start to a position in the second half: median %.1f ms: seek is %.0fx faster%n",
        replayMedian / 1e3, replayMedian / seekMedian);

    // 4. Every built-in scenario x fix, warm.
    List<String> ids = Catalogue.ids();
    for (String id : ids) {
      Scenario s = Catalogue.load(id);
      for (String fix : s.fixNames()) {
        Program p = s.program(fix);
        for (int i = 0; i < 5; i++) {
          Simulator.run(p);
        }
        long[] t = new long[10];
        Trace last = null;
        for (int i = 0; i < t.length; i++) {
          long t0 = System.nanoTime();
          last = Simulator.run(p);
          t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        System.out.printf(
            "built-in %-18s %-14s %-5s %,7d events  median %6.2f ms%n",
            id, fix, last.outcome().kind().word(), last.size(), t[t.length / 2] / 1e6);
      }
    }

    // 5. Big machines.
    for (String[] m : List.of(new String[] {"64", "xapic"}, new String[] {"255", "x2apic"})) {
      long t0 = System.nanoTime();
      Scenario s =
          ScenarioLoader.parse("big.yaml", shootdownScenario(Integer.parseInt(m[0]), m[1]));
      long t1 = System.nanoTime();
      Trace t = Simulator.run(s.program("none"));
      long t2 = System.nanoTime();
      t.stateAt(t.size() / 2);
      long t3 = System.nanoTime();
      System.out.printf(
          "%s CPUs %s: load %.1f ms, simulate %.1f ms (%,d events, %s), seek %.2f ms%n",
          m[0],
          m[1],
          (t1 - t0) / 1e6,
          (t2 - t1) / 1e6,
          t.size(),
          t.outcome().kind().word(),
          (t3 - t2) / 1e6);
    }

    // 6. Bad input: the loader refuses an alias bomb in well under a second.
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i > 0 ? ", " : "").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = String.valueOf(c);
    }
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      try {
        ScenarioLoader.parse("bomb.yaml", bomb.toString());
      } catch (org.apicflow.scenario.ScenarioException e) {
        times.add(System.nanoTime() - t0);
      }
    }
    System.out.printf(
        "alias bomb refused in %.1f ms (best of 5)%n",
        times.stream().mapToLong(x -> x).min().orElse(0) / 1e6);
  }

  private static long used() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
