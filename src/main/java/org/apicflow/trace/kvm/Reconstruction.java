package org.apicflow.trace.kvm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the local APICs from KVM events, deciding a bit only when the events decide it:
 *
 * <ul>
 *   <li>kvm_apic_accept_irq / kvm_apicv_accept_irq, Fixed or LowPrio: IRR bit set; TMR bit = the
 *       trigger mode (KVM __apic_accept_irq).
 *   <li>kvm_inj_virq IRQ V (not soft, not reinjected) while IRR bit V is known set and the PIC
 *       cannot deliver to this vCPU (LVT0 known masked or not ExtINT): the APIC delivered it, IRR
 *       -> ISR (kvm_get_apic_interrupt). When the PIC may have delivered it, IRR and ISR bit V
 *       become unknown.
 *   <li>kvm_eoi / kvm_pv_eoi V: V was the highest vector in service (apic_set_eoi uses
 *       apic_find_highest_isr), so ISR bit V and every bit above it are clear; vector -1: the whole
 *       ISR is clear.
 *   <li>kvm_apic / kvm_msr (x2APIC 0x800-0x8FF) reads of IRR, ISR or TMR: 32 bits as read. Writes
 *       and reads of LVT0 tell whether the PIC can deliver.
 *   <li>INIT accepted: at the vCPU's next own event the reset has happened (kvm_apic_accept_events
 *       runs before the vCPU enters the guest again): IRR, ISR and TMR clear, LVT0 masked, except
 *       vectors accepted meanwhile, which are unknown.
 *   <li>APICv (kvm_apicv_accept_irq seen for an APIC): the CPU moves vectors from IRR to ISR and
 *       clears ISR on EOI without a log line, so at each own event of that vCPU a set IRR bit and
 *       any ISR bit that an unlogged delivery could change become unknown.
 * </ul>
 *
 * <p>Which vCPU logged a line comes from the thread: a {@link TaskMap} built from kvm_entry,
 * kvm_exit and kvm_eoi lines. A vCPU's id is its APIC ID (KVM sets the initial APIC ID from the
 * vcpu_id the VMM chose, kvm_lapic_reset).
 */
public final class Reconstruction {
  private final Map<Integer, ApicKnowledge> apics = new TreeMap<>();
  private final Map<Integer, long[]> counts = new TreeMap<>();

  private ApicKnowledge last;

  public ApicKnowledge apic(int id) {
    ApicKnowledge l = last;
    if (l != null && l.apicId == id) {
      return l;
    }
    l = apics.computeIfAbsent(id, ApicKnowledge::new);
    last = l;
    return l;
  }

  public Collection<ApicKnowledge> apics() {
    return apics.values();
  }

  /** kvm_apic_accept_irq lines with delivery mode Fixed, for an APIC. */
  public long acceptedFixed(int apicId) {
    return counts.getOrDefault(apicId, new long[2])[0];
  }

  /** kvm_eoi lines for an APIC. */
  public long eois(int apicId) {
    return counts.getOrDefault(apicId, new long[2])[1];
  }

  private long[] count(int apicId) {
    return counts.computeIfAbsent(apicId, k -> new long[2]);
  }

  /** Makes an APIC known to the reconstruction (listed, all unknown) without any event. */
  public void declare(int apicId) {
    apic(apicId);
    count(apicId);
  }

  /** Restores a snapshot (for seeking). */
  void restore(Map<Integer, ApicKnowledge> snapshot) {
    apics.clear();
    last = null;
    for (var e : snapshot.entrySet()) {
      apics.put(e.getKey(), e.getValue().copy());
    }
  }

  Map<Integer, ApicKnowledge> snapshot() {
    Map<Integer, ApicKnowledge> out = new LinkedHashMap<>();
    for (var e : apics.entrySet()) {
      out.put(e.getKey(), e.getValue().copy());
    }
    return out;
  }

  /**
   * Applies one event.
   *
   * @param vcpu the APIC ID of the vCPU whose thread logged the line, or -1 when not known
   */
  public void apply(KvmRecord r, int vcpu) {
    int self = selfOf(r, vcpu);
    if (self >= 0 && r.event.loggedByVcpu()) {
      ownEvent(apic(self));
    }
    vcpu = self;
    switch (r.event) {
      case APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ -> {
        ApicKnowledge k = apic(r.a);
        if (r.event == KvmEvent.APICV_ACCEPT_IRQ) {
          k.apicv = true;
        }
        if (r.event == KvmEvent.APIC_ACCEPT_IRQ && r.c == 0) {
          count(r.a)[0]++;
        }
        if (r.c == 0 || r.c == 1) {
          k.irr.set(r.b, true);
          k.tmr.set(r.b, r.d == 1);
          if (k.initPending) {
            k.acceptedSinceInit.set(r.b, true);
          }
        } else if (r.c == 5) {
          k.initPending = true;
          k.acceptedSinceInit.copyFrom(new KnownVectors());
        }
      }
      case EOI, PV_EOI -> {
        ApicKnowledge k = apic(r.a);
        if (r.event == KvmEvent.EOI) {
          count(r.a)[1]++;
        }
        if (r.b < 0) {
          k.isr.clearAll();
        } else {
          k.isr.set(r.b, false);
          k.isr.clearAbove(r.b);
        }
      }
      case INJ_VIRQ -> {
        if (vcpu < 0 || r.c == 1 || r.d == 1) {
          return;
        }
        ApicKnowledge k = apic(vcpu);
        if (k.irr.isSet(r.b) && !k.picMayDeliver()) {
          k.irr.set(r.b, false);
          k.isr.set(r.b, true);
        } else if (!k.irr.isClear(r.b)) {
          k.irr.forget(r.b);
          k.isr.forget(r.b);
        }
      }
      case APIC -> {
        if (vcpu >= 0) {
          register(apic(vcpu), r.a, r.value, r.c == 1);
        }
      }
      case MSR -> {
        if (vcpu >= 0 && r.a >= 0x800 && r.a <= 0x8FF && r.d == 0) {
          register(apic(vcpu), (r.a - 0x800) << 4, r.value, r.c == 1);
        }
      }
      case ENTRY -> apic(r.a).guest = ApicKnowledge.GuestMode.IN_GUEST;
      case EXIT -> {
        int id = r.a >= 0 ? r.a : vcpu;
        if (id >= 0) {
          ApicKnowledge k = apic(id);
          k.guest = ApicKnowledge.GuestMode.IN_HOST;
          k.lastExit = r.reason;
        }
      }
      default -> {}
    }
  }

  /**
   * The vCPU whose thread logged the line: what the line itself says (kvm_entry, kvm_exit "vcpu N",
   * kvm_eoi's APIC ID), else what the thread is known to be.
   */
  public static int selfOf(KvmRecord r, int vcpu) {
    return switch (r.event) {
      case ENTRY, EOI, PV_EOI -> r.a;
      case EXIT -> r.a >= 0 ? r.a : vcpu;
      default -> r.event.loggedByVcpu() ? vcpu : -1;
    };
  }

  /** The vCPU ran: a pending INIT has been processed; APICv may have moved vectors unlogged. */
  private static void ownEvent(ApicKnowledge k) {
    if (k.initPending) {
      k.initPending = false;
      k.irr.clearAll();
      k.isr.clearAll();
      k.tmr.clearAll();
      k.lvt0Known = true;
      k.lvt0 = 0x10000;
      for (int v = 0; v < 256; v++) {
        if (k.acceptedSinceInit.isSet(v)) {
          k.irr.forget(v);
          k.tmr.forget(v);
        }
      }
    }
    if (k.apicv) {
      KnownVectors.apicvMayHaveRun(k.irr, k.isr);
    }
  }

  private static void register(ApicKnowledge k, int offset, long value, boolean write) {
    if (offset == 0x350) {
      k.lvt0Known = true;
      k.lvt0 = (int) value;
      return;
    }
    if (write) {
      return;
    }
    if (offset >= 0x100 && offset < 0x180 && (offset & 0xF) == 0) {
      k.isr.setWord((offset - 0x100) >>> 4, value & 0xFFFFFFFFL);
    } else if (offset >= 0x180 && offset < 0x200 && (offset & 0xF) == 0) {
      k.tmr.setWord((offset - 0x180) >>> 4, value & 0xFFFFFFFFL);
    } else if (offset >= 0x200 && offset < 0x280 && (offset & 0xF) == 0) {
      k.irr.setWord((offset - 0x200) >>> 4, value & 0xFFFFFFFFL);
    }
  }
}
