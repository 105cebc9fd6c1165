package org.apicflow.machine;

import static org.apicflow.apic.ApicRegister.DFR;
import static org.apicflow.apic.ApicRegister.ICR;
import static org.apicflow.apic.ApicRegister.ICR2;
import static org.apicflow.apic.ApicRegister.ID;
import static org.apicflow.apic.ApicRegister.LDR;
import static org.apicflow.apic.ApicRegister.LVTS;
import static org.apicflow.apic.ApicRegister.LVT_MASKED;
import static org.apicflow.apic.ApicRegister.SVR;
import static org.apicflow.apic.ApicRegister.TPR;
import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.LocalApic;
import org.apicflow.apic.Shorthand;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * INIT resets a local APIC to its power-up state (SDM "Local APIC State After an INIT Reset"); a
 * kexec jump is not a reset and leaves IRR and ISR as they were (DOMAIN.md 1 and 2). INIT plus
 * start-up starts a waiting CPU (SDM "MP Initialization Protocol").
 */
class ResetAndKexecTest {

  static final int INIT =
      IcrCommand.encodeLow(0, DeliveryMode.INIT, false, true, false, Shorthand.NONE);
  static final int INIT_DEASSERT =
      IcrCommand.encodeLow(0, DeliveryMode.INIT, false, false, true, Shorthand.NONE);

  static int startup(int page) {
    return IcrCommand.encodeLow(page, DeliveryMode.STARTUP, false, true, false, Shorthand.NONE);
  }

  @Test
  void kexecKeepsIrrAndIsr() {
    Trace t =
        Bench.simulate(
            """
            format: apicflow/1
            id: kexec-keeps
            machine: { cpus: 1, quirks: { level-ipi-tmr: set } }
            kernels:
              first:
                handlers: { 0x31: timer_crash }
                start: { cpu0: main }
                functions:
                  main:
                    ops:
                      - { op: sti }
                      - { op: send-ipi, vector: 0x31, shorthand: self }
                      - { op: delay, time: 5us }
                  timer_crash:
                    ops:
                      - { op: send-ipi, vector: 0xfb, shorthand: self, trigger: level }
                      - { op: delay, time: 1us }
                      - { op: apic-write, reg: TPR, value: 0x20 }
                      - { op: kexec, to: second }
              second:
                start: { cpu0: boot }
                functions:
                  boot:
                    ops:
                      - { op: mark, name: booted }
            """);
    Machine m = Bench.atMark(t, "booted");
    LocalApic apic = m.cpu(0).apic();
    assertThat(m.cpu(0).kernel()).isEqualTo(1);
    assertThat(apic.irr().toArray()).containsExactly(0xFB);
    assertThat(apic.isr().toArray()).containsExactly(0x31);
    assertThat(apic.tmr().toArray()).containsExactly(0xFB);
    assertThat(apic.tpr()).isEqualTo(0x20);
    assertThat(apic.softwareEnabled()).isTrue();
    assertThat(m.cpu(0).interruptsEnabled()).isFalse();
    assertThat(m.cpu(0).handlerStack()).isEmpty();
  }

  /** CPU 1 leaves its APIC dirty: IRR, ISR, TMR, ICR, LVTs, TPR, LDR, DFR all changed. */
  static Bench dirtyVictim() {
    return new Bench(
        Bench.program(
            """
            format: apicflow/1
            id: init-resets
            machine: { cpus: 2, quirks: { level-ipi-tmr: set } }
            kernels:
              first:
                handlers: { 0x80: no_eoi }
                start: { cpu0: idle, cpu1: victim }
                ap-entry: ap
                functions:
                  idle: { ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ] }
                  victim:
                    ops:
                      - { op: apic-write, reg: LVT-TIMER, value: 0x31 }
                      - { op: apic-write, reg: LVT-LINT0, value: 0x700 }
                      - { op: apic-write, reg: LVT-ERROR, value: 0xFE }
                      - { op: apic-write, reg: DFR, value: 0x0FFFFFFF }
                      - { op: apic-write, reg: LDR, value: 0x21000000 }
                      - { op: apic-write, reg: TPR, value: 0x10 }
                      - { op: sti }
                      - { op: send-ipi, vector: 0x80, shorthand: self }
                      - { op: delay, time: 1us }
                      - { op: cli }
                      - { op: send-ipi, vector: 0x90, shorthand: self, trigger: level }
                      - { op: delay, time: 1us }
                      - { op: mark, name: dirty }
                      - { op: hlt }
                  no_eoi: { ops: [ { op: iret } ] }
                  ap: { ops: [ { op: mark, name: restarted } ] }
            """));
  }

  @Test
  void initClearsIrrIsrTmrAndIcrMasksLvtsAndSetsSvrToFf() {
    Bench b = dirtyVictim().settle();
    LocalApic a = b.apic(1);
    assertThat(a.irr().toArray()).containsExactly(0x90);
    assertThat(a.isr().toArray()).containsExactly(0x80);
    assertThat(a.tmr().toArray()).containsExactly(0x90);
    assertThat(a.icrLow()).isNotZero();
    int idBefore = b.read(1, ID);

    b.write(0, ICR2, 1 << 24);
    b.write(0, ICR, INIT);
    b.settle();

    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.WAIT_SIPI);
    assertThat(b.count(1, EventKind.INIT)).isEqualTo(1);
    assertThat(a.irr().isEmpty()).isTrue();
    assertThat(a.isr().isEmpty()).isTrue();
    assertThat(a.tmr().isEmpty()).isTrue();
    assertThat(b.read(1, ICR)).isZero();
    assertThat(b.read(1, ICR2)).isZero();
    for (int lvt : LVTS) {
      assertThat(b.read(1, lvt) & LVT_MASKED).as("LVT 0x%03X masked", lvt).isNotZero();
    }
    assertThat(b.read(1, SVR)).isEqualTo(0xFF);
    assertThat(b.read(1, TPR)).isZero();
    assertThat(b.read(1, LDR)).isZero();
    assertThat(b.read(1, DFR)).isEqualTo(0xFFFF_FFFF);
    assertThat(b.read(1, ID)).as("the APIC ID survives INIT").isEqualTo(idBefore);
    assertThat(b.m.cpu(1).interruptsEnabled()).isFalse();
    assertThat(b.m.cpu(1).handlerStack()).isEmpty();
  }

  @Test
  void initLevelDeassertChangesNothing() {
    Bench b = dirtyVictim().settle();
    b.write(0, ICR2, 1 << 24);
    b.write(0, ICR, INIT_DEASSERT);
    b.settle();
    assertThat(b.deliveries(1)).endsWith(EventKind.Delivery.INIT_DEASSERT);
    assertThat(b.count(1, EventKind.INIT)).isZero();
    assertThat(b.irr(1).toArray()).containsExactly(0x90);
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.HALTED);
  }

  @Test
  void initThenStartupStartsAWaitingCpuAtApEntry() {
    Bench b = dirtyVictim().settle();
    b.write(0, ICR2, 1 << 24);
    b.write(0, ICR, INIT);
    b.settle();
    b.write(0, ICR, startup(0x9A));
    b.settle();
    assertThat(b.deliveries(1)).endsWith(EventKind.Delivery.INIT, EventKind.Delivery.STARTUP);
    assertThat(b.events)
        .filteredOn(e -> e.cpu() == 1 && e.kind() == EventKind.SIPI)
        .singleElement()
        .extracting(Bench.Ev::a)
        .isEqualTo(0x9AL);
    assertThat(b.count(1, EventKind.MARK)).isEqualTo(2); // dirty, then restarted in ap-entry
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.FINISHED);
    // INIT and start-up go straight to the core: nothing in IRR or ISR.
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.isr(1).isEmpty()).isTrue();
  }

  @Test
  void initAndStartupStartACpuThatNeverRan() {
    Trace t =
        Bench.simulate(
            """
            format: apicflow/1
            id: boot-ap
            machine: { cpus: 2 }
            kernels:
              first:
                vars: { up: 0 }
                start: { cpu0: bsp }
                ap-entry: ap
                functions:
                  bsp:
                    ops:
                      - { op: send-ipi, mode: init, dest: 1 }
                      - { op: delay, time: 10us }
                      - { op: send-ipi, mode: startup, vector: 0x9a, dest: 1 }
                      - { op: wait-var, var: up, until: 1, max-polls: 1000, delay: 1us }
                      - { op: mark, name: online }
                  ap:
                    ops:
                      - { op: add, var: up, value: 1 }
            success: online
            """);
    assertThat(t.outcome().kind()).isEqualTo(Outcome.Kind.OK);
    assertThat(t.finalState().cpu(1).started()).isTrue();
  }

  @Test
  void startupToACpuNotWaitingForOneIsIgnored() {
    Bench b = Bench.idle(2).settle();
    b.write(0, ICR2, 1 << 24);
    b.write(0, ICR, startup(0x9A));
    b.settle();
    assertThat(b.deliveries(1)).containsExactly(EventKind.Delivery.STARTUP_IGNORED);
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.HALTED);
  }

  @Test
  void aCpuWaitingForStartupIgnoresFixedInterrupts() {
    Bench b = dirtyVictim().settle();
    b.write(0, ICR2, 1 << 24);
    b.write(0, ICR, INIT);
    b.settle();
    b.write(1, SVR, 0x1FF);
    b.write(
        0, ICR, IcrCommand.encodeLow(0x40, DeliveryMode.FIXED, false, true, false, Shorthand.NONE));
    b.settle();
    assertThat(b.irr(1).toArray()).containsExactly(0x40);
    assertThat(b.taken(1)).as("only the 0x80 taken before INIT").containsExactly(0x80);
  }
}
