package org.apicflow.machine;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.apic.IoApic;
import org.apicflow.apic.LocalApic;
import org.apicflow.apic.PicPair;
import org.apicflow.machine.EventKind.Delivery;

/**
 * Interrupt sources outside the CPUs: device sources, each local APIC's timer (LVT Timer), the
 * IO-APIC and the cascaded 8259s, and the wires between them: device lines into IO-APIC pins and
 * 8259 IRQs, the 8259's INTR output into IO-APIC pin 0 and every local APIC's LINT0 (virtual wire
 * mode), IO-APIC messages onto the APIC bus, and the EOI broadcast back.
 */
final class Devices {

  private final Machine machine;

  Devices(Machine machine) {
    this.machine = machine;
  }

  void enableSource(int s) {
    MachineConfig.SourceConfig src = machine.config.sources().get(s);
    machine.sourceEnabled[s] = true;
    machine.sourceGen[s]++;
    long t;
    if (src.period() <= 0) {
      t = Math.max(src.start(), machine.now);
    } else if (machine.now <= src.start()) {
      t = src.start();
    } else {
      long k = (machine.now - src.start() + src.period() - 1) / src.period();
      t = src.start() + k * src.period();
    }
    machine.scheduler.push(t, Scheduler.SOURCE, s, 0, machine.sourceGen[s]);
  }

  void sourceTick(int s) {
    MachineConfig.SourceConfig src = machine.config.sources().get(s);
    if (src.wired()) {
      // An edge source pulses its line; a level source raises it and holds it.
      setLine(src, true);
      if (!src.level()) {
        setLine(src, false);
      }
      if (src.period() > 0) {
        machine.scheduler.push(
            machine.now + src.period(), Scheduler.SOURCE, s, 0, machine.sourceGen[s]);
      } else {
        machine.sourceEnabled[s] = false;
      }
      return;
    }
    Cpu cpu = machine.cpus[src.cpu()];
    Delivery d =
        src.nmi() ? machine.bus.nmi(cpu, false, -1) : ApicBus.fixed(cpu, src.vector(), false);
    machine.emit(cpu, EventKind.IRQ_RAISE, s, d.ordinal());
    if (src.period() > 0) {
      machine.scheduler.push(
          machine.now + src.period(), Scheduler.SOURCE, s, 0, machine.sourceGen[s]);
    } else {
      machine.sourceEnabled[s] = false;
    }
  }

  void armTimer(Cpu cpu) {
    machine.timerGen[cpu.index]++;
    LocalApic a = cpu.apic;
    if (a.timerInitial() != 0) {
      long period =
          machine.config.timerTickNs() * a.timerDivisor() * (a.timerInitial() & 0xFFFF_FFFFL);
      machine.scheduler.push(
          a.timerArmedAt() + period, Scheduler.TIMER, cpu.index, 0, machine.timerGen[cpu.index]);
    }
  }

  void timerFire(int c) {
    Cpu cpu = machine.cpus[c];
    LocalApic a = cpu.apic;
    Delivery d = Delivery.MASKED;
    if (!a.timerMasked()) {
      d = ApicBus.fixed(cpu, a.timerVector(), false);
    }
    machine.emit(cpu, EventKind.TIMER_FIRE, a.timerVector(), d.ordinal());
    if (a.timerPeriodic()) {
      a.timerReload(machine.now);
      armTimer(cpu);
    } else {
      a.timerExpired();
    }
  }

  // ================================================================ IO-APIC and 8259

  /** A device source's line goes to the level given (the irq-line op, or a tick). */
  void setLine(MachineConfig.SourceConfig src, boolean high) {
    if (src.picIrq() >= 0) {
      setPicIrq(src.picIrq(), high);
    }
    if (src.ioapicPin() >= 0) {
      setIoApicPin(src.ioapicPin(), high);
    }
  }

  void setIoApicPin(int pin, boolean asserted) {
    machine.emit(machine.cpus[0], EventKind.SET_IRQ, pin, asserted ? 1 : 0);
    deliver(machine.ioapic.setInput(pin, asserted), pin);
  }

  void setPicIrq(int irq, boolean high) {
    Cpu cpu0 = machine.cpus[0];
    machine.emit(cpu0, EventKind.SET_IRQ, EventKind.PIC_LINE + irq, high ? 1 : 0);
    machine.pic.setIrq(irq, high);
    var chip = irq < 8 ? machine.pic.master() : machine.pic.slave();
    long b = (high ? 1 : 0) | chip.imr() << 8 | chip.irr() << 16 | (long) chip.elcr() << 24;
    machine.emit(cpu0, EventKind.PIC_SET_IRQ, irq, b);
    picChanged();
  }

  /**
   * The 8259's INTR output may have changed: it drives IO-APIC pin 0 (an ExtINT entry there sends
   * an ExtINT message on its rising edge). LINT0 is read when a CPU looks for an interrupt.
   */
  void picChanged() {
    boolean out = machine.pic.output();
    if (out != machine.ioapic.inputAsserted(0)) {
      deliver(machine.ioapic.setInput(0, out), 0);
    }
  }

  void portWrite(Cpu cpu, int port, int value) {
    // The data port means ICW2-4 or OCW1 by the chip's state before the write: kept for the log.
    var chip = port == PicPair.SLAVE_DATA ? machine.pic.slave() : machine.pic.master();
    int before = chip.initState();
    machine.pic.write(port, value);
    machine.emit(cpu, EventKind.PIO_WRITE, port, (value & 0xFF) | before << 8);
    picChanged();
  }

  int portRead(Cpu cpu, int port) {
    int v = machine.pic.read(port) & 0xFF;
    machine.emit(cpu, EventKind.PIO_READ, port, v);
    picChanged();
    return v;
  }

  void ioapicMmioWrite(Cpu cpu, int offset, int value) {
    if (offset == IoApic.IOREGSEL) {
      machine.ioapic.select(value);
      return;
    }
    int index = machine.ioapic.selected();
    List<IoApic.Message> out = machine.ioapic.writeWindow(value);
    machine.emit(
        cpu, EventKind.IOAPIC_WRITE, index, machine.ioapic.readRegister(index) & 0xFFFF_FFFFL);
    deliver(out, -1);
  }

  /** IOREGSEL = index, then a write of IOWIN (io_apic_write). */
  void ioapicWrite(Cpu cpu, int index, int value) {
    machine.ioapic.select(index);
    ioapicMmioWrite(cpu, IoApic.IOWIN, value);
  }

  /** IOREGSEL = index, then a read of IOWIN (io_apic_read). */
  int ioapicRead(Cpu cpu, int index) {
    machine.ioapic.select(index);
    int v = machine.ioapic.readWindow();
    machine.emit(cpu, EventKind.IOAPIC_READ, index, v & 0xFFFF_FFFFL);
    return v;
  }

  /**
   * A local APIC broadcast the EOI of a level-triggered vector: the IO-APIC clears the remote IRR
   * of every entry with that vector, and a pin whose line is still asserted sends again.
   */
  void eoiBroadcast(Cpu cpu, int vector) {
    IoApic.EoiResult r = machine.ioapic.eoi(vector);
    machine.emit(cpu, EventKind.EOI_BROADCAST, vector, r.clearedPins());
    deliver(r.resent(), -1);
  }

  /**
   * Carries IO-APIC messages to their local APICs (physical or logical destination, lowest priority
   * arbitration, as for an IPI; no time on the bus). A pin whose change sent nothing is logged as
   * held when its line rose ({@code pinRaised}).
   */
  private void deliver(List<IoApic.Message> messages, int pinRaised) {
    if (messages.isEmpty() && pinRaised >= 0 && machine.ioapic.inputAsserted(pinRaised)) {
      long entry = machine.ioapic.entry(pinRaised);
      machine.emit(
          machine.cpus[0],
          EventKind.IOAPIC_SET_IRQ,
          entry,
          (long) pinRaised << 16 | Delivery.HELD.ordinal());
      return;
    }
    for (IoApic.Message m : messages) {
      long entry = machine.ioapic.entry(m.pin());
      List<Integer> targets = new ArrayList<>();
      for (Cpu c : machine.cpus) {
        if (c.apic.matches(m.destination(), m.logical())) {
          targets.add(c.index);
        }
      }
      if (m.mode() == 1 && targets.size() > 1) {
        targets = List.of(machine.bus.lowestPriority(targets)[0]);
      }
      if (targets.isEmpty()) {
        machine.emit(
            machine.cpus[0],
            EventKind.IOAPIC_SET_IRQ,
            entry,
            (long) m.pin() << 16 | Delivery.NO_TARGET.ordinal());
        continue;
      }
      for (int t : targets) {
        Cpu cpu = machine.cpus[t];
        Delivery d =
            switch (m.mode()) {
              case 0, 1 -> ApicBus.fixed(cpu, m.vector(), m.level());
              case 4 -> machine.bus.nmi(cpu, false, -1);
              case 5 -> {
                cpu.initPending = true;
                yield Delivery.INIT;
              }
              case IoApic.MODE_EXTINT -> {
                cpu.extIntPending = true;
                yield Delivery.EXTINT;
              }
              case 2 -> Delivery.SMI;
              default -> Delivery.RESERVED;
            };
        machine.emit(cpu, EventKind.IOAPIC_SET_IRQ, entry, (long) m.pin() << 16 | d.ordinal());
        if (d == Delivery.ILLEGAL) {
          machine.bus.errorInterrupt(cpu);
        }
      }
    }
  }

  /** Can the core take an external interrupt now (IF aside): an ExtINT message, or LINT0? */
  boolean extIntRequested(Cpu cpu) {
    return cpu.extIntPending || (cpu.apic.lint0ExtInt() && machine.pic.output());
  }

  /**
   * The core takes the external interrupt: the INTA cycle asks the 8259s for the vector. Returns
   * the vector | IRQ << 8 | route << 16 for the trace.
   */
  int acknowledgeExtInt(Cpu cpu) {
    int route = cpu.extIntPending ? 1 : 0;
    cpu.extIntPending = false;
    int vector = machine.pic.acknowledge();
    int irq = machine.pic.irqOf(vector);
    picChanged();
    return vector | (irq & 0xFF) << 8 | route << 16;
  }

  static boolean isPicPort(int port) {
    return PicPair.isPort(port);
  }
}
