package org.apicflow.apic;

import java.util.List;
import java.util.Optional;

/**
 * A choice the Intel SDM leaves open (or that real parts and models make differently), as a named
 * machine option. Each option says what the simulated APIC then does and which real implementations
 * behave that way, so a run can be lined up against "P4 as reported", QEMU, KVM, Bochs or gem5. The
 * first option listed is not necessarily the default; {@link #defaultOption()} is.
 */
public enum Quirk {
  /**
   * SDM "Local APIC State After It Has Been Software Disabled": pending interrupts in IRR and ISR
   * "are held and require masking or handling by the CPU". Whether a bit held in IRR is offered to
   * the core at IF = 1, and whether a new fixed interrupt is accepted at all, is not said.
   */
  SOFT_DISABLED_FIXED(
      "soft-disabled-fixed",
      "What a software-disabled APIC (SVR bit 8 = 0) does with fixed interrupts: one held in IRR,"
          + " and one that arrives.",
      "hold",
      List.of(
          new Option(
              "hold",
              "an arriving interrupt sets IRR; nothing in IRR is offered to the core until SVR"
                  + " bit 8 is set again",
              "QEMU (apic_get_interrupt and apic_irq_pending offer nothing while disabled)",
              "QEMU"),
          new Option(
              "drop",
              "an arriving interrupt is discarded; a bit already in IRR is held as with hold",
              "KVM (__apic_accept_irq ignores fixed interrupts while the APIC is disabled); a bit"
                  + " already in IRR is held by the releases whose kvm_apic_has_interrupt checks"
                  + " the software enable, as the early ones do",
              "KVM (early releases)"),
          new Option(
              "deliver",
              "the APIC works as if enabled: IRR bits are offered at IF = 1",
              "the Pentium 4 of the 2005 report, read as having its APIC software-disabled at"
                  + " kexec (it took the held 0xFB at a local_irq_enable); Bochs; gem5 before it"
                  + " checked the enable bit. Current KVM offers a bit already held in the same way"
                  + " (its kvm_apic_has_interrupt checks only the hardware enable) but drops"
                  + " arrivals",
              "P4 as reported, Bochs"))),

  /**
   * ICR delivery status (bit 12): the SDM says only "send pending"; how long it stays set when a
   * target cannot accept is not specified.
   */
  ICR_BUSY_UNTIL_ACCEPTED(
      "icr-busy-until-accepted",
      "How long the ICR delivery-status bit (12) reads 1 after a send (xAPIC only; x2APIC has no"
          + " such bit).",
      "true",
      List.of(
          new Option(
              "true",
              "1 until every target accepted the message; an NMI that finds the target's latch"
                  + " full waits there, and the bit stays 1",
              "real machines as the 2007 report describes them; gem5 (busy until every target"
                  + " accepted)",
              "real machines (2007 report), gem5"),
          new Option(
              "false",
              "always 0; an NMI that finds the latch full collapses into it",
              "QEMU, KVM and Bochs (delivery is instantaneous, the bit always reads idle)",
              "QEMU, KVM, Bochs"))),

  /**
   * SDM "Interrupt Command Register": the trigger mode of a fixed IPI. The manual says the Pentium
   * 4 and Xeon ignore the level and trigger-mode bits except for INIT level de-assert; emulators
   * record the trigger mode in TMR.
   */
  LEVEL_IPI_TMR(
      "level-ipi-tmr",
      "Whether a fixed IPI sent with trigger mode = level sets the target's TMR bit.",
      "ignore",
      List.of(
          new Option(
              "ignore",
              "the trigger-mode bit of a fixed IPI is ignored: TMR stays 0 (edge)",
              "Pentium 4 and Xeon, per the SDM's ICR description",
              "P4, Xeon (SDM)"),
          new Option(
              "set",
              "a level-triggered fixed IPI sets the TMR bit at acceptance",
              "QEMU (apic_set_irq records the trigger mode); KVM (kvm_lapic_set_irr with"
                  + " trig_mode)",
              "QEMU, KVM"))),

  /**
   * SDM "Lowest Priority Delivery Mode": the target is "the processor with the lowest priority";
   * the tie rule is model specific (P6: bus arbitration; Pentium 4 and Xeon: decided by the
   * chipset).
   */
  LOWEST_PRIORITY_TIE(
      "lowest-priority-tie",
      "Which candidate a lowest-priority interrupt goes to when several share the lowest"
          + " processor priority.",
      "lowest-id",
      List.of(
          new Option(
              "lowest-id",
              "the candidate with the lowest APIC ID",
              "QEMU (apic_lowest_prio scans destinations in APIC ID order and keeps the first"
                  + " lowest)",
              "QEMU"),
          new Option(
              "highest-id",
              "the candidate with the highest APIC ID",
              "P6-family APIC bus arbitration, where the highest arbitration ID wins the bus",
              "P6 bus arbitration")));

  /**
   * One option of a quirk.
   *
   * @param implementations which real implementations behave this way, with where they do it
   * @param label the same in a few words, for a panel title ("QEMU", "P4 as reported, Bochs");
   *     empty when none is known to
   */
  public record Option(String name, String behaviour, String implementations, String label) {
    /** An option with no short label (titles then name the option alone). */
    public Option(String name, String behaviour, String implementations) {
      this(name, behaviour, implementations, "");
    }
  }

  private final String key;
  private final String question;
  private final String defaultOption;
  private final List<Option> options;

  Quirk(String key, String question, String defaultOption, List<Option> options) {
    this.key = key;
    this.question = question;
    this.defaultOption = defaultOption;
    this.options = options;
  }

  /** The name scenario files and {@code --quirk} use. */
  public String key() {
    return key;
  }

  /** The question the quirk answers, in one sentence. */
  public String question() {
    return question;
  }

  public String defaultOption() {
    return defaultOption;
  }

  public List<Option> options() {
    return options;
  }

  public Optional<Option> option(String name) {
    return options.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  /** "hold | drop | deliver". */
  public String optionList() {
    return String.join(" | ", options.stream().map(Option::name).toList());
  }

  public static Optional<Quirk> byKey(String key) {
    for (Quirk q : values()) {
      if (q.key.equals(key)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }

  /** "soft-disabled-fixed, icr-busy-until-accepted, ...". */
  public static String keys() {
    return String.join(", ", java.util.Arrays.stream(values()).map(Quirk::key).toList());
  }
}
