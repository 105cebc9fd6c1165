package org.apicflow.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.apic.IoApic;
import org.junit.jupiter.api.Test;

/**
 * The IO-APIC through its index/data window and its pins, in the style of kvm-unit-tests
 * x86/ioapic.c: program a redirection entry, drive the line, let the CPU run its handler, count.
 * Pin 14 is the test line, CPU 0 (APIC ID 0) the destination.
 */
class IoApicTest {

  static final int PIN = 14;

  static Bench bench() {
    return new Bench(
        Bench.program(
            """
            format: apicflow/1
            id: ioapic-bench
            machine:
              cpus: 2
              sources:
                - { name: dev, ioapic-pin: 14, trigger: level, enabled: false }
            kernels:
              first:
                vars: { n: 0 }
                handlers: { 0x80: isr_80, 0x82: isr_lower, 0x90: isr_lower, 0x9a: isr_9a,
                            0x83: isr_83, 0x84: isr_no_eoi }
                start: { cpu0: idle, cpu1: idle }
                functions:
                  idle:
                    ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ]
                  isr_80:
                    ops: [ { op: eoi } ]
                  isr_lower:
                    ops: [ { op: irq-line, source: dev, level: 0 }, { op: eoi } ]
                  isr_9a:
                    ops:
                      - { op: add, var: n, value: 1 }
                      - { op: if, var: n, is: 2, then: [ { op: irq-line, source: dev, level: 0 } ] }
                      - { op: eoi }
                  isr_83:
                    ops:
                      - { op: ioapic-write, index: 0x2c, value: 0x18083 }
                      - { op: eoi }
                  isr_no_eoi:
                    ops: [ { op: iret } ]
            """));
  }

  static void redir(Bench b, int pin, int low) {
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, IoApic.REG_REDTBL + 2 * pin + 1);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, 0); // destination APIC ID 0
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, IoApic.REG_REDTBL + 2 * pin);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, low);
  }

  static int readReg(Bench b, int index) {
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, index);
    return b.m.ioapicMmioRead(0, IoApic.IOWIN);
  }

  static void setMask(Bench b, int pin, boolean masked) {
    int low = readReg(b, IoApic.REG_REDTBL + 2 * pin);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, masked ? low | IoApic.MASKED : low & ~IoApic.MASKED);
  }

  static void line(Bench b, boolean high) {
    b.m.setIoApicPin(PIN, high);
  }

  // ---------------------------------------------------------------- registers

  @Test
  void versionRegisterIsReadOnlyAndNamesTwentyFourEntries() {
    Bench b = bench().settle();
    int v = readReg(b, IoApic.REG_VERSION);
    assertThat(v).isEqualTo(0x0017_0011);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, ~v);
    assertThat(readReg(b, IoApic.REG_VERSION)).isEqualTo(v);
  }

  @Test
  void idRegisterKeepsBits27To24AndArbitrationIdFollowsIt() {
    Bench b = bench().settle();
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, IoApic.REG_ID);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, 0xFFFF_FFFF);
    assertThat(readReg(b, IoApic.REG_ID)).isEqualTo(0x0F00_0000);
    int arb = readReg(b, IoApic.REG_ARBITRATION);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, 0);
    assertThat(readReg(b, IoApic.REG_ARBITRATION)).isEqualTo(arb).isEqualTo(0x0F00_0000);
  }

  @Test
  void entriesStartMaskedAndRemoteIrrAndDeliveryStatusAreReadOnly() {
    Bench b = bench().settle();
    for (int pin = 0; pin < IoApic.PINS; pin++) {
      assertThat(readReg(b, IoApic.REG_REDTBL + 2 * pin)).isEqualTo(IoApic.MASKED);
    }
    redir(b, PIN, 0xFFFF_FFFF);
    assertThat(readReg(b, IoApic.REG_REDTBL + 2 * PIN)).isEqualTo(0x0001_AFFF);
  }

  // ---------------------------------------------------------------- edge and level

  @Test
  void edgeInterrupt() {
    Bench b = bench().settle();
    redir(b, PIN, 0x80);
    line(b, true);
    line(b, false);
    b.settle();
    assertThat(b.entries(0, 0x80)).isEqualTo(1);
    assertThat(b.tmr(0).get(0x80)).isFalse();
    assertThat(b.count(0, EventKind.EOI_BROADCAST)).isZero();
  }

  @Test
  void levelInterruptSetsTmrAndItsEoiIsBroadcastAndClearsRemoteIrr() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x90);
    line(b, true);
    assertThat(b.m.ioapic().remoteIrr(PIN)).isTrue();
    b.settle();
    assertThat(b.entries(0, 0x90)).isEqualTo(1);
    assertThat(b.tmr(0).get(0x90)).isTrue();
    assertThat(b.m.ioapic().remoteIrr(PIN)).isFalse();
    assertThat(b.events)
        .filteredOn(e -> e.kind() == EventKind.EOI_BROADCAST)
        .singleElement()
        .satisfies(e -> assertThat(e.a()).isEqualTo(0x90))
        .satisfies(e -> assertThat(e.b()).isEqualTo(1L << PIN));
  }

  @Test
  void levelSequential() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x90);
    line(b, true);
    b.settle();
    line(b, true);
    b.settle();
    assertThat(b.entries(0, 0x90)).isEqualTo(2);
  }

  @Test
  void levelCoalesce() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x90);
    line(b, true);
    line(b, true);
    b.settle();
    assertThat(b.entries(0, 0x90)).isEqualTo(1);
  }

  @Test
  void levelRetriggersAfterEoiWhileTheLineStaysHigh() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x9a);
    line(b, true);
    b.settle();
    assertThat(b.entries(0, 0x9a)).isEqualTo(2);
  }

  @Test
  void remoteIrrWithoutEoiBlocksThePin() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x84);
    line(b, true);
    b.settle();
    line(b, false);
    line(b, true);
    b.settle();
    assertThat(b.entries(0, 0x84)).isEqualTo(1);
    assertThat(b.m.ioapic().remoteIrr(PIN)).isTrue();
    assertThat(b.isr(0).get(0x84)).isTrue();
    // A forgotten EOI: ISR 0x84 stays set and raises PPR; the pin sends nothing more.
    assertThat(b.apic(0).ppr()).isEqualTo(0x80);
  }

  @Test
  void edgeWhileMaskedIsLost() {
    Bench b = bench().settle();
    redir(b, PIN, 0x80);
    setMask(b, PIN, true);
    line(b, true);
    line(b, false);
    b.settle();
    assertThat(b.entries(0, 0x80)).isZero();
    setMask(b, PIN, false);
    b.settle();
    assertThat(b.entries(0, 0x80)).isZero();
    line(b, true);
    b.settle();
    assertThat(b.entries(0, 0x80)).isEqualTo(1);
  }

  @Test
  void levelWhileMaskedIsDeliveredOnUnmask() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x82);
    setMask(b, PIN, true);
    line(b, true);
    b.settle();
    assertThat(b.entries(0, 0x82)).isZero();
    setMask(b, PIN, false);
    b.settle();
    assertThat(b.entries(0, 0x82)).isEqualTo(1);
  }

  @Test
  void levelRetriggerWithMaskInTheHandler() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x83);
    line(b, true);
    b.settle();
    assertThat(b.entries(0, 0x83)).isEqualTo(1);
    // The handler masked the entry and EOI'd: remote IRR is clear although the pin is masked.
    assertThat(b.m.ioapic().remoteIrr(PIN)).isFalse();
    setMask(b, PIN, false);
    b.settle();
    assertThat(b.entries(0, 0x83)).isEqualTo(2);
  }

  @Test
  void switchingToEdgeClearsRemoteIrr() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x84);
    line(b, true);
    b.settle();
    assertThat(b.m.ioapic().remoteIrr(PIN)).isTrue();
    redir(b, PIN, 0x84);
    assertThat(b.m.ioapic().remoteIrr(PIN)).isFalse();
  }

  @Test
  void eoiOfAnEdgeVectorIsNotBroadcast() {
    Bench b = bench().settle();
    redir(b, PIN, IoApic.LEVEL | 0x84);
    line(b, true);
    b.settle();
    // A fixed edge IPI of a higher class, taken and EOI'd: its TMR bit is clear, no broadcast.
    b.send(1, 0, 0x4000 | 0x90);
    b.settle();
    assertThat(b.entries(0, 0x90)).isEqualTo(1);
    assertThat(b.eois(0)).containsExactly(0x90);
    assertThat(b.count(0, EventKind.EOI_BROADCAST)).isZero();
    assertThat(b.m.ioapic().remoteIrr(PIN)).isTrue();
  }

  @Test
  void logicalAndLowestPriorityEntriesReachTheRightCpu() {
    Bench b = bench().settle();
    // Logical flat destination 0x02 = CPU 1 (LDR 1 << (24 + ID)).
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, IoApic.REG_REDTBL + 2 * PIN + 1);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, 0x02 << 24);
    b.m.ioapicMmioWrite(0, IoApic.IOREGSEL, IoApic.REG_REDTBL + 2 * PIN);
    b.m.ioapicMmioWrite(0, IoApic.IOWIN, IoApic.LOGICAL | 0x80);
    line(b, true);
    b.settle();
    assertThat(b.entries(1, 0x80)).isEqualTo(1);
    assertThat(b.entries(0, 0x80)).isZero();
  }
}
