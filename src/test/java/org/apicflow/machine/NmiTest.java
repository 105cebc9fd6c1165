package org.apicflow.machine;

import static org.apicflow.apic.ApicRegister.ICR;
import static org.apicflow.apic.ApicRegister.ICR2;
import static org.apicflow.machine.EventKind.Delivery.IRR_SET;
import static org.apicflow.machine.EventKind.Delivery.NMI_ACCEPTED_LATE;
import static org.apicflow.machine.EventKind.Delivery.NMI_COLLAPSED;
import static org.apicflow.machine.EventKind.Delivery.NMI_LATCHED;
import static org.apicflow.machine.EventKind.Delivery.NMI_PENDING;
import static org.apicflow.machine.EventKind.Delivery.NMI_WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.Shorthand;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * NMI blocking and the one-deep NMI latch (SDM "NMI Handling"; kvm-unit-tests x86/apic.c
 * test_pending_nmi), and the ICR delivery status bit with and without the icr-busy-until-accepted
 * model (DOMAIN.md 1, "Delivery status").
 */
class NmiTest {

  static final int NMI =
      IcrCommand.encodeLow(0, DeliveryMode.NMI, false, true, false, Shorthand.NONE);

  static int fixed(int vector) {
    return IcrCommand.encodeLow(vector, DeliveryMode.FIXED, false, true, false, Shorthand.NONE);
  }

  /**
   * kvm-unit-tests test_pending_nmi: the NMI handler, on its first run, sends ten NMIs to its own
   * CPU. KVM delivers an ICR write at once; a 1 ns bus latency makes every one arrive while the
   * handler still runs, as there.
   */
  static String tenNmis(boolean busy) {
    return """
        format: apicflow/1
        id: pending-nmi
        machine:
          cpus: 1
          quirks: { icr-busy-until-accepted: %s }
          timing: { ipi-latency: 1ns }
        kernels:
          first:
            vars: { runs: 0 }
            handlers: { nmi: on_nmi }
            start: { cpu0: main }
            functions:
              main:
                ops:
                  - { op: send-ipi, mode: nmi, dest: 0 }
                  - { op: delay, time: 20us }
              on_nmi:
                ops:
                  - { op: add, var: runs, value: 1 }
                  - { op: if, var: runs, is: 1, then: [ %s ] }
                  - { op: iret }
        """
        .formatted(
            busy,
            String.join(", ", Collections.nCopies(10, "{ op: send-ipi, mode: nmi, dest: 0 }")));
  }

  @Test
  void tenNmisSentFromInsideTheNmiHandlerGiveTwoHandlerRunsInAll() {
    Bench b = new Bench(Bench.program(tenNmis(false)));
    b.m.run();
    assertThat(b.m.handlerCalls(Kernel.NMI_SLOT)).isEqualTo(2);
    assertThat(b.count(0, EventKind.NMI_ENTRY)).isEqualTo(2);
    // The first one from inside the handler is latched; the other nine collapse into it.
    assertThat(b.deliveries(0))
        .containsExactly(
            NMI_PENDING,
            NMI_LATCHED,
            NMI_COLLAPSED,
            NMI_COLLAPSED,
            NMI_COLLAPSED,
            NMI_COLLAPSED,
            NMI_COLLAPSED,
            NMI_COLLAPSED,
            NMI_COLLAPSED,
            NMI_COLLAPSED,
            NMI_COLLAPSED);
    assertThat(b.m.cpu(0).nmiLatched()).isFalse();
    assertThat(b.m.cpu(0).nmiBlocked()).isFalse();
  }

  @Test
  void tenNmisFromInsideTheHandlerWithTheBusyModelGiveThreeRuns() {
    // With icr-busy-until-accepted, the first message from the handler is latched; the next nine
    // find the latch full and wait at the target; each ICR rewrite abandons the one waiting before
    // it (MP spec B-3), so eight are abandoned. The tenth enters the latch when the second run
    // frees it: three runs in all.
    Bench b = new Bench(Bench.program(tenNmis(true)));
    b.m.run();
    assertThat(b.m.handlerCalls(Kernel.NMI_SLOT)).isEqualTo(3);
    assertThat(b.deliveries(0))
        .containsExactly(
            NMI_PENDING,
            NMI_LATCHED,
            NMI_WAITING,
            NMI_WAITING,
            NMI_WAITING,
            NMI_WAITING,
            NMI_WAITING,
            NMI_WAITING,
            NMI_WAITING,
            NMI_WAITING,
            NMI_WAITING,
            NMI_ACCEPTED_LATE);
    assertThat(b.count(0, EventKind.IPI_ABANDON)).isEqualTo(8);
    assertThat(b.m.liveMessages()).isEmpty();
    assertThat(b.icrBusy(0)).isFalse();
  }

  /** CPU 1's NMI handler never returns (the crash NMI callback of DOMAIN.md 3). */
  static Bench stuckTarget(String apic, boolean busy) {
    return new Bench(
        Bench.program(
            """
            format: apicflow/1
            id: stuck
            machine:
              cpus: 3
              apic: %s
              quirks: { icr-busy-until-accepted: %s }
            kernels:
              first:
                handlers: { nmi: stuck }
                start: { cpu0: idle, cpu1: idle, cpu2: idle }
                functions:
                  idle: { ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ] }
                  stuck: { ops: [ { op: halt-forever } ] }
            """
                .formatted(apic, busy)));
  }

  static void send(Bench b, int dest, int low) {
    b.send(0, dest, low);
  }

  @Test
  void deliveryStatusIsBusyUntilTheTargetAcceptsTheMessage() {
    Bench b = stuckTarget("xapic", true).settle();
    send(b, 1, fixed(0x40));
    assertThat(b.icrBusy(0)).as("in transit").isTrue();
    b.settle();
    assertThat(b.icrBusy(0)).as("accepted").isFalse();
  }

  @Test
  void deliveryStatusStaysBusyWhileTheNmiTargetIsStuckWithAnNmiLatched() {
    Bench b = stuckTarget("xapic", true).settle();
    send(b, 1, NMI); // taken: CPU 1 enters its handler and never leaves
    b.settle();
    assertThat(b.icrBusy(0)).isFalse();
    send(b, 1, NMI); // latched behind the running handler: accepted
    b.settle();
    assertThat(b.icrBusy(0)).isFalse();
    assertThat(b.m.cpu(1).nmiLatched()).isTrue();
    send(b, 1, NMI); // the latch is full: the message waits, the sender's ICR stays busy
    b.settle();
    assertThat(b.deliveries(1)).containsExactly(NMI_PENDING, NMI_LATCHED, NMI_WAITING);
    assertThat(b.icrBusy(0)).isTrue();
    assertThat(b.m.cpu(1).waitingNmiMessages()).hasSize(1);
    // Nothing that happens later frees it: still busy at the end of time.
    b.m.run();
    assertThat(b.m.end()).isIn(Machine.End.QUIET, Machine.End.HORIZON);
    assertThat(b.icrBusy(0)).isTrue();
  }

  @Test
  void rewritingIcrLowAbandonsTheWaitingMessage() {
    Bench b = stuckTarget("xapic", true).settle();
    send(b, 1, NMI);
    send(b, 1, NMI);
    b.settle();
    send(b, 1, NMI);
    b.settle();
    assertThat(b.icrBusy(0)).isTrue();
    send(b, 2, fixed(0x50)); // a new command: the waiting NMI is abandoned
    assertThat(b.count(1, EventKind.IPI_ABANDON)).isEqualTo(1);
    assertThat(b.m.cpu(1).waitingNmiMessages()).isEmpty();
    b.settle();
    assertThat(b.icrBusy(0)).isFalse();
    assertThat(b.entries(2, 0x50)).isEqualTo(1);
    assertThat(b.m.liveMessages()).isEmpty();
  }

  @Test
  void rewritingIcrLowWithAnotherNmiToTheStuckCpuStaysBusy() {
    Bench b = stuckTarget("xapic", true).settle();
    send(b, 1, NMI);
    send(b, 1, NMI);
    b.settle();
    send(b, 1, NMI);
    b.settle();
    send(b, 1, NMI); // the retry of MP spec B-3: the old one is abandoned, the new one waits
    b.settle();
    assertThat(b.count(1, EventKind.IPI_ABANDON)).isEqualTo(1);
    assertThat(b.m.cpu(1).waitingNmiMessages()).hasSize(1);
    assertThat(b.icrBusy(0)).isTrue();
  }

  @Test
  void backToBackSendsAreAllDelivered() {
    // Messages still in transit are not abandoned by a rewrite of ICR low.
    Bench b = stuckTarget("xapic", true).settle();
    b.write(1, org.apicflow.apic.ApicRegister.TPR, 0xF0);
    send(b, 1, fixed(0x41));
    send(b, 1, fixed(0x42));
    send(b, 1, fixed(0x43));
    b.settle();
    assertThat(b.irr(1).toArray()).containsExactly(0x41, 0x42, 0x43);
    assertThat(b.deliveries(1)).containsExactly(IRR_SET, IRR_SET, IRR_SET);
    assertThat(b.count(1, EventKind.IPI_ABANDON)).isZero();
  }

  @Test
  void initFreesTheLatchSoAWaitingNmiIsAccepted() {
    // INIT clears the NMI latch (SDM "Local APIC State After an INIT Reset"): the message
    // waiting behind it is accepted, so the sender's ICR goes idle. The CPU now waits for a
    // start-up IPI, a state that blocks NMIs: the core keeps nothing.
    Bench b = stuckTarget("xapic", true).settle();
    send(b, 1, NMI);
    send(b, 1, NMI);
    b.settle();
    send(b, 1, NMI);
    b.settle();
    assertThat(b.icrBusy(0)).isTrue();
    b.write(2, ICR2, 1 << 24);
    b.write(2, ICR, IcrCommand.encodeLow(0, DeliveryMode.INIT, false, true, false, Shorthand.NONE));
    b.settle();
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.WAIT_SIPI);
    assertThat(b.m.cpu(1).waitingNmiMessages()).isEmpty();
    assertThat(b.m.cpu(1).nmiLatched()).isFalse();
    assertThat(b.deliveries(1)).endsWith(EventKind.Delivery.NMI_BLOCKED);
    assertThat(b.icrBusy(0)).isFalse();
    assertThat(b.m.liveMessages()).isEmpty();
  }

  @Test
  void initOfTheSenderClearsIcrAndAbandonsItsWaitingMessage() {
    // DOMAIN.md 1: INIT clears ICR, delivery status included.
    Bench b = stuckTarget("xapic", true).settle();
    send(b, 1, NMI);
    send(b, 1, NMI);
    b.settle();
    send(b, 1, NMI);
    b.settle();
    assertThat(b.icrBusy(0)).isTrue();
    b.write(2, ICR2, 0);
    b.write(2, ICR, IcrCommand.encodeLow(0, DeliveryMode.INIT, false, true, false, Shorthand.NONE));
    b.settle();
    assertThat(b.m.cpu(0).state()).isEqualTo(Cpu.RunState.WAIT_SIPI);
    assertThat(b.read(0, ICR)).isZero();
    assertThat(b.count(1, EventKind.IPI_ABANDON)).isEqualTo(1);
    assertThat(b.m.cpu(1).waitingNmiMessages()).isEmpty();
    assertThat(b.m.liveMessages()).isEmpty();
  }

  @Test
  void deliveryStatusAlwaysReadsIdleInX2apicMode() {
    Bench b = stuckTarget("x2apic", true).settle();
    assertThat(b.m.busyModel()).isFalse();
    for (int i = 0; i < 3; i++) {
      send(b, 1, NMI);
      assertThat(b.icrBusy(0)).isFalse();
      b.settle();
      assertThat(b.icrBusy(0)).isFalse();
    }
    assertThat(b.deliveries(1)).containsExactly(NMI_PENDING, NMI_LATCHED, NMI_COLLAPSED);
  }

  @Test
  void deliveryStatusAlwaysReadsIdleWithTheBusyQuirkOff() {
    Bench b = stuckTarget("xapic", false).settle();
    for (int i = 0; i < 3; i++) {
      send(b, 1, NMI);
      assertThat(b.icrBusy(0)).isFalse();
      b.settle();
      assertThat(b.icrBusy(0)).isFalse();
    }
    // KVM, QEMU: an NMI that finds the latch full collapses into it.
    assertThat(b.deliveries(1)).containsExactly(NMI_PENDING, NMI_LATCHED, NMI_COLLAPSED);
    assertThat(b.m.cpu(1).waitingNmiMessages()).isEmpty();
  }

  @Test
  void nmiIsBlockedUntilIretAndAtMostOneIsLatched() {
    Bench b = stuckTarget("xapic", false).settle();
    for (int i = 0; i < 4; i++) {
      send(b, 1, NMI);
      b.settle();
    }
    assertThat(b.m.cpu(1).nmiBlocked()).isTrue();
    assertThat(b.m.cpu(1).nmiLatched()).isTrue();
    assertThat(b.count(1, EventKind.NMI_ENTRY)).isEqualTo(1);
  }

  @Test
  void nmisArrivingTogetherBeforeTheCoreTakesOneCollapse() {
    Bench b = stuckTarget("xapic", false).settle();
    send(b, 1, NMI);
    send(b, 1, NMI);
    b.settle();
    assertThat(b.deliveries(1)).containsExactly(NMI_PENDING, NMI_COLLAPSED);
    assertThat(b.count(1, EventKind.NMI_ENTRY)).isEqualTo(1);
    assertThat(b.m.cpu(1).nmiLatched()).isFalse();
  }

  @Test
  void theIretOfAHandlerNestedInTheNmiHandlerEndsNmiBlocking() {
    // SDM "NMI Handling": NMIs are blocked until the next IRET, whichever handler it ends (the
    // nested-NMI problem of Linux x86). Here the NMI handler runs sti, takes 0x40, and that
    // handler's IRET unblocks NMIs: a second NMI nests inside the first NMI handler.
    Bench b =
        new Bench(
            Bench.program(
                """
                format: apicflow/1
                id: nested-nmi
                machine: { cpus: 1 }
                kernels:
                  first:
                    vars: { n: 0 }
                    handlers: { nmi: on_nmi }
                    start: { cpu0: main }
                    functions:
                      main:
                        ops:
                          - { op: send-ipi, mode: nmi, dest: 0 }
                          - { op: delay, time: 20us }
                      on_nmi:
                        ops:
                          - { op: add, var: n, value: 1 }
                          - { op: if, var: n, is: 1, then: [
                              { op: sti },
                              { op: send-ipi, vector: 0x40, shorthand: self },
                              { op: delay, time: 1us },
                              { op: cli },
                              { op: send-ipi, mode: nmi, dest: 0 },
                              { op: delay, time: 1us } ] }
                          - { op: iret }
                """));
    b.m.run();
    assertThat(b.count(0, EventKind.NMI_ENTRY)).isEqualTo(2);
    long secondNmi =
        b.events.stream()
            .filter(e -> e.kind() == EventKind.NMI_ENTRY)
            .skip(1)
            .findFirst()
            .orElseThrow()
            .time();
    long lastNmiExit =
        b.events.stream()
            .filter(e -> e.kind() == EventKind.IRQ_EXIT && e.a() == Kernel.NMI_SLOT)
            .reduce((x, y) -> y)
            .orElseThrow()
            .time();
    assertThat(b.deliveries(0)).contains(NMI_PENDING).doesNotContain(NMI_LATCHED);
    assertThat(secondNmi).isLessThan(lastNmiExit);
  }

  @Test
  void kexecFromTheNmiHandlerKeepsNmisBlockedUntilTheFirstIret() {
    // kexec is no IRET: a crash in NMI context leaves NMIs blocked in the capture kernel until
    // its first IRET, here the one of the first fixed interrupt it takes.
    Trace t =
        Bench.simulate(
            """
            format: apicflow/1
            id: kexec-in-nmi
            machine: { cpus: 1 }
            kernels:
              first:
                handlers: { nmi: crash }
                start: { cpu0: main }
                functions:
                  main:
                    ops:
                      - { op: send-ipi, mode: nmi, dest: 0 }
                      - { op: delay, time: 5us }
                  crash: { ops: [ { op: kexec, to: second } ] }
              second:
                handlers: { nmi: on_nmi }
                start: { cpu0: boot }
                functions:
                  boot:
                    ops:
                      - { op: send-ipi, mode: nmi, dest: 0 }
                      - { op: delay, time: 1us }
                      - { op: mark, name: blocked }
                      - { op: sti }
                      - { op: send-ipi, vector: 0x40, shorthand: self }
                      - { op: delay, time: 1us }
                      - { op: mark, name: done }
                  on_nmi: { ops: [ { op: iret } ] }
            """);
    Machine blocked = Bench.atMark(t, "blocked");
    assertThat(blocked.cpu(0).nmiBlocked()).isTrue();
    assertThat(blocked.cpu(0).nmiLatched()).isTrue();
    Machine done = Bench.atMark(t, "done");
    assertThat(done.cpu(0).nmiBlocked()).isFalse();
    assertThat(done.cpu(0).nmiLatched()).isFalse();
    assertThat(done.handlerCalls(Kernel.NMI_SLOT)).isEqualTo(2);
    assertThat(done.handlerCalls(0x40)).isEqualTo(1);
  }

  @Test
  void nmiWakesACpuHaltedWithInterruptsOff() {
    Bench b =
        new Bench(
            Bench.program(
                """
                format: apicflow/1
                id: nmi-wakes
                machine: { cpus: 2 }
                kernels:
                  first:
                    start: { cpu0: idle, cpu1: sleep }
                    functions:
                      idle: { ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ] }
                      sleep: { ops: [ { op: cli }, { op: hlt }, { op: mark, name: woke } ] }
                """));
    b.settle();
    send(b, 1, fixed(0x40));
    b.settle();
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.HALTED);
    send(b, 1, NMI);
    b.settle();
    assertThat(b.count(1, EventKind.NMI_ENTRY)).isEqualTo(1);
    assertThat(b.count(1, EventKind.MARK)).isEqualTo(2); // unexpected NMI, then woke
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.FINISHED);
  }
}
