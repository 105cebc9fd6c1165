package org.apicflow.apic;

import java.util.Optional;

/** ICR bits 10:8 (SDM "Interrupt Command Register (ICR)"). */
public enum DeliveryMode {
  FIXED(0b000, "fixed"),
  LOWEST(0b001, "lowest"),
  SMI(0b010, "smi"),
  NMI(0b100, "nmi"),
  INIT(0b101, "init"),
  STARTUP(0b110, "startup");

  public final int bits;
  public final String yamlName;

  DeliveryMode(int bits, String yamlName) {
    this.bits = bits;
    this.yamlName = yamlName;
  }

  public static Optional<DeliveryMode> fromBits(int bits) {
    for (DeliveryMode m : values()) {
      if (m.bits == bits) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  public static Optional<DeliveryMode> fromName(String name) {
    for (DeliveryMode m : values()) {
      if (m.yamlName.equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Fixed and lowest-priority go through IRR/ISR; the others go straight to the core. */
  public boolean usesIrr() {
    return this == FIXED || this == LOWEST;
  }
}
