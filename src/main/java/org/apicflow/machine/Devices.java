package org.apicflow.machine;

import org.apicflow.apic.LocalApic;
import org.apicflow.machine.EventKind.Delivery;

/** Interrupt sources outside the CPUs: device sources and each local APIC's timer (LVT Timer). */
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
}
