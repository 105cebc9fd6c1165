package org.apicflow.apic;

import java.util.Optional;

/**
 * One decoded write of the Interrupt Command Register: the fields of ICR low (vector 7:0, delivery
 * mode 10:8, destination mode 11, level 14, trigger 15, shorthand 19:18) and the destination from
 * ICR high (bits 31:24 in xAPIC, all 32 bits in x2APIC).
 */
public record IcrCommand(
    int vector,
    Optional<DeliveryMode> mode,
    int modeBits,
    boolean logical,
    boolean levelAssert,
    boolean levelTriggered,
    Shorthand shorthand,
    int destination) {

  public static final int VECTOR_MASK = 0xFF;
  public static final int DELIVERY_STATUS = 1 << 12;
  public static final int DEST_LOGICAL = 1 << 11;
  public static final int LEVEL_ASSERT = 1 << 14;
  public static final int TRIGGER_LEVEL = 1 << 15;

  public static IcrCommand decode(int low, int high, ApicMode apicMode) {
    int modeBits = (low >>> 8) & 7;
    int dest = apicMode == ApicMode.X2APIC ? high : (high >>> 24) & 0xFF;
    return new IcrCommand(
        low & VECTOR_MASK,
        DeliveryMode.fromBits(modeBits),
        modeBits,
        (low & DEST_LOGICAL) != 0,
        (low & LEVEL_ASSERT) != 0,
        (low & TRIGGER_LEVEL) != 0,
        Shorthand.fromBits(low >>> 18),
        dest);
  }

  /** Encodes ICR low from fields (the delivery status bit is never written by software). */
  public static int encodeLow(
      int vector,
      DeliveryMode mode,
      boolean logical,
      boolean levelAssert,
      boolean levelTriggered,
      Shorthand shorthand) {
    return (vector & 0xFF)
        | (mode.bits << 8)
        | (logical ? DEST_LOGICAL : 0)
        | (levelAssert ? LEVEL_ASSERT : 0)
        | (levelTriggered ? TRIGGER_LEVEL : 0)
        | (shorthand.bits << 18);
  }

  public static int encodeHigh(int destination, ApicMode apicMode) {
    return apicMode == ApicMode.X2APIC ? destination : (destination & 0xFF) << 24;
  }

  /**
   * The INIT level de-assert message (INIT, level 0, level-triggered) only syncs arbitration IDs.
   */
  public boolean isInitDeassert() {
    return mode.orElse(null) == DeliveryMode.INIT && !levelAssert && levelTriggered;
  }

  public String modeName() {
    return mode.map(m -> m.yamlName).orElse("reserved(" + modeBits + ")");
  }

  /** A short human label: "fixed 0xFB", "NMI", "INIT", "start-up 0x9A". */
  public String label() {
    DeliveryMode m = mode.orElse(null);
    if (m == null) {
      return "reserved mode " + modeBits;
    }
    return switch (m) {
      case FIXED -> String.format("fixed 0x%02X", vector);
      case LOWEST -> String.format("lowest 0x%02X", vector);
      case NMI -> "NMI";
      case SMI -> "SMI";
      case INIT -> isInitDeassert() ? "INIT de-assert" : "INIT";
      case STARTUP -> String.format("start-up 0x%02X", vector);
    };
  }
}
