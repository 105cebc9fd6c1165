package org.apicflow.machine;

import java.util.List;
import org.apicflow.apic.ApicMode;
import org.apicflow.apic.Quirks;
import org.apicflow.apic.SoftDisabledFixed;

/**
 * The machine section of a scenario: CPUs, APIC mode, quirks (see {@link org.apicflow.apic.Quirk}),
 * timing (nanoseconds), the simulated-time horizon and device interrupt sources.
 */
public record MachineConfig(
    int cpus,
    List<Integer> apicIds,
    ApicMode apic,
    Quirks quirks,
    long opNs,
    long mmioNs,
    long ipiLatencyNs,
    long timerTickNs,
    boolean apicInitEnabled,
    long horizonNs,
    List<SourceConfig> sources) {

  public MachineConfig {
    apicIds = List.copyOf(apicIds);
    sources = List.copyOf(sources);
  }

  /** Defaults of format apicflow/1 for {@code cpus} CPUs. */
  public static MachineConfig defaults(int cpus) {
    return new MachineConfig(
        cpus,
        List.of(),
        ApicMode.XAPIC,
        Quirks.defaults(),
        10,
        100,
        500,
        10,
        true,
        3_000_000_000L,
        List.of());
  }

  public int apicId(int cpu) {
    return apicIds.isEmpty() ? cpu : apicIds.get(cpu);
  }

  public MachineConfig withSources(List<SourceConfig> s) {
    return new MachineConfig(
        cpus,
        apicIds,
        apic,
        quirks,
        opNs,
        mmioNs,
        ipiLatencyNs,
        timerTickNs,
        apicInitEnabled,
        horizonNs,
        s);
  }

  /** The same machine with other quirk settings. */
  public MachineConfig withQuirks(Quirks q) {
    return new MachineConfig(
        cpus,
        apicIds,
        apic,
        q,
        opNs,
        mmioNs,
        ipiLatencyNs,
        timerTickNs,
        apicInitEnabled,
        horizonNs,
        sources);
  }

  /** The soft-disabled-fixed quirk. */
  public SoftDisabledFixed softDisabledFixed() {
    return quirks.softDisabledFixed();
  }

  /** The icr-busy-until-accepted quirk. */
  public boolean icrBusyUntilAccepted() {
    return quirks.icrBusyUntilAccepted();
  }

  /**
   * A device interrupt source. period 0 = fires once. Wired to a local APIC (the original form:
   * {@code vector} or NMI to {@code cpu}), or to an IO-APIC pin and/or an 8259 IRQ (an ISA line
   * reaches both chips): an edge source pulses its line at every tick, a level source asserts it
   * and holds it until an {@code irq-line} op deasserts it. -1: not wired there.
   */
  public record SourceConfig(
      String name,
      boolean nmi,
      int vector,
      int cpu,
      long period,
      long start,
      boolean enabled,
      int ioapicPin,
      int picIrq,
      boolean level) {

    /** A source wired straight to a local APIC. */
    public SourceConfig(
        String name, boolean nmi, int vector, int cpu, long period, long start, boolean enabled) {
      this(name, nmi, vector, cpu, period, start, enabled, -1, -1, false);
    }

    /** Does the line go to the IO-APIC or the 8259s rather than straight to a local APIC? */
    public boolean wired() {
      return ioapicPin >= 0 || picIrq >= 0;
    }
  }
}
