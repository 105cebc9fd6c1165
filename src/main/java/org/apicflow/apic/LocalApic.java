package org.apicflow.apic;

import static org.apicflow.apic.ApicRegister.*;

/**
 * One local APIC: the register file by MMIO offset, the IRR, ISR and TMR vector sets, PPR and the
 * acceptance and dispatch rules of SDM "Interrupt Acceptance for Fixed Interrupts" and "Interrupt,
 * Task, and Processor Priority". Delivery between APICs (the bus) and the core (IF, NMI latch) live
 * in the machine; this class knows only its own registers.
 *
 * <p>Modelled after QEMU hw/intc/apic.c: one device, one file, names after the manual.
 */
public final class LocalApic {
  /** The P4-era xAPIC version (bits 7:0) with 6 LVT entries (max LVT index 5 in bits 23:16). */
  public static final int XAPIC_VERSION = 0x0005_0014;

  public static final int X2APIC_VERSION = 0x0005_0015;

  /** Result of offering a fixed interrupt to this APIC. */
  public enum Acceptance {
    /** The IRR bit was clear and is now set. */
    SET,
    /** The IRR bit was already set: the request collapsed into it. */
    COLLAPSED,
    /** Software-disabled with the drop quirk: discarded on arrival. */
    DROPPED,
    /** Vectors 0-15 are illegal for fixed delivery: ESR "received illegal vector". */
    ILLEGAL
  }

  /** What a register write asks of the outside world. */
  public sealed interface WriteEffect {
    WriteEffect NONE = new None();

    record None() implements WriteEffect {}

    /** ICR low was written: send this command. */
    record Send(IcrCommand command) implements WriteEffect {}

    /** EOI was written: this vector left ISR (-1 when ISR was empty and nothing happened). */
    record Eoi(int vector) implements WriteEffect {}

    /** The timer was (re)armed or stopped. */
    record TimerChanged() implements WriteEffect {}

    /** The register does not exist (xAPIC): ESR "illegal register address". */
    record Illegal(int offset) implements WriteEffect {}

    /**
     * x2APIC: the WRMSR raises #GP(0) (SDM "x2APIC Register Address Space"): a register that does
     * not exist in x2APIC mode, a read-only one, or a non-zero write to EOI or ESR.
     */
    record Fault(String reason) implements WriteEffect {}
  }

  private final ApicMode mode;
  private final boolean busyModel;
  private final SoftDisabledFixed softDisabledFixed;
  private final boolean levelIpiSetsTmr;

  private int id;
  private int tpr;
  private int ldr;
  private int dfr;
  private int svr;

  /** ESR as software reads it: the errors latched by the last write to ESR. */
  private int esr;

  /** Errors seen since the last write to ESR, not yet readable (SDM "Error Handling"). */
  private int esrPending;

  private int icrLow;
  private int icrHigh;
  // a keyframe's copy shares the LVT and the vector sets equal in the keyframe before
  private final int[] lvt;
  private int timerInitial;
  private int timerDivide;
  private long timerArmedAt;
  private final VectorSet irr;
  private final VectorSet isr;
  private final VectorSet tmr;

  /** Messages this APIC sent that some target has not yet accepted (drives delivery status). */
  private int unacceptedSends;

  /** ESR bits detected since the machine last asked: each detection may raise an LVT Error. */
  private int newErrors;

  public LocalApic(int apicId, ApicMode mode, boolean busyModel, SoftDisabledFixed quirk) {
    this(
        apicId,
        mode,
        Quirks.defaults()
            .with(Quirk.ICR_BUSY_UNTIL_ACCEPTED, Boolean.toString(busyModel))
            .with(Quirk.SOFT_DISABLED_FIXED, quirk.name().toLowerCase(java.util.Locale.ROOT)));
  }

  /** An APIC with every quirk as {@code quirks} sets it. */
  public LocalApic(int apicId, ApicMode mode, Quirks quirks) {
    this.mode = mode;
    this.busyModel = quirks.icrBusyUntilAccepted() && mode == ApicMode.XAPIC;
    this.softDisabledFixed = quirks.softDisabledFixed();
    this.levelIpiSetsTmr = quirks.levelIpiSetsTmr();
    this.id = apicId;
    this.lvt = new int[LVTS.length];
    this.irr = new VectorSet();
    this.isr = new VectorSet();
    this.tmr = new VectorSet();
    reset();
  }

  public LocalApic(LocalApic o) {
    this(o, null);
  }

  /** A copy of {@code o} sharing the LVT and vector sets equal in {@code previous} (or null). */
  private LocalApic(LocalApic o, LocalApic previous) {
    this.mode = o.mode;
    this.busyModel = o.busyModel;
    this.softDisabledFixed = o.softDisabledFixed;
    this.levelIpiSetsTmr = o.levelIpiSetsTmr;
    this.id = o.id;
    this.tpr = o.tpr;
    this.ldr = o.ldr;
    this.dfr = o.dfr;
    this.svr = o.svr;
    this.esr = o.esr;
    this.esrPending = o.esrPending;
    this.icrLow = o.icrLow;
    this.icrHigh = o.icrHigh;
    this.lvt =
        previous != null && java.util.Arrays.equals(o.lvt, previous.lvt)
            ? previous.lvt
            : o.lvt.clone();
    this.timerInitial = o.timerInitial;
    this.timerDivide = o.timerDivide;
    this.timerArmedAt = o.timerArmedAt;
    this.irr = shareOrCopy(o.irr, previous == null ? null : previous.irr);
    this.isr = shareOrCopy(o.isr, previous == null ? null : previous.isr);
    this.tmr = shareOrCopy(o.tmr, previous == null ? null : previous.tmr);
    this.unacceptedSends = o.unacceptedSends;
    this.newErrors = o.newErrors;
  }

  private static VectorSet shareOrCopy(VectorSet set, VectorSet previous) {
    return previous != null && set.equals(previous) ? previous : new VectorSet(set);
  }

  public LocalApic copy() {
    return new LocalApic(this);
  }

  /**
   * A copy for a keyframe, which is never changed: it shares with {@code previous} (the same APIC
   * in the keyframe before, or null) the LVT and each of IRR, ISR and TMR that is equal in both. At
   * many CPUs most copied APICs differ from the keyframe before in one or two registers, and TMR is
   * nearly always empty. {@link #copy()} of the result is a complete, independent copy.
   */
  public LocalApic keyframeCopy(LocalApic previous) {
    return new LocalApic(this, previous);
  }

  /**
   * The SDM power-up / INIT state: IRR, ISR, TMR, ICR, ESR and TPR zero, LDR zero, DFR all ones,
   * every LVT masked, SVR 0xFF (software disabled). The APIC ID survives.
   */
  public void reset() {
    tpr = 0;
    ldr = mode == ApicMode.X2APIC ? x2apicLdr(id) : 0;
    dfr = 0xFFFF_FFFF;
    svr = 0xFF;
    esr = 0;
    esrPending = 0;
    icrLow = 0;
    icrHigh = 0;
    for (int i = 0; i < lvt.length; i++) {
      lvt[i] = LVT_MASKED;
    }
    timerInitial = 0;
    timerDivide = 0;
    timerArmedAt = 0;
    irr.clearAll();
    isr.clearAll();
    tmr.clearAll();
  }

  /**
   * The state a booted kernel leaves (format apicflow/1 "apic-init: enabled"): SVR 0x1FF, flat
   * logical mode with LDR = 1 << (24 + ID) for IDs 0-7.
   */
  public void bootEnabled() {
    reset();
    svr = SVR_ENABLE | 0xFF;
    if (mode == ApicMode.XAPIC) {
      ldr = id < 8 ? 1 << (24 + id) : 0;
    }
  }

  private static int x2apicLdr(int id) {
    return ((id >>> 4) << 16) | (1 << (id & 0xF));
  }

  // ---------------------------------------------------------------- register interface

  /** Reads a register by MMIO offset; {@code now} is only used for the timer current count. */
  public int read(int offset, long now, long timerTickNs) {
    if (offset >= ISR0 && offset < ISR0 + 0x80) {
      return isr.word((offset - ISR0) >> 4);
    }
    if (offset >= TMR0 && offset < TMR0 + 0x80) {
      return tmr.word((offset - TMR0) >> 4);
    }
    if (offset >= IRR0 && offset < IRR0 + 0x80) {
      return irr.word((offset - IRR0) >> 4);
    }
    return switch (offset) {
      case ID -> mode == ApicMode.X2APIC ? id : id << 24;
      case VERSION -> mode == ApicMode.X2APIC ? X2APIC_VERSION : XAPIC_VERSION;
      case TPR -> tpr;
      case PPR -> ppr();
      case LDR -> ldr;
      case DFR -> mode == ApicMode.X2APIC ? 0 : dfr;
      case SVR -> svr;
      case ESR -> esr;
      case ICR -> icrLow | (deliveryStatusBusy() ? IcrCommand.DELIVERY_STATUS : 0);
      case ICR2 -> icrHigh;
      case LVT_TIMER -> lvt[0];
      case LVT_THERMAL -> lvt[1];
      case LVT_PERF -> lvt[2];
      case LVT_LINT0 -> lvt[3];
      case LVT_LINT1 -> lvt[4];
      case LVT_ERROR -> lvt[5];
      case TIMER_INIT -> timerInitial;
      case TIMER_CURRENT -> timerCurrent(now, timerTickNs);
      case TIMER_DIV -> timerDivide;
      default -> 0;
    };
  }

  public int read(int offset) {
    return read(offset, 0, 1);
  }

  /** Writes a register by MMIO offset and says what the write asks of the bus or the core. */
  public WriteEffect write(int offset, int value, long now) {
    if (mode == ApicMode.X2APIC) {
      String gp = x2apicWriteFault(offset, value);
      if (gp != null) {
        return new WriteEffect.Fault(gp);
      }
    } else if (offset == SELF_IPI) {
      return illegal(offset);
    }
    if (ApicRegister.isReadOnly(offset)) {
      // xAPIC: a write to a read-only register is ignored. ESR bit 7 is kept for addresses that
      // hold no register at all (SDM "Error Status Register": illegal register address).
      return WriteEffect.NONE;
    }
    switch (offset) {
      case ID -> {
        if (mode == ApicMode.X2APIC) {
          return illegal(offset);
        }
        id = (value >>> 24) & 0xFF;
      }
      case TPR -> tpr = value & 0xFF;
      case EOI -> {
        return new WriteEffect.Eoi(eoi());
      }
      case LDR -> {
        if (mode == ApicMode.X2APIC) {
          return illegal(offset);
        }
        ldr = value & 0xFF00_0000;
      }
      case DFR -> {
        if (mode == ApicMode.X2APIC) {
          return illegal(offset);
        }
        dfr = value | 0x0FFF_FFFF;
      }
      case SVR -> {
        svr = value & 0x1FF;
        if (!softwareEnabled()) {
          // SDM "Spurious-Interrupt Vector Register": while software disabled every LVT mask
          // bit is set and cannot be cleared.
          for (int i = 0; i < lvt.length; i++) {
            lvt[i] |= LVT_MASKED;
          }
        }
      }
      case ESR -> {
        // A write latches the errors seen since the last write into the readable register and
        // starts collecting anew; software writes ESR before reading it.
        esr = esrPending;
        esrPending = 0;
      }
      case ICR -> {
        icrLow = value & ~IcrCommand.DELIVERY_STATUS;
        return new WriteEffect.Send(IcrCommand.decode(icrLow, icrHigh, mode));
      }
      case ICR2 -> icrHigh = mode == ApicMode.X2APIC ? value : value & 0xFF00_0000;
      case LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT_CMCI -> {
        int i = lvtIndex(offset);
        if (i < 0) {
          return WriteEffect.NONE;
        }
        lvt[i] = softwareEnabled() ? value : value | LVT_MASKED;
        if (i == 0) {
          return new WriteEffect.TimerChanged();
        }
      }
      case TIMER_INIT -> {
        timerInitial = value;
        timerArmedAt = now;
        return new WriteEffect.TimerChanged();
      }
      case TIMER_DIV -> timerDivide = value & 0xB;
      case SELF_IPI -> {
        // x2APIC SELF IPI: a fixed, edge-triggered IPI to this APIC with the vector in bits 7:0;
        // ICR is left as it was (SDM "SELF IPI Register").
        int low =
            IcrCommand.encodeLow(
                value & 0xFF, DeliveryMode.FIXED, false, true, false, Shorthand.SELF);
        return new WriteEffect.Send(IcrCommand.decode(low, 0, mode));
      }
      default -> {
        return illegal(offset);
      }
    }
    return WriteEffect.NONE;
  }

  /** Why a WRMSR to this x2APIC register raises #GP, or null when it does not. */
  private static String x2apicWriteFault(int offset, int value) {
    // the message is made only for a fault: this runs on every x2APIC write of a run
    if (!ApicRegister.isValid(offset)
        || offset == DFR
        || offset == ICR2
        || offset == APR
        || offset == RRD) {
      return msr("WRMSR", offset) + ": no such register in x2APIC mode";
    }
    if (ApicRegister.isReadOnly(offset) || offset == ID || offset == LDR) {
      return msr("WRMSR", offset) + ": the register is read-only in x2APIC mode";
    }
    if ((offset == EOI || offset == ESR) && value != 0) {
      return msr("WRMSR", offset) + String.format(": x2APIC accepts only 0 here, not 0x%X", value);
    }
    return null;
  }

  /** "WRMSR 0x80B (EOI)": the instruction, the MSR of register {@code offset} and its name. */
  private static String msr(String instruction, int offset) {
    return String.format(
        "%s 0x%03X (%s)", instruction, X2APIC_MSR_BASE + (offset >> 4), ApicRegister.name(offset));
  }

  /**
   * Why reading this register faults, or null: in x2APIC mode an RDMSR of a register that does not
   * exist (DFR, ICR2, APR, reserved) or is write-only (EOI, SELF IPI) raises #GP.
   */
  public String readFault(int offset) {
    if (mode != ApicMode.X2APIC) {
      return null;
    }
    if (!ApicRegister.isValid(offset)
        || offset == DFR
        || offset == ICR2
        || offset == APR
        || offset == RRD) {
      return msr("RDMSR", offset) + ": no such register in x2APIC mode";
    }
    if (offset == EOI || offset == SELF_IPI) {
      return msr("RDMSR", offset) + ": the register is write-only";
    }
    return null;
  }

  private WriteEffect illegal(int offset) {
    error(ESR_ILLEGAL_REGISTER);
    return new WriteEffect.Illegal(offset);
  }

  /** An error this APIC detected: latched for ESR, and counted for the LVT Error entry. */
  private void error(int bit) {
    esrPending |= bit;
    newErrors |= bit;
  }

  /** The ESR bits detected since the last call, for the machine to raise the LVT Error entry. */
  public int takeNewErrors() {
    int e = newErrors;
    newErrors = 0;
    return e;
  }

  /**
   * LVT LINT0 is unmasked with delivery mode ExtINT (111): the 8259's INTR output on LINT0 reaches
   * the core as an external interrupt (virtual wire mode through the local APIC).
   */
  public boolean lint0ExtInt() {
    int v = lvt[3];
    return (v & LVT_MASKED) == 0 && ((v >>> 8) & 7) == 7;
  }

  public boolean errorMasked() {
    return (lvt[5] & LVT_MASKED) != 0;
  }

  public int errorVector() {
    return lvt[5] & 0xFF;
  }

  private static int lvtIndex(int offset) {
    for (int i = 0; i < LVTS.length; i++) {
      if (LVTS[i] == offset) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- priority and dispatch

  /**
   * PPR = TPR if TPR[7:4] >= ISRV[7:4], else ISRV & 0xF0, where ISRV is the highest in-service
   * vector (SDM "Processor Priority Register (PPR)"; QEMU apic_get_ppr).
   */
  public int ppr() {
    int isrv = Math.max(isr.highest(), 0);
    return (tpr >>> 4) >= (isrv >>> 4) ? tpr : isrv & 0xF0;
  }

  /**
   * The vector the APIC offers the core: the highest IRR vector whose class is above PPR's class,
   * or -1. A software-disabled APIC holds its IRR unless the deliver quirk is set.
   */
  public int offered() {
    if (!softwareEnabled() && softDisabledFixed != SoftDisabledFixed.DELIVER) {
      return -1;
    }
    int v = irr.highest();
    if (v < 0) {
      return -1;
    }
    return (v >>> 4) > (ppr() >>> 4) ? v : -1;
  }

  /** The core takes the offered interrupt: its bit moves from IRR to ISR. Returns the vector. */
  public int acknowledge() {
    int v = offered();
    if (v < 0) {
      throw new IllegalStateException("no interrupt is offered");
    }
    irr.clear(v);
    isr.set(v);
    return v;
  }

  /** Accepts a fixed or lowest-priority interrupt from the bus or a device. */
  public Acceptance acceptFixed(int vector, boolean levelTriggered) {
    if (vector < 16) {
      error(ESR_RECEIVE_ILLEGAL_VECTOR);
      return Acceptance.ILLEGAL;
    }
    if (!softwareEnabled() && softDisabledFixed == SoftDisabledFixed.DROP) {
      return Acceptance.DROPPED;
    }
    tmr.put(vector, levelTriggered);
    return irr.set(vector) ? Acceptance.SET : Acceptance.COLLAPSED;
  }

  /** EOI clears the highest set ISR bit; with an empty ISR it does nothing. Returns it or -1. */
  public int eoi() {
    int v = isr.highest();
    if (v >= 0) {
      isr.clear(v);
    }
    return v;
  }

  /** The sender side of an illegal vector (SDM ESR "send illegal vector"). */
  public void flagSendIllegalVector() {
    error(ESR_SEND_ILLEGAL_VECTOR);
  }

  /**
   * Loads the destination half of the ICR as part of one send (x2APIC: the high half of the single
   * 64-bit ICR MSR; xAPIC: ICR high written before ICR low).
   */
  public void loadDestination(int high) {
    icrHigh = mode == ApicMode.X2APIC ? high : high & 0xFF00_0000;
  }

  // ---------------------------------------------------------------- destination matching

  /**
   * Does a message with this destination match this APIC? Physical: the APIC ID, 0xFF broadcast
   * (0xFFFFFFFF in x2APIC). Logical flat: MDA & LDR[31:24] != 0; cluster: equal high nibbles and a
   * shared bit in the low nibbles; MDA 0xFF broadcast (SDM "Logical Destination Mode").
   */
  public boolean matches(int destination, boolean logical) {
    if (mode == ApicMode.X2APIC) {
      if (destination == 0xFFFF_FFFF) {
        return true;
      }
      if (!logical) {
        return destination == id;
      }
      return (destination >>> 16) == (ldr >>> 16) && (destination & ldr & 0xFFFF) != 0;
    }
    int mda = destination & 0xFF;
    if (mda == 0xFF) {
      return true;
    }
    if (!logical) {
      return mda == id;
    }
    int logicalId = (ldr >>> 24) & 0xFF;
    if (isFlat()) {
      return (mda & logicalId) != 0;
    }
    return (mda >>> 4) == (logicalId >>> 4) && (mda & logicalId & 0xF) != 0;
  }

  public boolean isFlat() {
    return (dfr >>> 28) == 0xF;
  }

  // ---------------------------------------------------------------- delivery status

  /** ICR bit 12 reads 1 while any message this APIC sent is unaccepted, in the busy model only. */
  public boolean deliveryStatusBusy() {
    return busyModel && unacceptedSends > 0;
  }

  public void sendPending(int delta) {
    unacceptedSends += delta;
    if (unacceptedSends < 0) {
      throw new IllegalStateException("more acceptances than sends");
    }
  }

  public int unacceptedSends() {
    return unacceptedSends;
  }

  // ---------------------------------------------------------------- timer

  /** Timer divide configuration (bits 0, 1, 3) as a divisor: 2, 4, ... 128, or 1 for 0b1011. */
  public int timerDivisor() {
    int bits = (timerDivide & 3) | ((timerDivide >>> 1) & 4);
    return bits == 7 ? 1 : 2 << bits;
  }

  public boolean timerPeriodic() {
    return ((lvt[0] >>> 17) & 3) == 1;
  }

  public boolean timerMasked() {
    return (lvt[0] & LVT_MASKED) != 0;
  }

  public int timerVector() {
    return lvt[0] & 0xFF;
  }

  public int timerInitial() {
    return timerInitial;
  }

  public long timerArmedAt() {
    return timerArmedAt;
  }

  /** Re-arms a periodic timer at {@code now} (called by the machine when it fires). */
  public void timerReload(long now) {
    timerArmedAt = now;
  }

  /** Stops a one-shot timer after it fired. */
  public void timerExpired() {
    timerInitial = 0;
  }

  private int timerCurrent(long now, long tickNs) {
    if (timerInitial == 0) {
      return 0;
    }
    long period = Math.max(1, tickNs * timerDivisor());
    long elapsed = (now - timerArmedAt) / period;
    long initial = timerInitial & 0xFFFF_FFFFL;
    if (timerPeriodic()) {
      return (int) (initial - (elapsed % initial));
    }
    return (int) Math.max(0, initial - elapsed);
  }

  // ---------------------------------------------------------------- accessors

  public ApicMode mode() {
    return mode;
  }

  public int id() {
    return id;
  }

  public int tpr() {
    return tpr;
  }

  public int ldr() {
    return ldr;
  }

  public int dfr() {
    return dfr;
  }

  public int svr() {
    return svr;
  }

  public int esr() {
    return esr;
  }

  public int icrLow() {
    return icrLow;
  }

  public int icrHigh() {
    return icrHigh;
  }

  /** ICR low as software reads it, with the delivery status bit. */
  public int icrRead() {
    return read(ICR);
  }

  public int lvt(int index) {
    return lvt[index];
  }

  public boolean softwareEnabled() {
    return (svr & SVR_ENABLE) != 0;
  }

  public boolean hasDeliveryStatus() {
    return mode == ApicMode.XAPIC;
  }

  public boolean busyModel() {
    return busyModel;
  }

  public SoftDisabledFixed softDisabledFixed() {
    return softDisabledFixed;
  }

  /** The live IRR; callers outside the machine must not modify it. */
  public VectorSet irr() {
    return irr;
  }

  public VectorSet isr() {
    return isr;
  }

  public VectorSet tmr() {
    return tmr;
  }

  /** How many of IRR, ISR, TMR and the LVT are the very objects of {@code other}'s (shared). */
  public int registerSetsSharedWith(LocalApic other) {
    return (irr == other.irr ? 1 : 0)
        + (isr == other.isr ? 1 : 0)
        + (tmr == other.tmr ? 1 : 0)
        + (lvt == other.lvt ? 1 : 0);
  }

  /** Value equality over every register, for snapshot tests. */
  public boolean sameState(LocalApic o) {
    return mode == o.mode
        && busyModel == o.busyModel
        && softDisabledFixed == o.softDisabledFixed
        && levelIpiSetsTmr == o.levelIpiSetsTmr
        && id == o.id
        && tpr == o.tpr
        && ldr == o.ldr
        && dfr == o.dfr
        && svr == o.svr
        && esr == o.esr
        && esrPending == o.esrPending
        && icrLow == o.icrLow
        && icrHigh == o.icrHigh
        && java.util.Arrays.equals(lvt, o.lvt)
        && timerInitial == o.timerInitial
        && timerDivide == o.timerDivide
        && timerArmedAt == o.timerArmedAt
        && irr.equals(o.irr)
        && isr.equals(o.isr)
        && tmr.equals(o.tmr)
        && unacceptedSends == o.unacceptedSends
        && newErrors == o.newErrors;
  }
}
