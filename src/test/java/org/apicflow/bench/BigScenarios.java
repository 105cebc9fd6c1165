package org.apicflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated scenarios for the scale benchmarks: every CPU sends a fixed IPI to the next one in a
 * ring, a few microseconds apart, and handles the one it receives (EOI, IRET). The horizon sets the
 * length: about {@link #eventsPerMicrosecond} events per CPU and microsecond of horizon.
 */
public final class BigScenarios {
  private BigScenarios() {}

  /** Events per CPU per microsecond of horizon, measured for {@link #ring}; used to pick it. */
  public static double eventsPerMicrosecond() {
    return 5.2;
  }

  /** A ring of {@code cpus} CPUs running until {@code horizonUs} microseconds. */
  public static String ring(int cpus, long horizonUs) {
    StringBuilder y = new StringBuilder();
    y.append("format: apicflow/1\n");
    y.append("id: bench-ring-").append(cpus).append('\n');
    y.append("title: ").append(cpus).append(" CPUs pass IPIs round a ring\n");
    y.append("machine: { cpus: ").append(cpus);
    y.append(cpus > 8 ? ", apic: x2apic" : "").append(", horizon: ");
    y.append(horizonUs).append("us }\n");
    y.append("kernels:\n  first:\n    handlers: { 0x40: on_ipi }\n    start: { ");
    for (int c = 0; c < cpus; c++) {
      y.append(c == 0 ? "" : ", ").append("cpu").append(c).append(": ring").append(c);
    }
    y.append(" }\n    functions:\n");
    for (int c = 0; c < cpus; c++) {
      y.append("      ring").append(c).append(":\n        ops:\n");
      y.append("          - { op: sti }\n");
      y.append("          - { op: delay, time: ").append(1 + c % 3).append("us }\n");
      y.append("          - { op: send-ipi, vector: 0x40, dest: ").append((c + 1) % cpus);
      y.append(" }\n          - { op: call, fn: ring").append(c).append(" }\n");
    }
    y.append("      on_ipi: { ops: [ { op: eoi }, { op: iret } ] }\n");
    return y.toString();
  }

  /** Writes {@link #ring} to a temporary file (deleted on exit) and returns its path. */
  public static Path ringFile(int cpus, long horizonUs) throws IOException {
    Path p = Files.createTempFile("bench-ring-" + cpus + "-", ".yaml");
    p.toFile().deleteOnExit();
    Files.writeString(p, ring(cpus, horizonUs));
    return p;
  }

  /** The horizon giving about {@code events} events on {@code cpus} CPUs. */
  public static long horizonFor(int cpus, int events) {
    return Math.max(5, Math.round(events / (cpus * eventsPerMicrosecond())));
  }
}
