package org.apicflow.ui.machine;

/**
 * A message between the IO-APIC or the 8259s and a CPU, drawn on the bus at the step it happens (it
 * takes no time on the bus, so it has no envelope in transit): an IO-APIC message for a pin, the
 * EOI broadcast coming back from a local APIC, the 8259's INTR taken as ExtINT.
 *
 * @param event the trace event it is drawn for
 * @param device {@code "ioapic"} or {@code "pic"}: the card the connector starts or ends at
 * @param cpu the CPU at the other end, or -1 when nothing was sent (a held pin)
 * @param toDevice true when it goes from the CPU to the device (the EOI broadcast)
 * @param label what it says on the bus, e.g. "pin 2 → 0x31 fixed"
 * @param modeClass the style class: {@code mode-fixed}, {@code mode-lowest}, {@code mode-extint},
 *     {@code mode-nmi}, {@code mode-eoi}, {@code mode-held}
 * @param detail the whole sentence, for the tooltip
 */
public record DeviceMessage(
    int event,
    String device,
    int cpu,
    boolean toDevice,
    String label,
    String modeClass,
    String detail) {}
