package org.apicflow.machine;

import static org.apicflow.apic.ApicRegister.DFR;
import static org.apicflow.apic.ApicRegister.ESR;
import static org.apicflow.apic.ApicRegister.ESR_RECEIVE_ILLEGAL_VECTOR;
import static org.apicflow.apic.ApicRegister.ESR_SEND_ILLEGAL_VECTOR;
import static org.apicflow.apic.ApicRegister.IRR0;
import static org.apicflow.apic.ApicRegister.LDR;
import static org.apicflow.apic.ApicRegister.TMR0;
import static org.apicflow.apic.ApicRegister.TPR;
import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.Shorthand;
import org.junit.jupiter.api.Test;

/**
 * Destination matching and delivery on the APIC bus (SDM "Determining IPI Destination", "Logical
 * Destination Mode"; DOMAIN.md 1), driven through ICR writes like kvm-unit-tests x86/apic.c.
 */
class IpiDeliveryTest {

  static int icr(int vector, DeliveryMode mode, boolean logical, Shorthand shorthand) {
    return IcrCommand.encodeLow(vector, mode, logical, true, false, shorthand);
  }

  static int fixedPhysical(int vector) {
    return icr(vector, DeliveryMode.FIXED, false, Shorthand.NONE);
  }

  static int fixedLogical(int vector) {
    return icr(vector, DeliveryMode.FIXED, true, Shorthand.NONE);
  }

  /** Which CPUs ran the handler for {@code vector}; fails when one ran it twice. */
  static boolean[] reached(Bench b, int vector) {
    boolean[] out = new boolean[b.m.cpuCount()];
    for (int c = 0; c < out.length; c++) {
      long n = b.entries(c, vector);
      assertThat(n).as("handler runs of 0x%02X on CPU %d", vector, c).isLessThanOrEqualTo(1);
      out[c] = n == 1;
    }
    return out;
  }

  /** Every CPU got exactly one message in all. */
  static void oneDeliveryEach(Bench b) {
    for (int c = 0; c < b.m.cpuCount(); c++) {
      assertThat(b.deliveries(c)).as("deliveries at CPU %d", c).hasSize(1);
    }
  }

  @Test
  void selfIpiIsDeliveredOnceToTheSenderOnly() {
    Bench b = Bench.idle(3).settle();
    b.send(1, 0, icr(0x40, DeliveryMode.FIXED, false, Shorthand.SELF));
    b.settle();
    assertThat(reached(b, 0x40)).containsExactly(false, true, false);
    assertThat(b.m.handlerCalls(0x40)).isEqualTo(1);
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.isr(1).isEmpty()).isTrue();
  }

  @Test
  void selfIpiIgnoresTheDestinationField() {
    Bench b = Bench.idle(2).settle();
    b.send(0, 1, icr(0x41, DeliveryMode.FIXED, false, Shorthand.SELF));
    b.settle();
    assertThat(reached(b, 0x41)).containsExactly(true, false);
  }

  @Test
  void shorthandAllReachesEveryCpuExactlyOnce() {
    Bench b = Bench.idle(4).settle();
    b.send(2, 0, icr(0x50, DeliveryMode.FIXED, false, Shorthand.ALL));
    b.settle();
    oneDeliveryEach(b);
    assertThat(reached(b, 0x50)).containsExactly(true, true, true, true);
  }

  @Test
  void physicalDestinationFfIsABroadcastReachingEveryCpuExactlyOnce() {
    Bench b = Bench.idle(4).settle();
    b.send(0, 0xFF, fixedPhysical(0x51));
    b.settle();
    oneDeliveryEach(b);
    assertThat(reached(b, 0x51)).containsExactly(true, true, true, true);
  }

  @Test
  void logicalDestinationFfIsABroadcastReachingEveryCpuExactlyOnce() {
    // CPU 9 and 10 have APIC IDs above 7, so their flat LDR is 0: only the broadcast rule
    // (MDA 0xFF) reaches them.
    Bench b = Bench.idle(10).settle();
    assertThat(b.read(9, LDR)).isZero();
    b.send(0, 0xFF, fixedLogical(0x52));
    b.settle();
    boolean[] all = new boolean[10];
    java.util.Arrays.fill(all, true);
    assertThat(reached(b, 0x52)).containsExactly(all);
  }

  @Test
  void logicalDestinationFfIsABroadcastInClusterModeToo() {
    Bench b = Bench.idle(3).settle();
    for (int c = 0; c < 3; c++) {
      b.write(c, DFR, 0x0FFF_FFFF);
      b.write(c, LDR, (0x10 * (c + 1) | 1) << 24);
    }
    b.send(0, 0xFF, fixedLogical(0x53));
    b.settle();
    oneDeliveryEach(b);
    assertThat(reached(b, 0x53)).containsExactly(true, true, true);
  }

  @Test
  void flatLogicalMatchesWhenMdaAndLdrShareABit() {
    Bench b = Bench.idle(4).settle();
    int[] ldr = {0x01, 0x02, 0x04, 0x18};
    for (int c = 0; c < 4; c++) {
      b.write(c, LDR, ldr[c] << 24);
    }
    b.send(0, 0x05, fixedLogical(0x60));
    b.send(0, 0x08, fixedLogical(0x61));
    b.send(0, 0x60, fixedLogical(0x62));
    b.settle();
    assertThat(reached(b, 0x60)).containsExactly(true, false, true, false);
    assertThat(reached(b, 0x61)).containsExactly(false, false, false, true);
    assertThat(reached(b, 0x62)).containsExactly(false, false, false, false);
  }

  @Test
  void bootLdrIsOneBitPerCpuInFlatMode() {
    // format apicflow/1 "Initial state": LDR = 1 << (24 + APIC ID), DFR all ones.
    Bench b = Bench.idle(3).settle();
    assertThat(b.read(2, LDR)).isEqualTo(0x0400_0000);
    assertThat(b.read(2, DFR)).isEqualTo(0xFFFF_FFFF);
    b.send(0, 0x06, fixedLogical(0x63));
    b.settle();
    assertThat(reached(b, 0x63)).containsExactly(false, true, true);
  }

  @Test
  void clusterLogicalMatchesEqualHighNibbleAndSharedLowBit() {
    Bench b = Bench.idle(4).settle();
    int[] ldr = {0x11, 0x12, 0x21, 0x23};
    for (int c = 0; c < 4; c++) {
      b.write(c, DFR, 0x0FFF_FFFF);
      b.write(c, LDR, ldr[c] << 24);
    }
    assertThat(b.apic(0).isFlat()).isFalse();
    b.send(0, 0x13, fixedLogical(0x70)); // cluster 1, members 1 and 2
    b.send(0, 0x21, fixedLogical(0x71)); // cluster 2, member bit 0
    b.send(0, 0x14, fixedLogical(0x72)); // cluster 1, a bit nobody has
    b.send(0, 0x31, fixedLogical(0x73)); // a cluster nobody is in
    b.send(0, 0x02, fixedLogical(0x74)); // cluster 0: not the flat rule
    b.settle();
    assertThat(reached(b, 0x70)).containsExactly(true, true, false, false);
    assertThat(reached(b, 0x71)).containsExactly(false, false, true, true);
    assertThat(reached(b, 0x72)).containsExactly(false, false, false, false);
    assertThat(reached(b, 0x73)).containsExactly(false, false, false, false);
    assertThat(reached(b, 0x74)).containsExactly(false, false, false, false);
  }

  @Test
  void physicalDestinationMatchesTheApicIdOnly() {
    Bench b =
        new Bench(
            Bench.program(
                """
                format: apicflow/1
                id: phys
                machine: { cpus: 4, apic-ids: [0, 4, 2, 7] }
                kernels:
                  first:
                    start: { cpu0: idle, cpu1: idle, cpu2: idle, cpu3: idle }
                    functions:
                      idle: { ops: [ { op: sti }, { op: hlt }, { op: call, fn: idle } ] }
                """));
    b.settle();
    b.send(0, 4, fixedPhysical(0x80));
    b.send(0, 7, fixedPhysical(0x81));
    b.send(0, 1, fixedPhysical(0x82)); // no APIC has ID 1
    b.settle();
    assertThat(reached(b, 0x80)).containsExactly(false, true, false, false);
    assertThat(reached(b, 0x81)).containsExactly(false, false, false, true);
    assertThat(reached(b, 0x82)).containsExactly(false, false, false, false);
  }

  @Test
  void x2apicPhysicalBroadcastIsAllOnesAndFfIsAnOrdinaryId() {
    Bench b = Bench.idle(3, "apic: x2apic").settle();
    b.send(0, 0xFFFF_FFFF, fixedPhysical(0x54));
    b.send(0, 0xFF, fixedPhysical(0x55));
    b.send(0, 2, fixedPhysical(0x56));
    b.settle();
    assertThat(reached(b, 0x54)).containsExactly(true, true, true);
    assertThat(reached(b, 0x55)).containsExactly(false, false, false);
    assertThat(reached(b, 0x56)).containsExactly(false, false, true);
  }

  @Test
  void broadcastReachesAll64CpusOfAnXapicMachineOnce() {
    Bench b = Bench.idle(64).settle();
    b.send(63, 0xFF, fixedPhysical(0x57));
    b.settle();
    oneDeliveryEach(b);
    for (int c = 0; c < 64; c++) {
      assertThat(b.entries(c, 0x57)).as("CPU %d", c).isEqualTo(1);
    }
  }

  @Test
  void broadcastReachesAll255CpusOfAnX2apicMachineOnce() {
    Bench b = Bench.idle(255, "apic: x2apic").settle();
    b.send(7, 0xFFFF_FFFF, icr(0x58, DeliveryMode.FIXED, true, Shorthand.NONE));
    b.settle();
    oneDeliveryEach(b);
    for (int c = 0; c < 255; c++) {
      assertThat(b.entries(c, 0x58)).as("CPU %d", c).isEqualTo(1);
    }
  }

  @Test
  void othersShorthandExcludesTheSender() {
    Bench b = Bench.idle(4).settle();
    b.send(1, 0, icr(0x90, DeliveryMode.FIXED, false, Shorthand.OTHERS));
    b.settle();
    assertThat(reached(b, 0x90)).containsExactly(true, false, true, true);
  }

  @Test
  void lowestPriorityPicksOneTargetTheLowestPriority() {
    Bench b = Bench.idle(4).settle();
    int[] tpr = {0x30, 0x10, 0x20, 0x10};
    for (int c = 0; c < 4; c++) {
      b.write(c, TPR, tpr[c]);
    }
    b.send(0, 0xFF, icr(0xA0, DeliveryMode.LOWEST, true, Shorthand.NONE));
    b.settle();
    // CPUs 1 and 3 tie at the lowest priority; exactly one of them gets it (ties: lowest ID).
    assertThat(reached(b, 0xA0)).containsExactly(false, true, false, false);
  }

  @Test
  void lowestPriorityToAnAllShorthandStillPicksOneTarget() {
    Bench b = Bench.idle(3).settle();
    b.write(0, TPR, 0x20);
    b.write(1, TPR, 0x20);
    b.write(2, TPR, 0x00);
    b.send(0, 0, icr(0xA1, DeliveryMode.LOWEST, false, Shorthand.ALL));
    b.settle();
    assertThat(reached(b, 0xA1)).containsExactly(false, false, true);
  }

  @Test
  void levelTriggeredFixedInterruptSetsTmrWithTheSetQuirk() {
    // Quirk level-ipi-tmr=set (QEMU, KVM): the trigger mode of a fixed IPI goes into TMR.
    Bench b = Bench.idle(2, "quirks: { level-ipi-tmr: set }").settle();
    b.write(1, TPR, 0xF0); // hold everything in IRR so TMR can be read beside it
    b.send(0, 1, IcrCommand.encodeLow(0xB1, DeliveryMode.FIXED, false, true, true, Shorthand.NONE));
    b.send(
        0, 1, IcrCommand.encodeLow(0xB2, DeliveryMode.FIXED, false, true, false, Shorthand.NONE));
    b.settle();
    assertThat(b.irr(1).toArray()).containsExactly(0xB1, 0xB2);
    assertThat(b.tmr(1).get(0xB1)).isTrue();
    assertThat(b.tmr(1).get(0xB2)).isFalse();
    assertThat(b.read(1, TMR0 + 0x10 * (0xB1 >> 5))).isEqualTo(1 << (0xB1 & 31));
  }

  @Test
  void levelTriggeredFixedIpiLeavesTmrClearByDefaultAsOnThePentium4() {
    // Quirk level-ipi-tmr=ignore (the default; SDM: the P4 and Xeon ignore an IPI's trigger mode).
    Bench b = Bench.idle(2).settle();
    assertThat(b.m.config().quirks().get(org.apicflow.apic.Quirk.LEVEL_IPI_TMR))
        .isEqualTo("ignore");
    b.write(1, TPR, 0xF0);
    b.send(0, 1, IcrCommand.encodeLow(0xB1, DeliveryMode.FIXED, false, true, true, Shorthand.NONE));
    b.settle();
    assertThat(b.irr(1).toArray()).containsExactly(0xB1);
    assertThat(b.read(1, TMR0 + 0x10 * (0xB1 >> 5))).isZero();
  }

  @Test
  void fixedVectorsBelowSixteenAreIllegal() {
    Bench b = Bench.idle(2).settle();
    b.send(0, 1, fixedPhysical(0x0F));
    b.settle();
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.read(1, IRR0)).isZero();
    assertThat(b.deliveries(1)).containsExactly(EventKind.Delivery.ILLEGAL);
    assertThat(b.count(1, EventKind.IRQ_ENTRY)).isZero();
    b.write(0, ESR, 0);
    b.write(1, ESR, 0);
    assertThat(b.read(0, ESR) & ESR_SEND_ILLEGAL_VECTOR).isNotZero();
    assertThat(b.read(1, ESR) & ESR_RECEIVE_ILLEGAL_VECTOR).isNotZero();
  }

  @Test
  void everyVectorBelowSixteenIsRefusedAndSixteenIsAccepted() {
    Bench b = Bench.idle(2).settle();
    b.write(1, TPR, 0xF0);
    for (int v = 0; v <= 16; v++) {
      b.send(0, 1, fixedPhysical(v));
    }
    b.settle();
    assertThat(b.irr(1).toArray()).containsExactly(16);
  }

  @Test
  void nmiIgnoresTheVectorAndNeverTouchesIrr() {
    Bench b = Bench.idle(2).settle();
    b.send(0, 1, icr(0x05, DeliveryMode.NMI, false, Shorthand.NONE));
    b.settle();
    assertThat(b.count(1, EventKind.NMI_ENTRY)).isEqualTo(1);
    assertThat(b.irr(1).isEmpty()).isTrue();
    assertThat(b.isr(1).isEmpty()).isTrue();
    b.write(0, ESR, 0);
    assertThat(b.read(0, ESR)).isZero();
  }
}
