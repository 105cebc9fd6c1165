package org.apicflow.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorSetTest {
  @Test
  void highestIsTheTopVector() {
    assertThat(VectorSet.of(0x31, 0xFB, 0x20).highest()).isEqualTo(0xFB);
  }
}
