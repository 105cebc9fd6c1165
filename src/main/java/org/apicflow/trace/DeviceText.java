package org.apicflow.trace;

import org.apicflow.apic.IoApic;
import org.apicflow.apic.PicPair;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.EventKind.Delivery;

/** Plain-language text for the events of the IO-APIC, the 8259s and the lines between them. */
final class DeviceText {
  private DeviceText() {}

  static String describe(Trace t, int i) {
    long a = t.a(i);
    long b = t.b(i);
    return switch (t.kind(i)) {
      case PIO_WRITE ->
          String.format(
              "outb 0x%02X to port 0x%X: %s",
              b & 0xFF, a, portWrite((int) a, (int) (b & 0xFF), (int) (b >>> 8)));
      case PIO_READ -> String.format("inb port 0x%X (%s) = 0x%02X", a, portName((int) a), b);
      case IOAPIC_WRITE -> String.format("IO-APIC %s = 0x%08X", registerName((int) a), b);
      case IOAPIC_READ -> String.format("IO-APIC read %s = 0x%08X", registerName((int) a), b);
      case SET_IRQ -> lineName((int) a) + (b != 0 ? " asserted" : " deasserted");
      case PIC_SET_IRQ ->
          String.format(
              "8259 IRQ %d %s: IRR 0x%02X, IMR 0x%02X%s",
              a,
              (b & 1) != 0 ? "high" : "low",
              (b >>> 16) & 0xFF,
              (b >>> 8) & 0xFF,
              ((b >>> 24) & (1L << (a & 7))) != 0 ? " (level-sensitive)" : "");
      case IOAPIC_SET_IRQ -> ioapicSetIrq(t, i, a, b);
      case EOI_BROADCAST ->
          b == 0
              ? String.format(
                  "EOI of level-triggered %s broadcast to the IO-APIC: no entry waits on it",
                  Trace.vectorText(a))
              : String.format(
                  "EOI of level-triggered %s broadcast to the IO-APIC: remote IRR cleared on %s",
                  Trace.vectorText(a), pins(b));
      case EXTINT_ENTRY -> {
        int vector = (int) (a & 0xFF);
        int irq = (int) ((a >>> 8) & 0xFF);
        String route = ((a >>> 16) & 1) == 1 ? "IO-APIC pin 0" : "LINT0";
        yield String.format(
            "takes an ExtINT through %s: the 8259 answers INTA with %s (IRQ %d); local APIC IRR and"
                + " ISR untouched, enters %s",
            route, Trace.vectorText(vector), irq, handler(t, i, (int) b));
      }
      default -> t.kind(i).traceName;
    };
  }

  private static String ioapicSetIrq(Trace t, int i, long entry, long b) {
    int pin = (int) (b >>> 16);
    Delivery d = Delivery.values()[(int) (b & 0xFFFF)];
    if (d == Delivery.HELD) {
      return String.format(
          "IO-APIC pin %d asserted: nothing sent, %s",
          pin,
          (entry & IoApic.MASKED) != 0
              ? "the entry is masked"
              : "remote IRR is still set (no EOI yet)");
    }
    int low = (int) entry;
    int mode = (low >>> 8) & 7;
    String what =
        mode == IoApic.MODE_EXTINT ? "ExtINT" : mode == 4 ? "NMI" : Trace.vectorText(low & 0xFF);
    String trig = (low & IoApic.LEVEL) != 0 ? "level" : "edge";
    return String.format(
        "IO-APIC pin %d (%s, %s, dest 0x%02X): %s",
        pin, what, trig, (entry >>> 56) & 0xFF, EventText.delivery(d, t, i));
  }

  private static String pins(long bits) {
    StringBuilder sb = new StringBuilder(Long.bitCount(bits) == 1 ? "pin " : "pins ");
    boolean first = true;
    for (int p = 0; p < IoApic.PINS; p++) {
      if ((bits & (1L << p)) != 0) {
        sb.append(first ? "" : ", ").append(p);
        first = false;
      }
    }
    return sb.toString();
  }

  static String lineName(int id) {
    return id >= EventKind.PIC_LINE ? "8259 IRQ " + (id - EventKind.PIC_LINE) : "IO-APIC pin " + id;
  }

  static String registerName(int index) {
    return switch (index) {
      case IoApic.REG_ID -> "ID";
      case IoApic.REG_VERSION -> "VERSION";
      case IoApic.REG_ARBITRATION -> "ARB";
      default ->
          index >= IoApic.REG_REDTBL && index < IoApic.REG_REDTBL + 2 * IoApic.PINS
              ? String.format(
                  "REDTBL[%d].%s",
                  (index - IoApic.REG_REDTBL) / 2, (index & 1) == 0 ? "low" : "high")
              : String.format("register 0x%02X", index);
    };
  }

  static String portName(int port) {
    return switch (port) {
      case PicPair.MASTER_COMMAND -> "master 8259 command";
      case PicPair.MASTER_DATA -> "master 8259 data";
      case PicPair.SLAVE_COMMAND -> "slave 8259 command";
      case PicPair.SLAVE_DATA -> "slave 8259 data";
      case PicPair.ELCR_MASTER -> "ELCR, IRQ 0-7";
      case PicPair.ELCR_SLAVE -> "ELCR, IRQ 8-15";
      default -> "no device";
    };
  }

  /** What a write to a PIC port means, for the log (the chip's state decides ICW2-4 vs OCW1). */
  private static String portWrite(int port, int v, int initState) {
    String chip = port == PicPair.SLAVE_COMMAND || port == PicPair.SLAVE_DATA ? "slave" : "master";
    if (port == PicPair.MASTER_COMMAND || port == PicPair.SLAVE_COMMAND) {
      if ((v & 0x10) != 0) {
        return chip + " ICW1: initialization starts" + ((v & 8) != 0 ? " (level-sensitive)" : "");
      }
      if ((v & 0x08) != 0) {
        return chip + " OCW3" + ((v & 2) != 0 ? ((v & 1) != 0 ? ": read ISR" : ": read IRR") : "");
      }
      return switch (v >>> 5) {
        case 1 -> chip + " OCW2: non-specific EOI";
        case 3 -> chip + " OCW2: specific EOI, IRQ " + (v & 7);
        case 5 -> chip + " OCW2: rotate on non-specific EOI";
        case 7 -> chip + " OCW2: rotate on specific EOI, IRQ " + (v & 7);
        case 6 -> chip + " OCW2: set priority";
        default -> chip + " OCW2";
      };
    }
    if (port == PicPair.ELCR_MASTER || port == PicPair.ELCR_SLAVE) {
      return "edge/level control";
    }
    return switch (initState) {
      case 1 -> String.format("%s ICW2: vector base 0x%02X", chip, v & 0xF8);
      case 2 -> chip + " ICW3: cascade";
      case 3 -> chip + " ICW4" + ((v & 2) != 0 ? ": auto-EOI" : ": normal EOI");
      default -> String.format("%s OCW1: mask 0x%02X", chip, v);
    };
  }

  private static String handler(Trace t, int i, int fn) {
    int k = t.kernel(i);
    if (k < 0 || fn < 0) {
      return "its handler";
    }
    return t.program().kernel(k).function(fn).name();
  }
}
