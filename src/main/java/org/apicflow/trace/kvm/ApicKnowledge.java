package org.apicflow.trace.kvm;

/**
 * What a trace tells about one local APIC at a moment: IRR, ISR and TMR bit by bit (known set,
 * known clear or unknown), what is known of LVT0, and whether the vCPU is in guest mode. Before a
 * vCPU's first event everything is unknown.
 */
public final class ApicKnowledge {
  /** Whether the vCPU runs guest code: not known, between kvm_entry and kvm_exit, or outside. */
  public enum GuestMode {
    UNKNOWN,
    IN_GUEST,
    IN_HOST
  }

  public final int apicId;
  public final KnownVectors irr = new KnownVectors();
  public final KnownVectors isr = new KnownVectors();
  public final KnownVectors tmr = new KnownVectors();

  /** The LVT0 value, when a write or read of it or a reset told it. */
  boolean lvt0Known;

  int lvt0;

  /** An INIT was accepted and the vCPU has not yet shown that it processed it. */
  boolean initPending;

  /** Vectors accepted while an INIT was pending: before or after the reset, the trace can't say. */
  final KnownVectors acceptedSinceInit = new KnownVectors();

  /** Interrupts reach this APIC through APICv: the CPU moves IRR to ISR and EOIs unlogged. */
  boolean apicv;

  GuestMode guest = GuestMode.UNKNOWN;
  String lastExit = "";

  public ApicKnowledge(int apicId) {
    this.apicId = apicId;
  }

  public ApicKnowledge copy() {
    ApicKnowledge k = new ApicKnowledge(apicId);
    k.irr.copyFrom(irr);
    k.isr.copyFrom(isr);
    k.tmr.copyFrom(tmr);
    k.lvt0Known = lvt0Known;
    k.lvt0 = lvt0;
    k.initPending = initPending;
    k.acceptedSinceInit.copyFrom(acceptedSinceInit);
    k.apicv = apicv;
    k.guest = guest;
    k.lastExit = lastExit;
    return k;
  }

  public GuestMode guest() {
    return guest;
  }

  /** The reason of the last kvm_exit, or "". */
  public String lastExit() {
    return lastExit;
  }

  public boolean apicv() {
    return apicv;
  }

  public boolean initPending() {
    return initPending;
  }

  /** LVT0 as known, or -1. */
  public int lvt0() {
    return lvt0Known ? lvt0 : -1;
  }

  /**
   * Whether the 8259 PIC may deliver to this vCPU (KVM kvm_apic_accept_pic_intr: LVT0 unmasked in
   * ExtINT mode). Unknown LVT0 counts as "may".
   */
  boolean picMayDeliver() {
    if (!lvt0Known) {
      return true;
    }
    return (lvt0 & 0x10000) == 0 && ((lvt0 >>> 8) & 7) == 7;
  }
}
