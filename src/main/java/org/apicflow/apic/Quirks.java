package org.apicflow.apic;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The setting of every {@link Quirk} for one machine: immutable, every quirk always has a value
 * (its default unless a scenario or {@code --quirk} chose another).
 */
public final class Quirks {
  private static final Quirks DEFAULTS = new Quirks(new EnumMap<>(Quirk.class));

  private final EnumMap<Quirk, String> values;

  private Quirks(EnumMap<Quirk, String> chosen) {
    this.values = new EnumMap<>(Quirk.class);
    for (Quirk q : Quirk.values()) {
      values.put(q, chosen.getOrDefault(q, q.defaultOption()));
    }
  }

  public static Quirks defaults() {
    return DEFAULTS;
  }

  /**
   * This setting with one quirk changed.
   *
   * @throws IllegalArgumentException naming the quirk and its options when the option is unknown
   */
  public Quirks with(Quirk quirk, String option) {
    if (quirk.option(option).isEmpty()) {
      throw new IllegalArgumentException(
          "quirk '"
              + quirk.key()
              + "' has no option '"
              + option
              + "' ("
              + quirk.optionList()
              + ")");
    }
    EnumMap<Quirk, String> m = new EnumMap<>(values);
    m.put(quirk, option);
    return new Quirks(m);
  }

  /**
   * Parses {@code NAME=VALUE} (the command line's form) and applies it.
   *
   * @throws IllegalArgumentException with one line saying what is wrong
   */
  public Quirks with(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0 || eq == assignment.length() - 1) {
      throw new IllegalArgumentException(
          "'" + assignment + "' is not NAME=VALUE (quirks: " + Quirk.keys() + ")");
    }
    String name = assignment.substring(0, eq).trim();
    String value = assignment.substring(eq + 1).trim();
    Quirk q =
        Quirk.byKey(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no quirk '" + name + "' (quirks: " + Quirk.keys() + ")"));
    return with(q, value);
  }

  public String get(Quirk q) {
    return values.get(q);
  }

  public boolean isDefault(Quirk q) {
    return values.get(q).equals(q.defaultOption());
  }

  /** Every quirk by name, in declaration order. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((q, v) -> m.put(q.key(), v));
    return Collections.unmodifiableMap(m);
  }

  // ---------------------------------------------------------------- typed views

  public SoftDisabledFixed softDisabledFixed() {
    return SoftDisabledFixed.valueOf(
        values.get(Quirk.SOFT_DISABLED_FIXED).toUpperCase(java.util.Locale.ROOT));
  }

  public boolean icrBusyUntilAccepted() {
    return Boolean.parseBoolean(values.get(Quirk.ICR_BUSY_UNTIL_ACCEPTED));
  }

  public boolean levelIpiSetsTmr() {
    return values.get(Quirk.LEVEL_IPI_TMR).equals("set");
  }

  public boolean lowestPriorityTieToHighestId() {
    return values.get(Quirk.LOWEST_PRIORITY_TIE).equals("highest-id");
  }

  /** "soft-disabled-fixed=hold, icr-busy-until-accepted=true, ...". */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    values.forEach(
        (q, v) -> {
          if (b.length() > 0) {
            b.append(", ");
          }
          b.append(q.key()).append('=').append(v);
        });
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quirks q && q.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
