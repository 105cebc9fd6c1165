package org.apicflow.machine;

import static org.apicflow.apic.ApicRegister.DFR;
import static org.apicflow.apic.ApicRegister.EOI;
import static org.apicflow.apic.ApicRegister.ESR;
import static org.apicflow.apic.ApicRegister.ESR_ILLEGAL_REGISTER;
import static org.apicflow.apic.ApicRegister.ESR_RECEIVE_ILLEGAL_VECTOR;
import static org.apicflow.apic.ApicRegister.ICR;
import static org.apicflow.apic.ApicRegister.ICR2;
import static org.apicflow.apic.ApicRegister.LVT_ERROR;
import static org.apicflow.apic.ApicRegister.SELF_IPI;
import static org.apicflow.apic.ApicRegister.SVR;
import static org.apicflow.apic.ApicRegister.TPR;
import static org.apicflow.apic.ApicRegister.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.Shorthand;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * SDM rules checked through the register interface, the way kvm-unit-tests x86/apic.c does: write a
 * register, read IRR, ISR, ESR back.
 */
class SdmRulesTest {

  static int icr(int vector, DeliveryMode m, boolean logical, Shorthand sh) {
    return IcrCommand.encodeLow(vector, m, logical, true, false, sh);
  }

  // ---------------------------------------------------------------- x2APIC

  @Test
  void x2apicSelfIpiRegisterSendsAFixedEdgeInterruptToItselfAndLeavesIcrAlone() {
    Bench b = Bench.idle(2, "apic: x2apic").settle();
    b.write(0, TPR, 0xF0); // hold it in IRR so it can be read
    int icrBefore = b.read(0, ICR);
    b.write(0, SELF_IPI, 0x1_0043); // bits above 7:0 are not the vector
    b.settle();
    assertThat(b.irr(0).toArray()).containsExactly(0x43);
    assertThat(b.tmr(0).get(0x43)).isFalse();
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.read(0, ICR)).isEqualTo(icrBefore);
    b.write(0, TPR, 0);
    b.settle();
    assertThat(b.taken(0)).containsExactly(0x43);
  }

  @Test
  void x2apicSelfIpiIsMsr83fInAScenario() {
    Trace t =
        Bench.simulate(
            """
            format: apicflow/1
            id: self
            machine: { cpus: 1, apic: x2apic }
            kernels:
              first:
                handlers: { 0x44: h }
                start: { cpu0: main }
                functions:
                  main:
                    ops:
                      - { op: sti }
                      - { op: apic-write, reg: 0x83f, value: 0x44 }
                      - { op: apic-write, reg: SELF-IPI, value: 0x44 }
                      - { op: delay, time: 2us }
                  h: { ops: [ { op: record, value: 1 }, { op: eoi }, { op: iret } ] }
            """);
    assertThat(t.outcome().kind()).isEqualTo(Outcome.Kind.OK);
    assertThat(t.finalState().records()).containsExactly(1L, 1L);
  }

  @Test
  void anXapicWriteToTheSelfIpiAddressIsAnIllegalRegisterAddress() {
    Bench b = Bench.idle(1).settle();
    b.write(0, SELF_IPI, 0x43);
    b.settle();
    assertThat(b.irr(0).isEmpty()).isTrue();
    b.write(0, ESR, 0);
    assertThat(b.read(0, ESR)).isEqualTo(ESR_ILLEGAL_REGISTER);
  }

  @Test
  void x2apicIcr2WriteRaisesGeneralProtection() {
    Bench b = Bench.idle(2, "apic: x2apic").settle();
    b.write(0, ICR2, 1);
    assertThat(b.m.end()).isEqualTo(Machine.End.OOPS);
    assertThat(b.m.oopsCpu()).isZero();
    assertThat(b.m.oopsMessage()).contains("general protection").contains("0x831");
  }

  @Test
  void x2apicDfrReadRaisesGeneralProtection() {
    Bench b = Bench.idle(2, "apic: x2apic").settle();
    b.read(1, DFR);
    assertThat(b.m.end()).isEqualTo(Machine.End.OOPS);
    assertThat(b.m.oopsCpu()).isEqualTo(1);
    assertThat(b.m.oopsMessage()).contains("RDMSR 0x80E");
  }

  @Test
  void x2apicNonZeroEoiRaisesGeneralProtectionAndZeroIsAnEoi() {
    Bench b = Bench.idle(1, "apic: x2apic").settle();
    b.write(0, EOI, 0);
    assertThat(b.m.end()).isEqualTo(Machine.End.NONE);
    b.write(0, EOI, 1);
    assertThat(b.m.end()).isEqualTo(Machine.End.OOPS);
    assertThat(b.m.oopsMessage()).contains("WRMSR 0x80B").contains("only 0");
  }

  @Test
  void x2apicWriteToAReadOnlyRegisterRaisesGeneralProtection() {
    Bench b = Bench.idle(1, "apic: x2apic").settle();
    b.write(0, VERSION, 0);
    assertThat(b.m.end()).isEqualTo(Machine.End.OOPS);
    assertThat(b.m.oopsMessage()).contains("read-only");
  }

  @Test
  void anX2apicFaultInAScenarioIsAnOopsAtThatOp() {
    Trace t =
        Bench.simulate(
            """
            format: apicflow/1
            id: gp
            machine: { cpus: 1, apic: x2apic }
            kernels:
              first:
                start: { cpu0: main }
                functions:
                  main:
                    ops:
                      - { op: apic-read, reg: DFR, into: dfr }
                      - { op: nop }
            """);
    assertThat(t.outcome().kind()).isEqualTo(Outcome.Kind.OOPS);
    assertThat(t.outcome().where()).isEqualTo("main: apic-read");
    assertThat(t.outcome().reason()).contains("general protection");
  }

  // ---------------------------------------------------------------- ESR and the LVT Error entry

  @Test
  void aWriteToAReadOnlyRegisterIsIgnoredWithoutAnError() {
    Bench b = Bench.idle(1).settle();
    b.write(0, VERSION, 0);
    b.write(0, ESR, 0);
    assertThat(b.read(0, ESR)).isZero();
    assertThat(b.read(0, VERSION) & 0xFF).isEqualTo(0x14);
  }

  @Test
  void anUnmaskedLvtErrorEntryRaisesItsVectorOnAnIllegalRegisterAddress() {
    Bench b = Bench.idle(1).settle();
    b.write(0, LVT_ERROR, 0xFE);
    b.write(0, 0x040, 1); // reserved
    b.settle();
    assertThat(b.taken(0)).containsExactly(0xFE);
    assertThat(b.count(0, EventKind.APIC_ERROR)).isEqualTo(1);
  }

  @Test
  void aMaskedLvtErrorEntryRaisesNothing() {
    Bench b = Bench.idle(1).settle();
    b.write(0, LVT_ERROR, 0x1_00FE);
    b.write(0, 0x040, 1);
    b.settle();
    assertThat(b.taken(0)).isEmpty();
    assertThat(b.count(0, EventKind.APIC_ERROR)).isEqualTo(1);
    b.write(0, ESR, 0);
    assertThat(b.read(0, ESR)).isEqualTo(ESR_ILLEGAL_REGISTER);
  }

  @Test
  void aReceivedIllegalVectorRaisesTheTargetsLvtError() {
    Bench b = Bench.idle(2).settle();
    b.write(1, LVT_ERROR, 0xFE);
    b.send(0, 1, icr(0x05, DeliveryMode.FIXED, false, Shorthand.NONE));
    b.settle();
    assertThat(b.taken(1)).containsExactly(0xFE);
    b.write(1, ESR, 0);
    assertThat(b.read(1, ESR) & ESR_RECEIVE_ILLEGAL_VECTOR).isNotZero();
  }

  // ---------------------------------------------------------------- lowest priority

  @Test
  void lowestPriorityGoesToTheLowestPpr() {
    Bench b = Bench.idle(3).settle();
    b.write(0, TPR, 0x40);
    b.write(1, TPR, 0x20);
    b.write(2, TPR, 0x30);
    b.send(0, 0x07, icr(0x91, DeliveryMode.LOWEST, true, Shorthand.NONE));
    b.settle();
    assertThat(b.taken(1)).containsExactly(0x91);
  }

  @Test
  void lowestPriorityTiesGoToTheLowestApicIdByDefaultAndTheHighestWithTheQuirk() {
    String ids = "apic-ids: [3, 1, 2]";
    Bench low = Bench.idle(3, ids).settle();
    low.send(0, 0xFF, icr(0x92, DeliveryMode.LOWEST, false, Shorthand.NONE));
    low.settle();
    assertThat(low.taken(1)).containsExactly(0x92); // APIC ID 1
    Bench high = Bench.idle(3, ids + "\n  quirks: { lowest-priority-tie: highest-id }").settle();
    high.send(0, 0xFF, icr(0x92, DeliveryMode.LOWEST, false, Shorthand.NONE));
    high.settle();
    assertThat(high.taken(0)).containsExactly(0x92); // APIC ID 3
  }

  @Test
  void lowestPrioritySkipsASoftwareDisabledApic() {
    Bench b = Bench.idle(3).settle();
    b.write(0, TPR, 0x40);
    b.write(2, TPR, 0x20);
    b.write(1, SVR, 0xFF); // CPU 1 has the lowest priority (0) but is software-disabled
    b.send(0, 0x07, icr(0x93, DeliveryMode.LOWEST, true, Shorthand.NONE));
    b.settle();
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.taken(2)).containsExactly(0x93);
  }

  @Test
  void lowestPrioritySkipsACpuWaitingForStartUp() {
    Bench b =
        new Bench(
            Bench.program(
                """
                format: apicflow/1
                id: lp
                machine: { cpus: 3 }
                kernels:
                  first:
                    start: { cpu0: idle, cpu2: idle }
                    ap-entry: idle
                    functions:
                      idle: { ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ] }
                """));
    b.settle();
    b.write(0, TPR, 0x40);
    b.write(2, TPR, 0x20);
    b.send(0, 0x07, icr(0x94, DeliveryMode.LOWEST, true, Shorthand.NONE));
    b.settle();
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.WAIT_SIPI);
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.taken(2)).containsExactly(0x94);
  }

  // ---------------------------------------------------------------- NMI and wait-for-SIPI

  @Test
  void anNmiToACpuWaitingForStartUpIsBlockedNotLatched() {
    Bench b =
        new Bench(
            Bench.program(
                """
                format: apicflow/1
                id: nmi-sipi
                machine: { cpus: 2 }
                kernels:
                  first:
                    handlers: { nmi: n }
                    start: { cpu0: idle }
                    ap-entry: ap
                    functions:
                      idle: { ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ] }
                      ap: { ops: [ { op: record, value: 7 }, { op: sti }, { op: hlt }, { op: call, fn: ap } ] }
                      n: { ops: [ { op: record, value: 99 }, { op: iret } ] }
                """));
    b.settle();
    b.send(0, 1, icr(0, DeliveryMode.NMI, false, Shorthand.NONE));
    b.settle();
    assertThat(b.deliveries(1)).containsExactly(EventKind.Delivery.NMI_BLOCKED);
    assertThat(b.m.cpu(1).nmiLatched()).isFalse();
    assertThat(b.icrBusy(0)).isFalse();
    b.send(0, 1, icr(0x10, DeliveryMode.STARTUP, false, Shorthand.NONE));
    b.settle();
    assertThat(b.m.records()).containsExactly(7L);
  }

  // ---------------------------------------------------------------- STI interrupt shadow

  static final String STI_HLT =
      """
      format: apicflow/1
      id: sti-hlt
      machine: { cpus: 1 }
      kernels:
        first:
          vars: { woken: 0 }
          handlers: { 0x40: h }
          start: { cpu0: main }
          functions:
            main:
              ops:
                - { op: cli }
                - { op: send-ipi, vector: 0x40, shorthand: self }
                - { op: delay, time: 2us }
                - { op: %s }
                - { op: hlt }
                - { op: mark, name: woke }
            h: { ops: [ { op: add, var: woken, value: 1 }, { op: eoi }, { op: iret } ] }
      success: woke
      """;

  @Test
  void stiHltWithAPendingInterruptWakesFromHltBecauseOfTheShadow() {
    // SDM Vol. 2 "STI": the interrupt is recognised only after the instruction following sti,
    // so hlt runs first and the interrupt ends it: the classic sti; hlt idiom works.
    Trace t = Bench.simulate(STI_HLT.formatted("sti"));
    assertThat(t.outcome().kind()).isEqualTo(Outcome.Kind.OK);
    int hlt = -1;
    int entry = -1;
    for (int i = 0; i < t.size(); i++) {
      if (t.kind(i) == EventKind.HLT && hlt < 0) {
        hlt = i;
      }
      if (t.kind(i) == EventKind.IRQ_ENTRY && entry < 0) {
        entry = i;
      }
    }
    assertThat(hlt).isPositive();
    assertThat(entry).isGreaterThan(hlt);
  }

  @Test
  void withoutTheShadowTheInterruptComesBeforeHltAndHltSleepsForEver() {
    // The race the shadow exists for: enabling interrupts one op earlier (sti; nop; hlt) lets the
    // interrupt in before hlt, and nothing wakes the hlt after it.
    String text = STI_HLT.formatted("sti }\n          - { op: nop");
    Trace t = Bench.simulate(text);
    assertThat(t.outcome().kind()).isEqualTo(Outcome.Kind.HANG);
  }

  @Test
  void stiWithInterruptsAlreadyOnHasNoShadow() {
    Bench b = Bench.idle(1).settle();
    assertThat(b.m.cpu(0).interruptsEnabled()).isTrue();
    assertThat(b.m.cpu(0).inStiShadow()).isFalse();
  }
}
