package org.apicflow.trace.kvm;

import java.util.HashMap;
import java.util.Map;

/**
 * The KVM tracepoints the importer reads (arch/x86/kvm/trace.h and include/trace/events/kvm.h).
 * Every other line, other kvm tracepoints included, is counted as ignored.
 */
public enum KvmEvent {
  /** An ICR write sent an IPI: "dst %x vec %u (mode|dest mode|level|trigger|shorthand)". */
  APIC_IPI("kvm_apic_ipi"),
  /** A local APIC accepted an interrupt: "apicid %x vec %u (mode|trigger)". */
  APIC_ACCEPT_IRQ("kvm_apic_accept_irq"),
  /** KVM injected an interrupt into the guest: "IRQ 0x%x" or "Soft/INTn 0x%x" [reinjected]. */
  INJ_VIRQ("kvm_inj_virq"),
  /** An EOI: "apicid %x vector %d"; vector -1 when nothing was in service. */
  EOI("kvm_eoi"),
  /** An xAPIC register access: "apic_read|apic_write REG = 0x%llx". */
  APIC("kvm_apic"),
  /** An MSR access: "msr_read|msr_write %x = 0x%llx" [(#GP)]; 0x800-0x8FF are the x2APIC. */
  MSR("kvm_msr"),
  /** The 8259 PIC pin was raised: "chip %u pin %u (edge|level[|masked])". */
  PIC_SET_IRQ("kvm_pic_set_irq"),
  /** An IO-APIC pin was raised: "pin %u dst %x vec %u (mode|dest mode|trigger[|masked])". */
  IOAPIC_SET_IRQ("kvm_ioapic_set_irq"),
  /** A GSI was raised or lowered: "gsi %u level %d source %d". */
  SET_IRQ("kvm_set_irq"),
  /** Guest entry: "vcpu %u[, rip 0x%lx ...]". */
  ENTRY("kvm_entry"),
  /** Guest exit: "[vcpu %u ]reason %s rip 0x%lx ...". */
  EXIT("kvm_exit"),
  /** A paravirtual EOI: "apicid %x vector %d". */
  PV_EOI("kvm_pv_eoi"),
  /** An interrupt accepted through APICv (posted): "apicid %x vec %u (mode|trigger)". */
  APICV_ACCEPT_IRQ("kvm_apicv_accept_irq");

  /** The tracepoint's name, without the "kvm:" system prefix perf adds. */
  public final String tracepoint;

  private static final Map<String, KvmEvent> BY_NAME = new HashMap<>();

  static {
    for (KvmEvent e : values()) {
      BY_NAME.put(e.tracepoint, e);
    }
  }

  KvmEvent(String tracepoint) {
    this.tracepoint = tracepoint;
  }

  private static final KvmEvent[] ALL = values();

  /**
   * The event whose tracepoint name is {@code s} from {@code from} to {@code to}, or null: no
   * String made for the name.
   */
  static KvmEvent byName(String s, int from, int to) {
    int len = to - from;
    for (KvmEvent e : ALL) {
      if (e.tracepoint.length() == len && s.regionMatches(from, e.tracepoint, 0, len)) {
        return e;
      }
    }
    return null;
  }

  /** The event of that tracepoint name, or null for one the importer does not read. */
  public static KvmEvent byName(String name) {
    return BY_NAME.get(name);
  }

  /** Whether the event is logged by the vCPU's own thread (names the vCPU that ran it). */
  public boolean loggedByVcpu() {
    return switch (this) {
      case APIC_IPI, INJ_VIRQ, EOI, APIC, MSR, ENTRY, EXIT, PV_EOI -> true;
      default -> false;
    };
  }
}
