package org.apicflow.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The 8259A rules of its datasheet, through the ports: ICW1-4, OCW1-3, edge and level sensing,
 * fully nested priority, EOIs, the cascade on IRQ 2 and the spurious IRQ 7.
 */
class PicPairTest {

  /** The PC initialization Linux's init_8259A does: ICW1 0x11, bases 0x20/0x28, cascade, 8086. */
  static PicPair pc() {
    PicPair p = new PicPair();
    p.write(0x20, 0x11);
    p.write(0x21, 0x20);
    p.write(0x21, 0x04);
    p.write(0x21, 0x01);
    p.write(0xA0, 0x11);
    p.write(0xA1, 0x28);
    p.write(0xA1, 0x02);
    p.write(0xA1, 0x01);
    p.write(0x21, 0x00);
    p.write(0xA1, 0x00);
    return p;
  }

  static int readIrr(PicPair p, int cmdPort) {
    p.write(cmdPort, 0x0A);
    return p.read(cmdPort);
  }

  static int readIsr(PicPair p, int cmdPort) {
    p.write(cmdPort, 0x0B);
    return p.read(cmdPort);
  }

  @Test
  void initializationSetsTheVectorBaseAndOcw1TheMask() {
    PicPair p = pc();
    assertThat(p.master().base()).isEqualTo(0x20);
    assertThat(p.slave().base()).isEqualTo(0x28);
    assertThat(p.master().initState()).isZero();
    p.write(0x21, 0xFB);
    assertThat(p.read(0x21)).isEqualTo(0xFB);
    // ICW2's low three bits are not part of the base (8086 mode).
    p.write(0x20, 0x11);
    p.write(0x21, 0x37);
    p.write(0x21, 0x04);
    p.write(0x21, 0x01);
    assertThat(p.master().base()).isEqualTo(0x30);
    // ICW1 cleared the mask.
    assertThat(p.read(0x21)).isZero();
  }

  @Test
  void icw1ClearsIsrAndResetsTheEdgeSense() {
    PicPair p = pc();
    p.setIrq(1, true);
    p.acknowledge();
    assertThat(readIsr(p, 0x20)).isEqualTo(0x02);
    p.write(0x20, 0x11);
    p.write(0x21, 0x20);
    p.write(0x21, 0x04);
    p.write(0x21, 0x01);
    assertThat(readIsr(p, 0x20)).isZero();
    // The line is still high; after ICW1 it counts as a new rising edge when driven again.
    p.setIrq(1, true);
    assertThat(readIrr(p, 0x20)).isEqualTo(0x02);
  }

  @Test
  void ocw3SelectsIrrOrIsrForCommandPortReads() {
    PicPair p = pc();
    p.setIrq(3, true);
    assertThat(readIrr(p, 0x20)).isEqualTo(0x08);
    assertThat(readIsr(p, 0x20)).isZero();
    p.acknowledge();
    // The selection stays until the next OCW3 with RR set.
    assertThat(p.read(0x20)).isEqualTo(0x08);
    p.write(0x20, 0x0A);
    assertThat(p.read(0x20)).isZero();
  }

  @Test
  void anEdgeLineRequestsOnceForEachRisingEdge() {
    PicPair p = pc();
    p.setIrq(1, true);
    assertThat(p.acknowledge()).isEqualTo(0x21);
    p.write(0x20, 0x20);
    p.setIrq(1, true); // still high: no new edge
    assertThat(p.output()).isFalse();
    p.setIrq(1, false);
    p.setIrq(1, true);
    assertThat(p.output()).isTrue();
  }

  @Test
  void aLevelLineFollowsTheLineInIrr() {
    PicPair p = pc();
    p.write(0x4D1, 0x02); // ELCR: IRQ 9 level-sensitive
    p.setIrq(9, true);
    assertThat(readIrr(p, 0xA0)).isEqualTo(0x02);
    assertThat(p.acknowledge()).isEqualTo(0x29);
    // Still high: the request stays in IRR after INTA.
    assertThat(readIrr(p, 0xA0)).isEqualTo(0x02);
    p.setIrq(9, false);
    assertThat(readIrr(p, 0xA0)).isZero();
  }

  @Test
  void ltimMakesEveryLineLevelSensitive() {
    PicPair p = new PicPair();
    p.write(0x20, 0x19); // ICW1 with LTIM
    p.write(0x21, 0x20);
    p.write(0x21, 0x04);
    p.write(0x21, 0x01);
    assertThat(p.master().levelSensitive(5)).isTrue();
    p.setIrq(5, true);
    p.setIrq(5, false);
    assertThat(readIrr(p, 0x20)).isZero();
  }

  @Test
  void theMaskKeepsARequestFromTheOutputButNotFromIrr() {
    PicPair p = pc();
    p.write(0x21, 0x02);
    p.setIrq(1, true);
    assertThat(readIrr(p, 0x20)).isEqualTo(0x02);
    assertThat(p.output()).isFalse();
    p.write(0x21, 0x00);
    assertThat(p.output()).isTrue();
    assertThat(p.acknowledge()).isEqualTo(0x21);
  }

  @Test
  void fullyNestedPriorityIrq0HighestAndInServiceBlocksEqualOrLower() {
    PicPair p = pc();
    p.setIrq(4, true);
    p.setIrq(3, true);
    assertThat(p.acknowledge()).isEqualTo(0x23);
    // IRQ 4 waits behind IRQ 3 in service; IRQ 0 preempts.
    assertThat(p.output()).isFalse();
    p.setIrq(0, true);
    assertThat(p.output()).isTrue();
    assertThat(p.acknowledge()).isEqualTo(0x20);
    assertThat(readIsr(p, 0x20)).isEqualTo(0x09);
    // Non-specific EOI clears the highest-priority ISR bit: IRQ 0.
    p.write(0x20, 0x20);
    assertThat(readIsr(p, 0x20)).isEqualTo(0x08);
    assertThat(p.output()).isFalse();
    // Specific EOI names IRQ 3.
    p.write(0x20, 0x63);
    assertThat(readIsr(p, 0x20)).isZero();
    assertThat(p.acknowledge()).isEqualTo(0x24);
  }

  @Test
  void theCascadeGoesThroughIrq2AndNeedsAnEoiOnBothChips() {
    PicPair p = pc();
    p.setIrq(9, true);
    assertThat(readIrr(p, 0x20)).isEqualTo(0x04);
    assertThat(p.output()).isTrue();
    assertThat(p.acknowledge()).isEqualTo(0x29);
    assertThat(readIsr(p, 0x20)).isEqualTo(0x04);
    assertThat(readIsr(p, 0xA0)).isEqualTo(0x02);
    // With IRQ 2 in service on the master, a second slave request waits (no special fully nested).
    p.setIrq(10, true);
    assertThat(p.output()).isFalse();
    p.write(0xA0, 0x20);
    assertThat(p.output()).isFalse();
    p.write(0x20, 0x20);
    assertThat(p.output()).isTrue();
    assertThat(p.acknowledge()).isEqualTo(0x2A);
  }

  @Test
  void anAcknowledgeWithNothingPendingIsTheSpuriousIrq7() {
    PicPair p = pc();
    assertThat(p.acknowledge()).isEqualTo(0x27);
    assertThat(readIsr(p, 0x20)).isZero();
  }

  @Test
  void autoEoiLeavesNothingInService() {
    PicPair p = new PicPair();
    p.write(0x20, 0x11);
    p.write(0x21, 0x20);
    p.write(0x21, 0x04);
    p.write(0x21, 0x03); // ICW4: 8086, auto-EOI
    p.setIrq(1, true);
    assertThat(p.acknowledge()).isEqualTo(0x21);
    assertThat(readIsr(p, 0x20)).isZero();
  }

  @Test
  void rotateOnNonSpecificEoiMakesTheServedLineLowest() {
    PicPair p = pc();
    p.setIrq(1, true);
    p.acknowledge();
    p.write(0x20, 0xA0); // rotate on non-specific EOI
    p.setIrq(0, true);
    p.setIrq(1, false);
    p.setIrq(1, true);
    p.setIrq(2 + 1, true);
    // IRQ 1 is now the lowest priority: IRQ 3 comes before IRQ 0 and IRQ 1.
    assertThat(p.acknowledge()).isEqualTo(0x23);
  }

  @Test
  void unknownPortsReadAsAnEmptyBus() {
    PicPair p = pc();
    assertThat(p.write(0x80, 1)).isFalse();
    assertThat(p.read(0x80)).isEqualTo(0xFF);
  }
}
