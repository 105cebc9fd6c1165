package org.apicflow.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apicflow.machine.Program;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.testing.Seeds;

/**
 * Random scenarios from a small grammar, written as YAML text so the loader is exercised too: 2-4
 * CPUs, each running a list of sends (fixed, lowest, NMI, INIT, start-up; every shorthand and
 * destination mode), TPR and SVR writes, sti, cli, EOI, delays, ICR reads and bounded ICR polls; a
 * handler per vector of a small pool, some of which forget their EOI or nest. Drawn from a seeded
 * {@link SplittableRandom}: one seed, one scenario.
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

  /** One random scenario's YAML text. */
  static String scenario(SplittableRandom r) {
    int cpus = 2 + r.nextInt(3);
    String apic = Seeds.oneOf(r, "xapic", "xapic", "xapic", "x2apic");
    String quirk = Seeds.oneOf(r, "hold", "drop", "deliver");
    boolean busy = r.nextBoolean();
    String latency = Seeds.oneOf(r, "1ns", "50ns", "500ns");
    List<String> handlers = handlers(r);
    String nmi = nmiHandler(r);
    List<List<String>> mains = new ArrayList<>();
    for (int c = 0; c < cpus; c++) {
      List<String> ops = new ArrayList<>();
      int n = 1 + r.nextInt(14);
      for (int i = 0; i < n; i++) {
        ops.add(op(r, cpus));
      }
      mains.add(ops);
    }
    return yaml(cpus, apic, quirk, busy, latency, handlers, nmi, mains);
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

  private static final String[] HANDLERS = {
    "{ op: eoi }\n{ op: iret }",
    "{ op: add, var: n, value: 1 }\n{ op: eoi }\n{ op: iret }",
    "{ op: sti }\n{ op: delay, time: 300ns }\n{ op: eoi }\n{ op: iret }",
    "{ op: iret }",
    "{ op: send-ipi, vector: 0x80, shorthand: self }\n{ op: eoi }\n{ op: iret }",
    "{ op: sti }\n{ op: send-ipi, vector: 0xfb, shorthand: self }\n"
        + "{ op: delay, time: 100ns }\n{ op: eoi }\n{ op: iret }"
  };

  private static List<String> handlers(SplittableRandom r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < VECTORS.length; i++) {
      out.add(Seeds.oneOf(r, HANDLERS));
    }
    return out;
  }

  /** The NMI handler: returns, returns late, or never returns (the crash NMI callback). */
  private static String nmiHandler(SplittableRandom r) {
    return Seeds.oneOf(
        r,
        "{ op: add, var: n, value: 1 }\n{ op: iret }",
        "{ op: delay, time: 3us }\n{ op: iret }",
        "{ op: if, var: n, is: 0, then: [ { op: set, var: n, value: 1 }, { op: halt-forever } ] }"
            + "\n{ op: iret }");
  }

  private static int vector(SplittableRandom r) {
    return r.nextInt(13) == 0 ? 0x0F : VECTORS[r.nextInt(VECTORS.length)];
  }

  private static int dest(SplittableRandom r, int cpus) {
    return r.nextBoolean() ? r.nextInt(cpus) : Seeds.oneOf(r, 0x03, 0x0F, 0xFF);
  }

  private static String op(SplittableRandom r, int cpus) {
    switch (Seeds.weighted(r, 6, 2, 1, 2, 1, 3, 6)) {
      case 0:
        int v = vector(r);
        String mode = Seeds.oneOf(r, "fixed", "fixed", "lowest");
        int to = dest(r, cpus);
        String dm = Seeds.oneOf(r, "physical", "logical");
        String sh = Seeds.oneOf(r, "none", "none", "none", "self", "all", "others");
        String trig = Seeds.oneOf(r, "edge", "level");
        // SDM Table 10-3: lowest priority takes neither self nor all-including-self
        if (mode.equals("lowest") && !sh.equals("others")) {
          sh = "none";
        }
        return String.format(
            "{ op: send-ipi, vector: 0x%02x, mode: %s, dest: %d, dest-mode: %s,"
                + " shorthand: %s, trigger: %s }",
            v, mode, to, dm, sh, trig);
      case 1:
        return "{ op: send-ipi, mode: nmi, dest: "
            + dest(r, cpus)
            + ", shorthand: "
            + Seeds.oneOf(r, "none", "none", "none", "others")
            + " }";
      case 2:
        int d = r.nextInt(cpus);
        return "{ op: send-ipi, mode: init, dest: "
            + d
            + " }\n          - { op: send-ipi, mode: startup, vector: 0x9a, dest: "
            + d
            + " }";
      case 3:
        return "{ op: apic-write, reg: TPR, value: 0x"
            + Integer.toHexString(r.nextInt(16) * 16)
            + " }";
      case 4:
        return Seeds.oneOf(
            r,
            "{ op: apic-write, reg: SVR, value: 0xff }",
            "{ op: apic-write, reg: SVR, value: 0x1ff }");
      case 5:
        return "{ op: delay, time: " + Seeds.oneOf(r, 100, 300, 800, 2000) + "ns }";
      default:
        return Seeds.oneOf(
            r,
            "{ op: sti }",
            "{ op: sti }",
            "{ op: cli }",
            "{ op: eoi }",
            "{ op: nop }",
            "{ op: apic-read, reg: ICR, into: r }",
            "{ op: apic-read, reg: PPR, into: r }",
            "{ op: poll, reg: ICR, mask: 0x1000, until: 0, max-polls: 5, delay: 100ns }");
    }
  }
}
