package org.apicflow.apic;

/**
 * One 8259A programmable interrupt controller: eight request lines IR0-IR7, the interrupt request
 * register (IRR), the in-service register (ISR), the interrupt mask register (IMR), the vector base
 * from ICW2, and the priority resolver. Two of them, cascaded, are a {@link PicPair}.
 *
 * <p>Rules (Intel 8259A datasheet; QEMU hw/intc/i8259.c, KVM arch/x86/kvm/i8259.c):
 *
 * <ul>
 *   <li>Writing the command port with bit 4 set is ICW1 and starts initialization: the edge sense
 *       is reset (a line must rise again to request), IMR and ISR are cleared, IR0 gets the highest
 *       priority, special mask mode is cleared and a command-port read shows IRR. ICW2 (the vector
 *       base, bits 7:3), ICW3 (unless ICW1 said single) and ICW4 (if ICW1 bit 0 asked for it)
 *       follow on the data port. ICW1 bit 3 (LTIM) makes every line level-sensitive.
 *   <li>After initialization a data-port write is OCW1: the IMR. A command-port write with bits 4:3
 *       = 00 is OCW2 (EOIs and rotation), with bits 4:3 = 01 OCW3 (read IRR or ISR, poll, special
 *       mask mode).
 *   <li>Edge-sensitive lines set their IRR bit on a rising edge; level-sensitive lines (LTIM, or
 *       the ELCR bit) have their IRR bit follow the line. IMR does not stop IRR from latching: it
 *       keeps the bit from the priority resolver.
 *   <li>The output INT is raised when an unmasked IRR bit has a higher priority than every ISR bit
 *       (fully nested mode).
 *   <li>Acknowledge (INTA): the highest-priority unmasked IRR bit moves to ISR (with auto-EOI it is
 *       not kept in ISR); an edge request's IRR bit is cleared, a level request's stays while its
 *       line is high. The vector is base + line. With nothing to acknowledge the chip answers with
 *       IR7 (a spurious interrupt), setting no ISR bit.
 *   <li>Non-specific EOI clears the highest-priority ISR bit; specific EOI clears the named one.
 * </ul>
 */
public final class Pic8259 {

  private int irr;
  private int isr;
  private int imr;
  private int lastLevel;
  private int elcr;
  private int base;
  private int priorityAdd;
  private int initState;
  private boolean init4;
  private boolean single;
  private boolean ltim;
  private boolean autoEoi;
  private boolean rotateOnAutoEoi;
  private boolean specialFullyNested;
  private boolean specialMask;
  private boolean readIsr;
  private boolean poll;
  private int icw3;
  private final boolean master;

  public Pic8259(boolean master) {
    this.master = master;
  }

  public Pic8259(Pic8259 o) {
    this.master = o.master;
    this.irr = o.irr;
    this.isr = o.isr;
    this.imr = o.imr;
    this.lastLevel = o.lastLevel;
    this.elcr = o.elcr;
    this.base = o.base;
    this.priorityAdd = o.priorityAdd;
    this.initState = o.initState;
    this.init4 = o.init4;
    this.single = o.single;
    this.ltim = o.ltim;
    this.autoEoi = o.autoEoi;
    this.rotateOnAutoEoi = o.rotateOnAutoEoi;
    this.specialFullyNested = o.specialFullyNested;
    this.specialMask = o.specialMask;
    this.readIsr = o.readIsr;
    this.poll = o.poll;
    this.icw3 = o.icw3;
  }

  /**
   * A chip already initialized the way a PC kernel leaves it: ICW1 0x11 (edge, cascade, ICW4), ICW2
   * {@code base}, ICW3, ICW4 0x01 (8086 mode, normal EOI), and {@code imr}.
   */
  public void initialized(int base, int imr) {
    writeCommand(0x11);
    writeData(base);
    writeData(master ? 0x04 : 0x02);
    writeData(0x01);
    writeData(imr);
  }

  // ---------------------------------------------------------------- lines

  /** The line IRn changes level. */
  public void setLine(int line, boolean high) {
    int bit = 1 << line;
    if (levelSensitive(line)) {
      irr = high ? irr | bit : irr & ~bit;
    } else if (high && (lastLevel & bit) == 0) {
      irr |= bit;
    }
    lastLevel = high ? lastLevel | bit : lastLevel & ~bit;
  }

  public boolean levelSensitive(int line) {
    return ltim || (elcr & (1 << line)) != 0;
  }

  /** The priority of a set of lines: 0 highest .. 7, 8 for none (after rotation). */
  private int priority(int bits) {
    if (bits == 0) {
      return 8;
    }
    int p = 0;
    while ((bits & (1 << ((p + priorityAdd) & 7))) == 0) {
      p++;
    }
    return p;
  }

  /**
   * The line INTA would acknowledge now, or -1: the output INT is high exactly when this is >= 0.
   */
  public int pending() {
    int p = priority(irr & ~imr);
    if (p == 8) {
      return -1;
    }
    int inService = isr;
    if (specialMask) {
      inService &= ~imr;
    }
    if (specialFullyNested && master) {
      inService &= ~icw3;
    }
    return p < priority(inService) ? (p + priorityAdd) & 7 : -1;
  }

  public boolean output() {
    return pending() >= 0;
  }

  /**
   * INTA for line {@code line} (from {@link #pending()}): IRR to ISR (unless auto-EOI), an edge
   * request's IRR bit cleared.
   */
  public void acknowledge(int line) {
    int bit = 1 << line;
    if (autoEoi) {
      if (rotateOnAutoEoi) {
        priorityAdd = (line + 1) & 7;
      }
    } else {
      isr |= bit;
    }
    if (!levelSensitive(line)) {
      irr &= ~bit;
    }
  }

  public int vector(int line) {
    return (base & 0xF8) + line;
  }

  // ---------------------------------------------------------------- ports

  /** A write to the command port (0x20 or 0xA0): ICW1, OCW2 or OCW3. */
  public void writeCommand(int value) {
    value &= 0xFF;
    if ((value & 0x10) != 0) {
      // ICW1: the edge sense, IMR, ISR, priority, special mask and read select are reset.
      lastLevel = 0;
      imr = 0;
      isr = 0;
      priorityAdd = 0;
      specialMask = false;
      readIsr = false;
      poll = false;
      autoEoi = false;
      rotateOnAutoEoi = false;
      specialFullyNested = false;
      init4 = (value & 1) != 0;
      single = (value & 2) != 0;
      ltim = (value & 8) != 0;
      irr &= ltimOrElcr();
      initState = 1;
    } else if ((value & 0x08) != 0) {
      // OCW3
      poll = (value & 0x04) != 0;
      if ((value & 0x02) != 0) {
        readIsr = (value & 0x01) != 0;
      }
      if ((value & 0x40) != 0) {
        specialMask = (value & 0x20) != 0;
      }
    } else {
      // OCW2: R SL EOI in bits 7:5, the level in bits 2:0.
      int cmd = value >>> 5;
      switch (cmd) {
        case 0, 4 -> rotateOnAutoEoi = cmd == 4;
        case 1, 5 -> {
          int p = priority(isr);
          if (p != 8) {
            int line = (p + priorityAdd) & 7;
            isr &= ~(1 << line);
            if (cmd == 5) {
              priorityAdd = (line + 1) & 7;
            }
          }
        }
        case 3 -> isr &= ~(1 << (value & 7));
        case 6 -> priorityAdd = (value + 1) & 7;
        case 7 -> {
          int line = value & 7;
          isr &= ~(1 << line);
          priorityAdd = (line + 1) & 7;
        }
        default -> {
          // 2: no operation
        }
      }
    }
  }

  private int ltimOrElcr() {
    return ltim ? 0xFF : elcr;
  }

  /** A write to the data port (0x21 or 0xA1): ICW2-4 during initialization, else OCW1 (IMR). */
  public void writeData(int value) {
    value &= 0xFF;
    switch (initState) {
      case 1 -> {
        base = value & 0xF8;
        initState = single ? (init4 ? 3 : 0) : 2;
      }
      case 2 -> {
        icw3 = value;
        initState = init4 ? 3 : 0;
      }
      case 3 -> {
        autoEoi = (value & 0x02) != 0;
        specialFullyNested = (value & 0x10) != 0;
        initState = 0;
      }
      default -> imr = value;
    }
  }

  /**
   * A read of the command port: after OCW3 with poll, the poll answer (bit 7 = a request, bits 2:0
   * its line; the request is acknowledged); otherwise IRR or ISR as OCW3 last selected.
   */
  public int readCommand() {
    if (poll) {
      poll = false;
      int line = pending();
      if (line < 0) {
        return 0;
      }
      acknowledge(line);
      return 0x80 | line;
    }
    return readIsr ? isr : irr;
  }

  /** A read of the data port: the IMR. */
  public int readData() {
    return imr;
  }

  public void writeElcr(int value) {
    elcr = value & 0xFF;
  }

  // ---------------------------------------------------------------- read-only view

  public int irr() {
    return irr;
  }

  public int isr() {
    return isr;
  }

  public int imr() {
    return imr;
  }

  public int elcr() {
    return elcr;
  }

  /** The vector base (ICW2 bits 7:3). */
  public int base() {
    return base;
  }

  /** 0 when initialized; 1, 2, 3 while waiting for ICW2, ICW3, ICW4. */
  public int initState() {
    return initState;
  }

  public boolean autoEoi() {
    return autoEoi;
  }

  public boolean readsIsr() {
    return readIsr;
  }

  public int lineLevels() {
    return lastLevel;
  }

  public boolean sameState(Pic8259 o) {
    return master == o.master
        && irr == o.irr
        && isr == o.isr
        && imr == o.imr
        && lastLevel == o.lastLevel
        && elcr == o.elcr
        && base == o.base
        && priorityAdd == o.priorityAdd
        && initState == o.initState
        && init4 == o.init4
        && single == o.single
        && ltim == o.ltim
        && autoEoi == o.autoEoi
        && rotateOnAutoEoi == o.rotateOnAutoEoi
        && specialFullyNested == o.specialFullyNested
        && specialMask == o.specialMask
        && readIsr == o.readIsr
        && poll == o.poll
        && icw3 == o.icw3;
  }
}
