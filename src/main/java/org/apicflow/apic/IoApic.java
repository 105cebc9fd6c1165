package org.apicflow.apic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One 82093AA I/O APIC: 24 interrupt input pins, each with a 64-bit redirection table entry,
 * reached through an index/data window (IOREGSEL at offset 0x00, IOWIN at offset 0x10).
 *
 * <p>Registers by index: 0x00 ID (bits 27:24, read/write), 0x01 version (0x11 in bits 7:0, the
 * highest entry 0x17 in bits 23:16, read-only), 0x02 arbitration ID (bits 27:24, read-only), 0x10 +
 * 2n and 0x11 + 2n the low and high half of entry n.
 *
 * <p>Entry fields (low half): vector 7:0, delivery mode 10:8 (000 fixed, 001 lowest priority, 010
 * SMI, 100 NMI, 101 INIT, 111 ExtINT), destination mode 11 (1 logical), delivery status 12
 * (read-only), input pin polarity 13 (1 active low), remote IRR 14 (read-only), trigger mode 15 (1
 * level), mask 16; high half: destination in bits 31:24 (bits 63:56 of the entry).
 *
 * <p>Rules (82093AA datasheet; QEMU hw/intc/ioapic.c, KVM arch/x86/kvm/ioapic.c, checked with
 * kvm-unit-tests x86/ioapic.c):
 *
 * <ul>
 *   <li>An edge-triggered pin sends a message on each rising edge of its input while unmasked; an
 *       edge on a masked pin is lost (not held).
 *   <li>A level-triggered pin sends a message while its input is asserted, the entry is unmasked
 *       and remote IRR is clear; sending sets remote IRR. While remote IRR is set the pin sends
 *       nothing more, whatever its input does.
 *   <li>Remote IRR is cleared by an EOI message from a local APIC whose vector matches the entry's
 *       (the EOI broadcast of a level-triggered vector). If the input is still asserted and the pin
 *       unmasked, the pin sends again at once.
 *   <li>Unmasking a level-triggered pin whose input is asserted and whose remote IRR is clear
 *       sends. Switching an entry to edge clears its remote IRR (KVM, after the datasheet: remote
 *       IRR is undefined for edge-triggered entries).
 *   <li>The input is given as asserted or not; polarity is kept and read back, as QEMU and KVM do
 *       (the board wires each line to the polarity its firmware tables give).
 *   <li>Delivery status (bit 12) reads 0: the message is accepted at once (QEMU, KVM).
 * </ul>
 *
 * <p>This class holds the registers and the rules; the machine carries each message to the local
 * APICs.
 */
public final class IoApic {
  public static final int PINS = 24;

  /** Offsets in the IO-APIC's MMIO window. */
  public static final int IOREGSEL = 0x00;

  public static final int IOWIN = 0x10;

  /** Register indexes. */
  public static final int REG_ID = 0x00;

  public static final int REG_VERSION = 0x01;
  public static final int REG_ARBITRATION = 0x02;
  public static final int REG_REDTBL = 0x10;

  /** Version register: version 0x11, highest redirection entry 23. */
  public static final int VERSION = 0x0017_0011;

  public static final int MASKED = 1 << 16;
  public static final int LEVEL = 1 << 15;
  public static final int REMOTE_IRR = 1 << 14;
  public static final int ACTIVE_LOW = 1 << 13;
  public static final int DELIVERY_STATUS = 1 << 12;
  public static final int LOGICAL = 1 << 11;

  /** Delivery mode field value of ExtINT. */
  public static final int MODE_EXTINT = 7;

  /** The bits of an entry's low half software can write. */
  private static final int LOW_WRITABLE = 0x0001_AFFF;

  /** One message the IO-APIC sends for a pin: what the machine delivers to the local APICs. */
  public record Message(
      int pin, int vector, int mode, boolean logical, int destination, boolean level) {
    public boolean extInt() {
      return mode == MODE_EXTINT;
    }
  }

  private int id;
  private int ioregsel;
  private final int[] low = new int[PINS];
  private final int[] high = new int[PINS];

  /** The input level of each pin (asserted = 1). */
  private int input;

  public IoApic() {
    reset();
  }

  public IoApic(IoApic o) {
    this.id = o.id;
    this.ioregsel = o.ioregsel;
    System.arraycopy(o.low, 0, low, 0, PINS);
    System.arraycopy(o.high, 0, high, 0, PINS);
    this.input = o.input;
  }

  public IoApic copy() {
    return new IoApic(this);
  }

  /** Power-up: every entry masked (bit 16) and otherwise zero; ID 0. Pin inputs are kept. */
  public void reset() {
    id = 0;
    ioregsel = 0;
    Arrays.fill(low, MASKED);
    Arrays.fill(high, 0);
  }

  // ---------------------------------------------------------------- the index/data window

  /** Writes IOREGSEL (offset 0x00): bits 7:0 select the register the window shows. */
  public void select(int index) {
    ioregsel = index & 0xFF;
  }

  public int selected() {
    return ioregsel;
  }

  /** Reads IOWIN (offset 0x10): the register IOREGSEL selects; 0 for an index with no register. */
  public int readWindow() {
    return readRegister(ioregsel);
  }

  /**
   * Writes IOWIN (offset 0x10): the register IOREGSEL selects. Returns the messages the write sets
   * off (unmasking a level pin whose input is asserted).
   */
  public List<Message> writeWindow(int value) {
    return writeRegister(ioregsel, value);
  }

  /** A register by index, as IOWIN shows it after IOREGSEL = index. */
  public int readRegister(int index) {
    if (index == REG_ID) {
      return (id & 0xF) << 24;
    }
    if (index == REG_VERSION) {
      return VERSION;
    }
    if (index == REG_ARBITRATION) {
      return (id & 0xF) << 24;
    }
    int pin = pinOf(index);
    if (pin < 0) {
      return 0;
    }
    return (index & 1) == 0 ? low[pin] : high[pin];
  }

  /** Writes a register by index; the version and arbitration registers are read-only. */
  public List<Message> writeRegister(int index, int value) {
    if (index == REG_ID) {
      id = (value >>> 24) & 0xF;
      return List.of();
    }
    int pin = pinOf(index);
    if (pin < 0) {
      return List.of();
    }
    if ((index & 1) == 1) {
      high[pin] = value & 0xFF00_0000;
      return List.of();
    }
    int old = low[pin];
    int now = (old & ~LOW_WRITABLE) | (value & LOW_WRITABLE);
    if ((now & LEVEL) == 0) {
      now &= ~REMOTE_IRR;
    }
    low[pin] = now;
    List<Message> out = new ArrayList<>();
    serviceLevel(pin, out);
    return out;
  }

  private static int pinOf(int index) {
    int pin = (index - REG_REDTBL) >> 1;
    return index >= REG_REDTBL && pin < PINS ? pin : -1;
  }

  // ---------------------------------------------------------------- pins

  /**
   * The input of a pin changes (a device asserts or deasserts its line). Returns the messages this
   * sets off: a rising edge on an unmasked edge pin, an asserted level pin with remote IRR clear.
   */
  public List<Message> setInput(int pin, boolean asserted) {
    int bit = 1 << pin;
    boolean was = (input & bit) != 0;
    input = asserted ? input | bit : input & ~bit;
    List<Message> out = new ArrayList<>();
    if ((low[pin] & LEVEL) != 0) {
      serviceLevel(pin, out);
    } else if (asserted && !was && (low[pin] & MASKED) == 0) {
      out.add(message(pin));
    }
    return out;
  }

  private void serviceLevel(int pin, List<Message> out) {
    int e = low[pin];
    if ((e & LEVEL) != 0
        && (input & (1 << pin)) != 0
        && (e & MASKED) == 0
        && (e & REMOTE_IRR) == 0) {
      low[pin] = e | REMOTE_IRR;
      out.add(message(pin));
    }
  }

  private Message message(int pin) {
    int e = low[pin];
    return new Message(
        pin, e & 0xFF, (e >>> 8) & 7, (e & LOGICAL) != 0, high[pin] >>> 24, (e & LEVEL) != 0);
  }

  /** The result of an EOI broadcast: the pins whose remote IRR it cleared, and what they resent. */
  public record EoiResult(int clearedPins, List<Message> resent) {}

  /**
   * An EOI message for {@code vector} (a local APIC EOI'd a vector whose TMR bit was set): every
   * level-triggered entry with that vector has its remote IRR cleared, and a pin whose input is
   * still asserted and which is unmasked sends again.
   */
  public EoiResult eoi(int vector) {
    int cleared = 0;
    List<Message> out = new ArrayList<>();
    for (int pin = 0; pin < PINS; pin++) {
      int e = low[pin];
      if ((e & 0xFF) == vector && (e & LEVEL) != 0 && (e & REMOTE_IRR) != 0) {
        low[pin] = e & ~REMOTE_IRR;
        cleared |= 1 << pin;
        serviceLevel(pin, out);
      }
    }
    return new EoiResult(cleared, out);
  }

  // ---------------------------------------------------------------- read-only view

  public int id() {
    return id;
  }

  /** The low half of entry {@code pin}, as IOWIN reads it. */
  public int entryLow(int pin) {
    return low[pin];
  }

  public int entryHigh(int pin) {
    return high[pin];
  }

  public long entry(int pin) {
    return ((long) high[pin] << 32) | (low[pin] & 0xFFFF_FFFFL);
  }

  public boolean remoteIrr(int pin) {
    return (low[pin] & REMOTE_IRR) != 0;
  }

  public boolean masked(int pin) {
    return (low[pin] & MASKED) != 0;
  }

  public boolean inputAsserted(int pin) {
    return (input & (1 << pin)) != 0;
  }

  /** Input levels, one bit per pin. */
  public int inputs() {
    return input;
  }

  /** Is the entry anything but its power-up value (masked, all else zero)? */
  public boolean entryInUse(int pin) {
    return low[pin] != MASKED || high[pin] != 0 || inputAsserted(pin);
  }

  public boolean sameState(IoApic o) {
    return id == o.id
        && ioregsel == o.ioregsel
        && input == o.input
        && Arrays.equals(low, o.low)
        && Arrays.equals(high, o.high);
  }
}
