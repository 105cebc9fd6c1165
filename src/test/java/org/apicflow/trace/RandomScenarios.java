package org.apicflow.trace;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apicflow.machine.Program;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.scenario.ScenarioLoader;

/**
 * Random scenarios from a small grammar, written as YAML text so the loader is exercised too: 2-4
 * CPUs, each running a list of sends (fixed, lowest, NMI, INIT, start-up; every shorthand and
 * destination mode), TPR and SVR writes, sti, cli, EOI, delays, ICR reads and bounded ICR polls; a
 * handler per vector of a small pool, some of which forget their EOI or nest.
 */
final class RandomScenarios {
  static final int[] VECTORS = {0x20, 0x31, 0x45, 0x4A, 0x80, 0xFB};
  static final List<Integer> VECTOR_LIST = java.util.Arrays.stream(VECTORS).boxed().toList();

  private RandomScenarios() {}

  static Program compile(String yaml) {
    try {
      return ScenarioLoader.parse("random.yaml", yaml).program("none");
    } catch (ScenarioException e) {
      throw new AssertionError("generated scenario does not load: " + e.getMessage() + "\n" + yaml);
    }
  }

  static Arbitrary<String> scenarios() {
    return Arbitraries.integers()
        .between(2, 4)
        .flatMap(
            cpus ->
                Combinators.combine(
                        Arbitraries.of("xapic", "xapic", "xapic", "x2apic"),
                        Arbitraries.of("hold", "drop", "deliver"),
                        Arbitraries.of(true, false),
                        Arbitraries.of("1ns", "50ns", "500ns"),
                        handlers(),
                        nmiHandler(),
                        mains(cpus))
                    .as(
                        (apic, quirk, busy, latency, handlers, nmi, mains) ->
                            yaml(cpus, apic, quirk, busy, latency, handlers, nmi, mains)));
  }

  private static String yaml(
      int cpus,
      String apic,
      String quirk,
      boolean busy,
      String latency,
      List<String> handlers,
      String nmiHandler,
      List<List<String>> mains) {
    StringBuilder y = new StringBuilder();
    y.append("format: apicflow/1\nid: random\n");
    y.append("machine:\n");
    y.append("  cpus: ").append(cpus).append('\n');
    y.append("  apic: ").append(apic).append('\n');
    y.append("  quirks: { soft-disabled-fixed: ")
        .append(quirk)
        .append(", icr-busy-until-accepted: ")
        .append(busy)
        .append(" }\n");
    y.append("  timing: { ipi-latency: ").append(latency).append(" }\n");
    y.append("  horizon: 200us\n");
    y.append("kernels:\n  first:\n    vars: { n: 0, r: 0 }\n    handlers: { ");
    for (int i = 0; i < VECTORS.length; i++) {
      y.append(String.format("0x%02x: h%02x, ", VECTORS[i], VECTORS[i]));
    }
    y.append("nmi: on_nmi }\n    start: { ");
    for (int c = 0; c < cpus; c++) {
      y.append(c == 0 ? "" : ", ").append("cpu").append(c).append(": main").append(c);
    }
    y.append(" }\n    ap-entry: ap\n    functions:\n");
    for (int c = 0; c < cpus; c++) {
      y.append("      main").append(c).append(":\n        ops:\n");
      for (String op : mains.get(c)) {
        y.append("          - ").append(op).append('\n');
      }
    }
    for (int i = 0; i < VECTORS.length; i++) {
      y.append(String.format("      h%02x:%n        ops:%n", VECTORS[i]));
      for (String op : handlers.get(i).split("\n")) {
        y.append("          - ").append(op).append('\n');
      }
    }
    y.append("      on_nmi:\n        ops:\n");
    for (String op : nmiHandler.split("\n")) {
      y.append("          - ").append(op).append('\n');
    }
    y.append(
        """
              ap:
                ops:
                  - { op: apic-write, reg: SVR, value: 0x1ff }
                  - { op: sti }
                  - { op: delay, time: 2us }
        """);
    return y.toString();
  }

  private static Arbitrary<List<String>> handlers() {
    Arbitrary<String> handler =
        Arbitraries.of(
            "{ op: eoi }\n{ op: iret }",
            "{ op: add, var: n, value: 1 }\n{ op: eoi }\n{ op: iret }",
            "{ op: sti }\n{ op: delay, time: 300ns }\n{ op: eoi }\n{ op: iret }",
            "{ op: iret }",
            "{ op: send-ipi, vector: 0x80, shorthand: self }\n{ op: eoi }\n{ op: iret }",
            "{ op: sti }\n{ op: send-ipi, vector: 0xfb, shorthand: self }\n"
                + "{ op: delay, time: 100ns }\n{ op: eoi }\n{ op: iret }");
    return handler.list().ofSize(VECTORS.length);
  }

  /** The NMI handler: returns, returns late, or never returns (the crash NMI callback). */
  private static Arbitrary<String> nmiHandler() {
    return Arbitraries.of(
        "{ op: add, var: n, value: 1 }\n{ op: iret }",
        "{ op: delay, time: 3us }\n{ op: iret }",
        "{ op: if, var: n, is: 0, then: [ { op: set, var: n, value: 1 }, { op: halt-forever } ] }"
            + "\n{ op: iret }");
  }

  private static Arbitrary<List<List<String>>> mains(int cpus) {
    List<Arbitrary<List<String>>> each = new ArrayList<>();
    for (int c = 0; c < cpus; c++) {
      each.add(op(cpus).list().ofMinSize(1).ofMaxSize(14));
    }
    return Combinators.combine(each).as(l -> l);
  }

  private static Arbitrary<String> op(int cpus) {
    Arbitrary<Integer> vector =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.just(0x0F)),
            net.jqwik.api.Tuple.of(12, Arbitraries.of(VECTOR_LIST)));
    Arbitrary<Integer> dest =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, cpus - 1), Arbitraries.of(0x03, 0x0F, 0xFF));
    Arbitrary<String> fixed =
        Combinators.combine(
                vector,
                dest,
                Arbitraries.of("fixed", "fixed", "lowest"),
                Arbitraries.of("physical", "logical"),
                Arbitraries.of("none", "none", "none", "self", "all", "others"),
                Arbitraries.of("edge", "level"))
            .as(
                (v, d, mode, dm, sh, trig) ->
                    String.format(
                        "{ op: send-ipi, vector: 0x%02x, mode: %s, dest: %d, dest-mode: %s,"
                            + " shorthand: %s, trigger: %s }",
                        v,
                        mode,
                        d,
                        dm,
                        // SDM Table 10-3: lowest priority takes neither self nor all-including-self
                        mode.equals("lowest") && !sh.equals("others") ? "none" : sh,
                        trig));
    Arbitrary<String> nmi =
        Combinators.combine(dest, Arbitraries.of("none", "none", "none", "others"))
            .as((d, sh) -> "{ op: send-ipi, mode: nmi, dest: " + d + ", shorthand: " + sh + " }");
    Arbitrary<String> initSipi =
        Arbitraries.integers()
            .between(0, cpus - 1)
            .map(
                d ->
                    "{ op: send-ipi, mode: init, dest: "
                        + d
                        + " }\n          - { op: send-ipi, mode: startup, vector: 0x9a, dest: "
                        + d
                        + " }");
    Arbitrary<String> tpr =
        Arbitraries.integers()
            .between(0, 15)
            .map(c -> "{ op: apic-write, reg: TPR, value: 0x" + Integer.toHexString(c * 16) + " }");
    Arbitrary<String> svr =
        Arbitraries.of(
            "{ op: apic-write, reg: SVR, value: 0xff }",
            "{ op: apic-write, reg: SVR, value: 0x1ff }");
    Arbitrary<String> delay =
        Arbitraries.of(100, 300, 800, 2000).map(ns -> "{ op: delay, time: " + ns + "ns }");
    Arbitrary<String> simple =
        Arbitraries.of(
            "{ op: sti }",
            "{ op: sti }",
            "{ op: cli }",
            "{ op: eoi }",
            "{ op: nop }",
            "{ op: apic-read, reg: ICR, into: r }",
            "{ op: apic-read, reg: PPR, into: r }",
            "{ op: poll, reg: ICR, mask: 0x1000, until: 0, max-polls: 5, delay: 100ns }");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, fixed),
        net.jqwik.api.Tuple.of(2, nmi),
        net.jqwik.api.Tuple.of(1, initSipi),
        net.jqwik.api.Tuple.of(2, tpr),
        net.jqwik.api.Tuple.of(1, svr),
        net.jqwik.api.Tuple.of(3, delay),
        net.jqwik.api.Tuple.of(6, simple));
  }
}
