package org.apicflow.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.IoApic;
import org.junit.jupiter.api.Test;

/**
 * Virtual wire mode: the 8259's INTR reaches the core as ExtINT, through LVT LINT0 or IO-APIC pin
 * 0; the vector comes from the 8259's acknowledge cycle, the local APIC's IRR, ISR and PPR are
 * untouched, and the handler's EOI goes to the 8259.
 */
class ExtIntTest {

  static Bench bench() {
    return new Bench(
        Bench.program(
            """
            format: apicflow/1
            id: extint-bench
            machine: { cpus: 2 }
            kernels:
              first:
                handlers: { 0x21: kbd }
                start: { cpu0: idle, cpu1: idle }
                functions:
                  idle:
                    ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ]
                  kbd:
                    ops:
                      - { op: record, value: 0x21 }
                      - { op: outb, port: 0x20, value: 0x20 }
            """));
  }

  static void initPics(Bench b) {
    int[][] seq = {
      {0x20, 0x11}, {0x21, 0x20}, {0x21, 0x04}, {0x21, 0x01},
      {0xA0, 0x11}, {0xA1, 0x28}, {0xA1, 0x02}, {0xA1, 0x01},
      {0x21, 0x00}, {0xA1, 0x00}
    };
    for (int[] w : seq) {
      b.m.portWrite(0, w[0], w[1]);
    }
  }

  @Test
  void throughLint0TheVectorComesFromThePicAndTheLocalApicIsUntouched() {
    Bench b = bench().settle();
    initPics(b);
    b.write(0, ApicRegister.LVT_LINT0, 0x700); // ExtINT, unmasked
    b.m.setPicIrq(1, true);
    b.settle();
    assertThat(b.m.records()).containsExactly(0x21L);
    assertThat(b.count(0, EventKind.EXTINT_ENTRY)).isEqualTo(1);
    assertThat(b.count(0, EventKind.IRQ_ENTRY)).isZero();
    assertThat(b.count(1, EventKind.EXTINT_ENTRY)).isZero(); // its LINT0 is masked
    assertThat(b.irr(0).isEmpty()).isTrue();
    assertThat(b.isr(0).isEmpty()).isTrue();
    assertThat(b.eois(0)).isEmpty();
    // The handler's OCW2 EOI emptied the 8259's ISR.
    assertThat(b.m.pic().master().isr()).isZero();
  }

  @Test
  void throughIoApicPin0AnExtIntEntrySendsOnTheRisingEdgeOfIntr() {
    Bench b = bench().settle();
    initPics(b);
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, IoApic.REG_REDTBL + 1);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, 1 << 24); // CPU 1
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, IoApic.REG_REDTBL);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, 0x700);
    b.m.setPicIrq(1, true);
    b.settle();
    assertThat(b.count(1, EventKind.EXTINT_ENTRY)).isEqualTo(1);
    assertThat(b.count(0, EventKind.EXTINT_ENTRY)).isZero();
    assertThat(b.count(1, EventKind.IOAPIC_SET_IRQ)).isEqualTo(1);
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.isr(1).isEmpty()).isTrue();
    // A second edge on IRQ 1 after the EOI sends again.
    b.m.setPicIrq(1, false);
    b.m.setPicIrq(1, true);
    b.settle();
    assertThat(b.m.records()).containsExactly(0x21L, 0x21L);
  }

  @Test
  void withoutTheEoiAtThePicTheSameIrqIsNotRequestedAgain() {
    Bench b =
        new Bench(
            Bench.program(
                """
                format: apicflow/1
                id: extint-no-eoi
                machine: { cpus: 1 }
                kernels:
                  first:
                    handlers: { 0x21: kbd }
                    start: { cpu0: idle }
                    functions:
                      idle:
                        ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ]
                      kbd:
                        ops: [ { op: record, value: 1 } ]
                """));
    b.settle();
    initPics(b);
    b.write(0, ApicRegister.LVT_LINT0, 0x700);
    b.m.setPicIrq(1, true);
    b.settle();
    b.m.setPicIrq(1, false);
    b.m.setPicIrq(1, true);
    b.settle();
    assertThat(b.m.records()).containsExactly(1L);
    assertThat(b.m.pic().master().isr()).isEqualTo(0x02);
    assertThat(b.m.pic().master().irr()).isEqualTo(0x02);
  }

  @Test
  void aSoftwareDisabledLocalApicMasksLint0() {
    Bench b = bench().settle();
    initPics(b);
    b.write(0, ApicRegister.LVT_LINT0, 0x700);
    b.write(0, ApicRegister.SVR, 0xFF);
    b.m.setPicIrq(1, true);
    b.settle();
    assertThat(b.count(0, EventKind.EXTINT_ENTRY)).isZero();
  }
}
