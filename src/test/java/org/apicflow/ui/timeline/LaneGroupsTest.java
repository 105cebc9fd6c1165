package org.apicflow.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The timeline's rows at many CPUs: which CPUs form a group, and what opening one shows. */
class LaneGroupsTest {
  @Test
  void upToThirtyTwoCpusEveryCpuHasItsLane() {
    for (int n : new int[] {1, 2, 8, 16, 32}) {
      LaneGroups g = new LaneGroups(n);
      assertThat(g.grouped()).isFalse();
      assertThat(g.rowCount()).isEqualTo(n);
      for (int c = 0; c < n; c++) {
        assertThat(g.cpuAt(c)).isEqualTo(c);
        assertThat(g.rowOf(c)).isEqualTo(c);
      }
    }
  }

  @Test
  void sixtyFourCpusMakeEightGroupsOfEight() {
    LaneGroups g = new LaneGroups(64);
    assertThat(g.grouped()).isTrue();
    assertThat(g.size()).isEqualTo(8);
    assertThat(g.groupCount()).isEqualTo(8);
    assertThat(g.rowCount()).isEqualTo(8);
    for (int c = 0; c < 64; c++) {
      assertThat(g.rowOf(c)).isEqualTo(c / 8);
      assertThat(g.groupAt(g.rowOf(c))).isEqualTo(c / 8);
    }
    assertThat(g.label(0)).isEqualTo("CPU 0\u20137");
    assertThat(g.label(7)).isEqualTo("CPU 56\u201363");
  }

  @Test
  void twoHundredFiftyFiveCpusMakeSixteenGroupsTheLastShort() {
    LaneGroups g = new LaneGroups(255);
    assertThat(g.size()).isEqualTo(16);
    assertThat(g.groupCount()).isEqualTo(16);
    assertThat(g.first(15)).isEqualTo(240);
    assertThat(g.last(15)).isEqualTo(254);
    assertThat(g.label(15)).isEqualTo("CPU 240\u2013254");
  }

  @Test
  void anOpenedGroupShowsItsLanesUnderItsStrip() {
    LaneGroups g = new LaneGroups(64);
    g.setExpanded(2, true);
    assertThat(g.rowCount()).isEqualTo(8 + 8);
    int head = g.rowOfGroup(2);
    assertThat(head).isEqualTo(2);
    for (int c = 16; c < 24; c++) {
      assertThat(g.rowOf(c)).isEqualTo(head + 1 + (c - 16));
      assertThat(g.cpuAt(g.rowOf(c))).isEqualTo(c);
    }
    // the groups after it move down by its lanes; those before stay
    assertThat(g.rowOfGroup(3)).isEqualTo(head + 9);
    assertThat(g.rowOf(8)).isEqualTo(1);
    assertThat(g.rowOf(24)).isEqualTo(head + 9);
    g.toggle(2);
    assertThat(g.rowCount()).isEqualTo(8);
    assertThat(g.rowOf(20)).isEqualTo(2);
  }

  @Test
  void theKeyboardMovesWithinTheGroups() {
    LaneGroups g = new LaneGroups(64);
    assertThat(g.focused()).isEqualTo(-1);
    g.moveFocus(1);
    assertThat(g.focused()).isZero();
    g.moveFocus(-1);
    assertThat(g.focused()).isZero();
    for (int i = 0; i < 20; i++) {
      g.moveFocus(1);
    }
    assertThat(g.focused()).isEqualTo(7);
    LaneGroups h = new LaneGroups(64);
    h.moveFocus(-1);
    assertThat(h.focused()).isEqualTo(7);
  }

  @Test
  void largerGroupsCoverTheSameCpusAndKeepTheKeyboardsGroup() {
    LaneGroups g = new LaneGroups(255);
    g.setFocused(5); // CPUs 80-95
    LaneGroups big = g.regrouped(64);
    assertThat(big.size()).isEqualTo(64);
    assertThat(big.groupCount()).isEqualTo(4);
    assertThat(big.rowCount()).isEqualTo(4);
    assertThat(big.label(0)).isEqualTo("CPU 0\u201363");
    assertThat(big.label(3)).isEqualTo("CPU 192\u2013254");
    for (int c = 0; c < 255; c++) {
      assertThat(big.rowOf(c)).isEqualTo(c / 64);
    }
    assertThat(big.focused()).isEqualTo(1);
    assertThat(big.anyExpanded()).isFalse();
    big.setExpanded(3, true);
    assertThat(big.anyExpanded()).isTrue();
    assertThat(big.rowCount()).isEqualTo(4 + 63);
    // never smaller than the usual groups, and no groups at 32 CPUs or fewer
    assertThat(new LaneGroups(255, 4).size()).isEqualTo(16);
    assertThat(new LaneGroups(64, 8).size()).isEqualTo(8);
    assertThat(new LaneGroups(32, 64).grouped()).isFalse();
  }
}
