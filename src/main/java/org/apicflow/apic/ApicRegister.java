package org.apicflow.apic;

import java.util.Locale;
import java.util.Optional;

/** The xAPIC register file by MMIO offset (SDM "Local APIC Register Address Map"). */
public final class ApicRegister {
  public static final int ID = 0x020;
  public static final int VERSION = 0x030;
  public static final int TPR = 0x080;
  public static final int APR = 0x090;
  public static final int PPR = 0x0A0;
  public static final int EOI = 0x0B0;
  public static final int RRD = 0x0C0;
  public static final int LDR = 0x0D0;
  public static final int DFR = 0x0E0;
  public static final int SVR = 0x0F0;
  public static final int ISR0 = 0x100;
  public static final int TMR0 = 0x180;
  public static final int IRR0 = 0x200;
  public static final int ESR = 0x280;
  public static final int LVT_CMCI = 0x2F0;
  public static final int ICR = 0x300;
  public static final int ICR2 = 0x310;
  public static final int LVT_TIMER = 0x320;
  public static final int LVT_THERMAL = 0x330;
  public static final int LVT_PERF = 0x340;
  public static final int LVT_LINT0 = 0x350;
  public static final int LVT_LINT1 = 0x360;
  public static final int LVT_ERROR = 0x370;
  public static final int TIMER_INIT = 0x380;
  public static final int TIMER_CURRENT = 0x390;
  public static final int TIMER_DIV = 0x3E0;

  /** x2APIC only: SELF IPI (MSR 0x83F), write-only; reserved in xAPIC mode. */
  public static final int SELF_IPI = 0x3F0;

  /** The first x2APIC MSR; MSR = 0x800 + (offset >> 4) (SDM "x2APIC Register Address Space"). */
  public static final int X2APIC_MSR_BASE = 0x800;

  /** The LVT entries, in the order the UI lists them. */
  public static final int[] LVTS = {
    LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR
  };

  public static final int LVT_MASKED = 1 << 16;
  public static final int SVR_ENABLE = 1 << 8;

  /** ESR bits (SDM "Error Status Register"). */
  public static final int ESR_SEND_ILLEGAL_VECTOR = 1 << 5;

  public static final int ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6;
  public static final int ESR_ILLEGAL_REGISTER = 1 << 7;

  private ApicRegister() {}

  /** Offset of a register name as scenario files write it (also IRR0..7, ISR0..7, TMR0..7). */
  public static Optional<Integer> byName(String name) {
    String n = name.toUpperCase(Locale.ROOT).replace('_', '-');
    for (String base : new String[] {"IRR", "ISR", "TMR"}) {
      if (n.length() == 4 && n.startsWith(base) && Character.isDigit(n.charAt(3))) {
        int i = n.charAt(3) - '0';
        if (i > 7) {
          return Optional.empty();
        }
        int off = base.equals("IRR") ? IRR0 : base.equals("ISR") ? ISR0 : TMR0;
        return Optional.of(off + 0x10 * i);
      }
    }
    return Optional.ofNullable(
        switch (n) {
          case "ID" -> ID;
          case "VERSION" -> VERSION;
          case "TPR" -> TPR;
          case "APR" -> APR;
          case "PPR" -> PPR;
          case "EOI" -> EOI;
          case "LDR" -> LDR;
          case "DFR" -> DFR;
          case "SVR" -> SVR;
          case "ESR" -> ESR;
          case "ICR", "ICR-LOW" -> ICR;
          case "ICR2", "ICR-HIGH" -> ICR2;
          case "LVT-TIMER" -> LVT_TIMER;
          case "LVT-THERMAL" -> LVT_THERMAL;
          case "LVT-PERF" -> LVT_PERF;
          case "LVT-LINT0" -> LVT_LINT0;
          case "LVT-LINT1" -> LVT_LINT1;
          case "LVT-ERROR" -> LVT_ERROR;
          case "TIMER-INIT" -> TIMER_INIT;
          case "TIMER-CURRENT" -> TIMER_CURRENT;
          case "TIMER-DIV" -> TIMER_DIV;
          case "SELF-IPI" -> SELF_IPI;
          default -> null;
        });
  }

  /** The SDM name of an offset, for traces and the UI. */
  public static String name(int offset) {
    if (offset >= ISR0 && offset < ISR0 + 0x80) {
      return "ISR" + ((offset - ISR0) >> 4);
    }
    if (offset >= TMR0 && offset < TMR0 + 0x80) {
      return "TMR" + ((offset - TMR0) >> 4);
    }
    if (offset >= IRR0 && offset < IRR0 + 0x80) {
      return "IRR" + ((offset - IRR0) >> 4);
    }
    return switch (offset) {
      case ID -> "ID";
      case VERSION -> "VERSION";
      case TPR -> "TPR";
      case APR -> "APR";
      case PPR -> "PPR";
      case EOI -> "EOI";
      case RRD -> "RRD";
      case LDR -> "LDR";
      case DFR -> "DFR";
      case SVR -> "SVR";
      case ESR -> "ESR";
      case LVT_CMCI -> "LVT-CMCI";
      case ICR -> "ICR";
      case ICR2 -> "ICR2";
      case LVT_TIMER -> "LVT-TIMER";
      case LVT_THERMAL -> "LVT-THERMAL";
      case LVT_PERF -> "LVT-PERF";
      case LVT_LINT0 -> "LVT-LINT0";
      case LVT_LINT1 -> "LVT-LINT1";
      case LVT_ERROR -> "LVT-ERROR";
      case TIMER_INIT -> "TIMER-INIT";
      case TIMER_CURRENT -> "TIMER-CURRENT";
      case TIMER_DIV -> "TIMER-DIV";
      case SELF_IPI -> "SELF-IPI";
      default -> String.format("0x%03X", offset);
    };
  }

  /** Registers software may write (the others are read-only or reserved). */
  public static boolean isWritable(int offset) {
    return switch (offset) {
      case ID,
              TPR,
              EOI,
              LDR,
              DFR,
              SVR,
              ESR,
              ICR,
              ICR2,
              LVT_TIMER,
              LVT_THERMAL,
              LVT_PERF,
              LVT_LINT0,
              LVT_LINT1,
              LVT_ERROR,
              LVT_CMCI,
              TIMER_INIT,
              TIMER_DIV,
              SELF_IPI ->
          true;
      default -> false;
    };
  }

  /**
   * Registers that exist but software may only read: writes to them are ignored in xAPIC mode and
   * raise #GP in x2APIC mode.
   */
  public static boolean isReadOnly(int offset) {
    return (offset >= ISR0 && offset < IRR0 + 0x80)
        || offset == VERSION
        || offset == APR
        || offset == PPR
        || offset == RRD
        || offset == TIMER_CURRENT;
  }

  /** The MMIO offset of an x2APIC MSR number (0x800-0x83F), or -1. */
  public static int offsetOfMsr(long msr) {
    if (msr < X2APIC_MSR_BASE || msr > X2APIC_MSR_BASE + 0x3F) {
      return -1;
    }
    return (int) (msr - X2APIC_MSR_BASE) << 4;
  }

  public static boolean isValid(int offset) {
    if ((offset & 0xF) != 0 || offset < 0 || offset > 0x3F0) {
      return false;
    }
    return (offset >= ISR0 && offset < IRR0 + 0x80)
        || isWritable(offset)
        || offset == VERSION
        || offset == APR
        || offset == PPR
        || offset == RRD
        || offset == TIMER_CURRENT;
  }
}
