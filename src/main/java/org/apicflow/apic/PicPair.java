package org.apicflow.apic;

/**
 * The PC's two cascaded 8259A PICs: the master at ports 0x20/0x21 with IRQ 0-7, the slave at
 * 0xA0/0xA1 with IRQ 8-15, its output wired to the master's IR2; the edge/level control registers
 * (ELCR) at 0x4D0/0x4D1. The master's output is the INTR line: in virtual wire mode it reaches a
 * local APIC's LINT0 (LVT LINT0 delivery mode ExtINT) or IO-APIC pin 0 (an ExtINT entry).
 *
 * <p>The acknowledge cycle ({@link #acknowledge()}) is the core's INTA after it took an ExtINT: it
 * returns the vector the PICs put on the bus (IRQ 7 or 15 of the chip if the request went away: a
 * spurious interrupt).
 */
public final class PicPair {
  public static final int MASTER_COMMAND = 0x20;
  public static final int MASTER_DATA = 0x21;
  public static final int SLAVE_COMMAND = 0xA0;
  public static final int SLAVE_DATA = 0xA1;
  public static final int ELCR_MASTER = 0x4D0;
  public static final int ELCR_SLAVE = 0x4D1;

  /** The master input the slave's output drives. */
  public static final int CASCADE = 2;

  private final Pic8259 master;
  private final Pic8259 slave;

  public PicPair() {
    master = new Pic8259(true);
    slave = new Pic8259(false);
  }

  public PicPair(PicPair o) {
    master = new Pic8259(o.master);
    slave = new Pic8259(o.slave);
  }

  public PicPair copy() {
    return new PicPair(this);
  }

  /** Is {@code port} one of the PIC or ELCR ports? */
  public static boolean isPort(int port) {
    return port == MASTER_COMMAND
        || port == MASTER_DATA
        || port == SLAVE_COMMAND
        || port == SLAVE_DATA
        || port == ELCR_MASTER
        || port == ELCR_SLAVE;
  }

  /** IRQ {@code irq} (0-15) changes level; IRQ 2 is the cascade and not a device line. */
  public void setIrq(int irq, boolean high) {
    if (irq < 8) {
      master.setLine(irq, high);
    } else {
      slave.setLine(irq - 8, high);
    }
    cascade();
  }

  /** The slave's output follows onto the master's IR2. */
  private void cascade() {
    master.setLine(CASCADE, slave.output());
  }

  /** The INTR line: the master's output. */
  public boolean output() {
    return master.output();
  }

  /**
   * The acknowledge cycle: the master acknowledges its highest request; if that is the cascade
   * line, the slave acknowledges its own and supplies the vector. Returns the vector.
   */
  public int acknowledge() {
    int line = master.pending();
    int vector;
    if (line < 0) {
      vector = master.vector(7);
    } else {
      master.acknowledge(line);
      if (line == CASCADE) {
        int s = slave.pending();
        if (s < 0) {
          vector = slave.vector(7);
        } else {
          slave.acknowledge(s);
          vector = slave.vector(s);
        }
      } else {
        vector = master.vector(line);
      }
    }
    cascade();
    return vector;
  }

  /** The IRQ (0-15) a vector belongs to, or -1 when it is none of the PICs' vectors. */
  public int irqOf(int vector) {
    if ((vector & 0xF8) == master.base()) {
      return vector & 7;
    }
    if ((vector & 0xF8) == slave.base()) {
      return 8 + (vector & 7);
    }
    return -1;
  }

  /** outb: returns false when no PIC register answers at that port. */
  public boolean write(int port, int value) {
    switch (port) {
      case MASTER_COMMAND -> master.writeCommand(value);
      case MASTER_DATA -> master.writeData(value);
      case SLAVE_COMMAND -> slave.writeCommand(value);
      case SLAVE_DATA -> slave.writeData(value);
      case ELCR_MASTER -> master.writeElcr(value & 0xF8);
      case ELCR_SLAVE -> slave.writeElcr(value & 0xDE);
      default -> {
        return false;
      }
    }
    cascade();
    return true;
  }

  /** inb: a port no PIC register answers at reads 0xFF (an ISA bus with nothing on it). */
  public int read(int port) {
    int v =
        switch (port) {
          case MASTER_COMMAND -> master.readCommand();
          case MASTER_DATA -> master.readData();
          case SLAVE_COMMAND -> slave.readCommand();
          case SLAVE_DATA -> slave.readData();
          case ELCR_MASTER -> master.elcr();
          case ELCR_SLAVE -> slave.elcr();
          default -> 0xFF;
        };
    cascade();
    return v;
  }

  public Pic8259 master() {
    return master;
  }

  public Pic8259 slave() {
    return slave;
  }

  public boolean sameState(PicPair o) {
    return master.sameState(o.master) && slave.sameState(o.slave);
  }
}
