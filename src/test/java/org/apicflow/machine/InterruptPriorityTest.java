package org.apicflow.machine;

import static org.apicflow.apic.ApicRegister.EOI;
import static org.apicflow.apic.ApicRegister.IRR0;
import static org.apicflow.apic.ApicRegister.ISR0;
import static org.apicflow.apic.ApicRegister.PPR;
import static org.apicflow.apic.ApicRegister.TPR;
import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.Shorthand;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * Arbitration inside one local APIC and its core (SDM "Interrupt, Task, and Processor Priority",
 * "Interrupt Acceptance for Fixed Interrupts", "Signaling Interrupt Servicing Completion"): TPR,
 * PPR, priority classes, IF, coalescing in IRR, nesting and EOI.
 */
class InterruptPriorityTest {

  static int fixed(int vector) {
    return IcrCommand.encodeLow(vector, DeliveryMode.FIXED, false, true, false, Shorthand.NONE);
  }

  /** A scenario of one CPU whose main function is {@code mainOps}, plus extra functions. */
  static String oneCpu(String handlers, String mainOps, String functions) {
    return """
        format: apicflow/1
        id: prio
        machine: { cpus: 1, timing: { ipi-latency: 50ns } }
        kernels:
          first:
            vars: { r0: 0, r1: 0, r2: 0, r3: 0 }
            handlers: { %s }
            start: { cpu0: main }
            functions:
              main:
                ops:
        %s
        %s
        """
        .formatted(handlers, indent(mainOps, 10), indent(functions, 6));
  }

  static String indent(String text, int n) {
    return text.strip().indent(n).stripTrailing();
  }

  static Bench bench(String yaml) {
    Bench b = new Bench(Bench.program(yaml));
    b.m.run();
    return b;
  }

  @Test
  void tprHoldsBackLowerAndEqualClasses() {
    Bench b = Bench.idle(2).settle();
    b.write(1, TPR, 0x50);
    b.send(0, 1, fixed(0x45));
    b.send(0, 1, fixed(0x50));
    b.send(0, 1, fixed(0x5F));
    b.settle();
    assertThat(b.irr(1).toArray()).containsExactly(0x45, 0x50, 0x5F);
    assertThat(b.taken(1)).isEmpty();
    assertThat(b.read(1, PPR)).isEqualTo(0x50);

    b.send(0, 1, fixed(0x60));
    b.settle();
    assertThat(b.taken(1)).containsExactly(0x60);
    assertThat(b.irr(1).toArray()).containsExactly(0x45, 0x50, 0x5F);
  }

  @Test
  void loweringTprReleasesHeldInterruptsHighestFirst() {
    Bench b = Bench.idle(2).settle();
    b.write(1, TPR, 0x50);
    b.send(0, 1, fixed(0x45));
    b.send(0, 1, fixed(0x5F));
    b.send(0, 1, fixed(0x50));
    b.settle();
    assertThat(b.taken(1)).isEmpty();
    b.write(1, TPR, 0x00);
    b.settle();
    assertThat(b.taken(1)).containsExactly(0x5F, 0x50, 0x45);
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.isr(1).isEmpty()).isTrue();
  }

  @Test
  void higherVectorIsTakenFirst() {
    Bench b =
        bench(
            oneCpu(
                "",
                """
                - { op: cli }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: send-ipi, vector: 0x81, shorthand: self }
                - { op: send-ipi, vector: 0x80, shorthand: self }
                - { op: send-ipi, vector: 0x6F, shorthand: self }
                - { op: delay, time: 1us }
                - { op: sti }
                - { op: nop }
                """,
                ""));
    assertThat(b.taken(0)).containsExactly(0x81, 0x80, 0x6F, 0x40);
  }

  @Test
  void twoSendsOfOneVectorWhileInterruptsAreOffRunTheHandlerOnce() {
    Trace t =
        Bench.simulate(
            oneCpu(
                "0x40: h40",
                """
                - { op: cli }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: delay, time: 1us }
                - { op: mark, name: pending }
                - { op: sti }
                - { op: nop }
                """,
                """
                h40:
                  ops: [ { op: add, var: r0, value: 1 }, { op: eoi }, { op: iret } ]
                """));
    Machine pending = Bench.atMark(t, "pending");
    assertThat(pending.cpu(0).apic().irr().toArray()).containsExactly(0x40);
    Machine end = t.finalState();
    assertThat(end.handlerCalls(0x40)).isEqualTo(1);
    assertThat(end.var(0, end.program().kernel(0).varIndex("r0"))).isEqualTo(1);
    Bench b = new Bench(t.program());
    b.m.run();
    assertThat(b.deliveries(0))
        .containsExactly(EventKind.Delivery.IRR_SET, EventKind.Delivery.COLLAPSED);
  }

  @Test
  void oneWaitsInIrrWhileTheSameVectorIsInService() {
    // Per vector at most one in IRR and one in ISR: a third send collapses.
    Bench b =
        bench(
            oneCpu(
                "0x40: h40",
                """
                - { op: sti }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: delay, time: 3us }
                """,
                """
                h40:
                  ops:
                    - { op: if, var: r0, is: 0, then: [
                        { op: set, var: r0, value: 1 },
                        { op: send-ipi, vector: 0x40, shorthand: self },
                        { op: send-ipi, vector: 0x40, shorthand: self },
                        { op: delay, time: 1us },
                        { op: apic-read, reg: IRR2, into: r1 },
                        { op: apic-read, reg: ISR2, into: r2 } ] }
                    - { op: eoi }
                    - { op: iret }
                """));
    assertThat(b.taken(0)).containsExactly(0x40, 0x40);
    assertThat(b.deliveries(0))
        .containsExactly(
            EventKind.Delivery.IRR_SET, EventKind.Delivery.IRR_SET, EventKind.Delivery.COLLAPSED);
    assertThat(b.m.var(0, 1)).isEqualTo(1); // IRR2 bit 0 = vector 0x40
    assertThat(b.m.var(0, 2)).isEqualTo(1); // ISR2 bit 0 = vector 0x40
  }

  static final String NESTING_HANDLERS =
      """
      low:
        ops:
          - { op: sti }
          - { op: send-ipi, vector: 0x80, shorthand: self }
          - { op: send-ipi, vector: 0x41, shorthand: self }
          - { op: delay, time: 1us }
          - { op: eoi }
          - { op: iret }
      high:
        ops:
          - { op: apic-read, reg: ISR2, into: r0 }
          - { op: apic-read, reg: ISR4, into: r1 }
          - { op: apic-read, reg: PPR, into: r2 }
          - { op: eoi }
          - { op: iret }
      """;

  @Test
  void higherClassPreemptsAHandlerThatRanSti() {
    Bench b =
        bench(
            oneCpu(
                "0x40: low, 0x80: high",
                """
                - { op: sti }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: delay, time: 5us }
                """,
                NESTING_HANDLERS));
    // 0x80 runs inside 0x40's handler; 0x41 (same class as 0x40) waits for 0x40's EOI.
    assertThat(b.taken(0)).containsExactly(0x40, 0x80, 0x41);
    assertThat(b.m.var(0, 0)).as("ISR2 while nested").isEqualTo(1);
    assertThat(b.m.var(0, 1)).as("ISR4 while nested").isEqualTo(1);
    assertThat(b.m.var(0, 2)).as("PPR while nested").isEqualTo(0x80);
    long exitOf40 =
        b.events.stream()
            .filter(e -> e.kind() == EventKind.IRQ_EXIT && e.a() == 0x40)
            .findFirst()
            .orElseThrow()
            .time();
    long entryOf80 =
        b.events.stream()
            .filter(e -> e.kind() == EventKind.IRQ_ENTRY && e.a() == 0x80)
            .findFirst()
            .orElseThrow()
            .time();
    assertThat(entryOf80).isLessThan(exitOf40);
  }

  @Test
  void aHandlerRunningWithInterruptsOffIsNotPreempted() {
    Bench b =
        bench(
            oneCpu(
                "0x40: low, 0x80: high",
                """
                - { op: sti }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: delay, time: 5us }
                """,
                NESTING_HANDLERS.replace("- { op: sti }", "- { op: nop }")));
    assertThat(b.taken(0)).containsExactly(0x40, 0x80, 0x41);
    // 0x80 waited for the IRET: only 0x80 itself was in service when it ran.
    assertThat(b.m.var(0, 0)).as("ISR2 in 0x80's handler").isZero();
    assertThat(b.m.var(0, 2)).as("PPR in 0x80's handler").isEqualTo(0x80);
  }

  @Test
  void eoiClearsTheHighestInServiceVectorFirst() {
    Bench b =
        bench(
            oneCpu(
                "0x40: low, 0x80: high",
                """
                - { op: sti }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: delay, time: 5us }
                - { op: apic-read, reg: ISR2, into: r3 }
                """,
                """
                low:
                  ops:
                    - { op: sti }
                    - { op: send-ipi, vector: 0x80, shorthand: self }
                    - { op: delay, time: 1us }
                    - { op: eoi }
                    - { op: apic-read, reg: ISR2, into: r0 }
                    - { op: apic-read, reg: ISR4, into: r1 }
                    - { op: eoi }
                    - { op: iret }
                high:
                  ops: [ { op: iret } ]
                """));
    // 0x80's handler forgot its EOI: the first EOI in 0x40's handler clears 0x80, not 0x40.
    assertThat(b.eois(0)).containsExactly(0x80, 0x40);
    assertThat(b.m.var(0, 0)).as("ISR2 after the first EOI").isEqualTo(1);
    assertThat(b.m.var(0, 1)).as("ISR4 after the first EOI").isZero();
    assertThat(b.m.var(0, 3)).as("ISR2 at the end").isZero();
  }

  @Test
  void staleIsrBitBlocksItsOwnClassAndLowerButNotHigher() {
    Trace t =
        Bench.simulate(
            oneCpu(
                "0x31: crash",
                """
                - { op: sti }
                - { op: send-ipi, vector: 0x31, shorthand: self }
                - { op: delay, time: 1us }
                - { op: send-ipi, vector: 0x31, shorthand: self }
                - { op: send-ipi, vector: 0x25, shorthand: self }
                - { op: send-ipi, vector: 0x3F, shorthand: self }
                - { op: send-ipi, vector: 0x41, shorthand: self }
                - { op: delay, time: 2us }
                - { op: mark, name: stuck }
                - { op: eoi }
                - { op: delay, time: 2us }
                """,
                """
                crash:
                  ops:
                    - { op: if, var: r0, is: 0, then: [ { op: set, var: r0, value: 1 }, { op: iret } ] }
                    - { op: eoi }
                    - { op: iret }
                """));
    Machine stuck = Bench.atMark(t, "stuck");
    var apic = stuck.cpu(0).apic();
    assertThat(apic.isr().toArray()).containsExactly(0x31);
    assertThat(apic.irr().toArray()).containsExactly(0x25, 0x31, 0x3F);
    assertThat(apic.read(PPR)).isEqualTo(0x30);
    assertThat(stuck.handlerCalls(0x41)).isEqualTo(1);
    // The EOI that the 2006 fix issues clears the stale bit; the held vectors then run.
    Bench b = new Bench(t.program());
    b.m.run();
    assertThat(b.taken(0)).containsExactly(0x31, 0x41, 0x3F, 0x31, 0x25);
  }

  @Test
  void eoiWithEmptyIsrDoesNothing() {
    Bench b = Bench.idle(2).settle();
    b.write(1, TPR, 0xF0);
    b.send(0, 1, fixed(0x40));
    b.settle();
    Machine before = b.m.copy();
    b.write(1, EOI, 0);
    assertThat(b.eois(1)).containsExactly(-1);
    assertThat(b.m.sameState(before)).isTrue();
    assertThat(b.read(1, IRR0 + 0x20)).isEqualTo(1); // IRR2 bit 0: 0x40 still pending
    assertThat(b.read(1, ISR0 + 0x20)).isZero();
  }

  @Test
  void eoiDrainsIsrButNeverIrr() {
    // DOMAIN.md 2, "Clear pending": IRR bits go only through the core accepting them.
    Trace t =
        Bench.simulate(
            oneCpu(
                "",
                """
                - { op: cli }
                - { op: send-ipi, vector: 0xFB, shorthand: self }
                - { op: delay, time: 1us }
                - { op: eoi }
                - { op: eoi }
                - { op: eoi }
                - { op: mark, name: drained }
                """,
                ""));
    Machine m = Bench.atMark(t, "drained");
    assertThat(m.cpu(0).apic().irr().toArray()).containsExactly(0xFB);
    assertThat(m.handlerCalls(0xFB)).isZero();
  }

  @Test
  void interruptsWaitInIrrWhileIfIsZero() {
    Bench b =
        bench(
            oneCpu(
                "",
                """
                - { op: cli }
                - { op: send-ipi, vector: 0xFB, shorthand: self }
                - { op: delay, time: 1us }
                """,
                ""));
    assertThat(b.irr(0).toArray()).containsExactly(0xFB);
    assertThat(b.taken(0)).isEmpty();
    assertThat(b.read(0, PPR)).isZero();
  }
}
