package org.apicflow.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 256-bit register shape of IRR, ISR and TMR (SDM "IRR, ISR and TMR"). */
class VectorSetTest {
  @Test
  void highestIsTheTopVector() {
    assertThat(VectorSet.of(0x31, 0xFB, 0x20).highest()).isEqualTo(0xFB);
    assertThat(new VectorSet().highest()).isEqualTo(-1);
  }

  @Test
  void wordsAreThirtyTwoVectorsEachLowestFirst() {
    VectorSet s = VectorSet.of(0x00, 0x21, 0xFF);
    assertThat(s.word(0)).isEqualTo(1);
    assertThat(s.word(1)).isEqualTo(1 << 1);
    assertThat(s.word(7)).isEqualTo(1 << 31);
  }

  @Test
  void classBitsAreTheSixteenVectorsOfOnePriorityClass() {
    VectorSet s = VectorSet.of(0xF0, 0xFB, 0x4F);
    assertThat(s.classBits(0xF)).isEqualTo((1 << 0) | (1 << 0xB));
    assertThat(s.classBits(0x4)).isEqualTo(1 << 0xF);
    assertThat(s.classBits(0x5)).isZero();
  }

  @Test
  void setReportsWhetherTheBitWasClear() {
    VectorSet s = new VectorSet();
    assertThat(s.set(0x40)).isTrue();
    assertThat(s.set(0x40)).isFalse();
    assertThat(s.size()).isEqualTo(1);
  }
}
