package org.apicflow.apic;

import java.util.Optional;

/** ICR bits 19:18. */
public enum Shorthand {
  NONE(0b00, "none"),
  SELF(0b01, "self"),
  ALL(0b10, "all"),
  OTHERS(0b11, "others");

  public final int bits;
  public final String yamlName;

  Shorthand(int bits, String yamlName) {
    this.bits = bits;
    this.yamlName = yamlName;
  }

  public static Shorthand fromBits(int bits) {
    return values()[bits & 3];
  }

  public static Optional<Shorthand> fromName(String name) {
    for (Shorthand s : values()) {
      if (s.yamlName.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
