package org.apicflow.machine;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.LocalApic;
import org.apicflow.apic.VectorSet;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;

/**
 * A test bench in the style of kvm-unit-tests x86/apic.c: a machine whose CPUs sit in an idle loop
 * ({@code sti; hlt}) or run a scenario, driven from the test through the register interface (write
 * ICR, let the machine run, read IRR/ISR/PPR). Every event is kept for counting.
 */
public final class Bench {

  /** One recorded event. */
  public record Ev(long time, int cpu, EventKind kind, long a, long b) {}

  public final Machine m;
  public final List<Ev> events = new ArrayList<>();

  public Bench(Program p) {
    m = new Machine(p);
    m.setSink((t, c, k, kernel, fn, pc, a, b) -> events.add(new Ev(t, c, k, a, b)));
  }

  /** Compiles scenario text (format apicflow/1), the run with no fix. */
  public static Program program(String yaml) {
    try {
      return ScenarioLoader.parse("bench.yaml", yaml).program("none");
    } catch (ScenarioException e) {
      throw new AssertionError(e.getMessage() + "\n" + yaml, e);
    }
  }

  /** Runs scenario text to its end with the simulator. */
  public static Trace simulate(String yaml) {
    return Simulator.run(program(yaml));
  }

  /** The machine right after the first event of mark {@code name}. */
  public static Machine atMark(Trace t, String name) {
    int event = t.firstMark(name).orElseThrow(() -> new AssertionError("no mark " + name)).event();
    return t.stateAt(event + 1);
  }

  /**
   * A machine of {@code cpus} CPUs, each in the idle loop {@code sti; hlt} with the built-in
   * handlers (an IRQ gets EOI and IRET; an NMI gets IRET). {@code machineYaml} adds keys to the
   * machine section (e.g. "quirks: { icr-busy-until-accepted: false }").
   */
  public static Bench idle(int cpus, String machineYaml) {
    StringBuilder start = new StringBuilder();
    for (int i = 0; i < cpus; i++) {
      start.append(i == 0 ? "" : ", ").append("cpu").append(i).append(": idle");
    }
    return new Bench(
        program(
            """
            format: apicflow/1
            id: bench
            machine:
              cpus: %d
              %s
            kernels:
              first:
                start: { %s }
                ap-entry: idle
                functions:
                  idle:
                    ops:
                      - { op: sti }
                      - { op: hlt }
                      - { op: call, fn: idle }
            """
                .formatted(cpus, machineYaml, start)));
  }

  public static Bench idle(int cpus) {
    return idle(cpus, "");
  }

  /** Runs the machine until nothing more can happen, without ending the run. */
  public Bench settle() {
    while (true) {
      Machine probe = m.copy();
      if (!probe.step()) {
        return this;
      }
      m.step();
    }
  }

  public void write(int cpu, int reg, int value) {
    m.writeRegister(cpu, reg, value);
  }

  public int read(int cpu, int reg) {
    return m.readRegister(cpu, reg);
  }

  /**
   * Sends as the kernel does: xAPIC writes ICR high (destination in bits 31:24) then ICR low;
   * x2APIC writes the 64-bit ICR once (destination in bits 63:32).
   */
  public void send(int from, int destination, int icrLow) {
    if (m.config().apic() == org.apicflow.apic.ApicMode.X2APIC) {
      m.writeIcr(from, ((long) destination << 32) | (icrLow & 0xFFFF_FFFFL));
    } else {
      write(from, ApicRegister.ICR2, destination << 24);
      write(from, ApicRegister.ICR, icrLow);
    }
  }

  public LocalApic apic(int cpu) {
    return m.cpu(cpu).apic();
  }

  public VectorSet irr(int cpu) {
    return apic(cpu).irr();
  }

  public VectorSet isr(int cpu) {
    return apic(cpu).isr();
  }

  public VectorSet tmr(int cpu) {
    return apic(cpu).tmr();
  }

  public long count(int cpu, EventKind kind) {
    return events.stream().filter(e -> e.cpu() == cpu && e.kind() == kind).count();
  }

  /** Handler runs for a fixed vector on one CPU. */
  public long entries(int cpu, int vector) {
    return events.stream()
        .filter(e -> e.cpu() == cpu && e.kind() == EventKind.IRQ_ENTRY && e.a() == vector)
        .count();
  }

  /** Vectors the CPU took, in order. */
  public List<Integer> taken(int cpu) {
    return events.stream()
        .filter(e -> e.cpu() == cpu && e.kind() == EventKind.IRQ_ENTRY)
        .map(e -> (int) e.a())
        .toList();
  }

  /** Vectors that left ISR through EOI on one CPU, in order (-1 for an EOI with ISR empty). */
  public List<Integer> eois(int cpu) {
    return events.stream()
        .filter(e -> e.cpu() == cpu && e.kind() == EventKind.EOI)
        .map(e -> (int) e.a())
        .toList();
  }

  /** Deliveries at one CPU, by result. */
  public List<EventKind.Delivery> deliveries(int cpu) {
    return events.stream()
        .filter(e -> e.cpu() == cpu && e.kind() == EventKind.IPI_DELIVER)
        .map(e -> EventKind.Delivery.values()[(int) e.b()])
        .toList();
  }

  public boolean icrBusy(int cpu) {
    return (read(cpu, ApicRegister.ICR) & (1 << 12)) != 0;
  }
}
