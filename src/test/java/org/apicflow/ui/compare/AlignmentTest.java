package org.apicflow.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared cursor's arithmetic on the pending-IPI runs, no FX thread. */
class AlignmentTest {
  private static List<Trace> runs;

  @BeforeAll
  static void simulate() throws Exception {
    Scenario s = Catalogue.load("pending-ipi");
    runs = s.fixNames().stream().map(f -> Simulator.run(s.program(f))).toList();
  }

  @Test
  void sharedMarksPutTheScenariosMarksFirstAndTheStartLast() {
    List<String> shared = Alignment.sharedMarks(runs);
    assertThat(shared.get(0)).isEqualTo("panic");
    assertThat(shared).contains("kexec", "nmi-shootdown").endsWith(Alignment.START);
    assertThat(shared).doesNotContain("oops", "vmcore-saved");
    // the default anchor is where the runs start to differ, not the first mark they share
    // (in pending-ipi: clear-pending drains IRR in the crash path, so the runs part there)
    String first =
        shared.stream()
            .filter(m -> !m.equals(Alignment.START))
            .filter(m -> org.apicflow.trace.Divergence.differAt(runs, m))
            .findFirst()
            .orElseThrow();
    assertThat(first).isNotEqualTo("panic");
    assertThat(Alignment.defaultAnchor(runs)).isEqualTo(first);
  }

  @Test
  void atOffsetZeroEveryRunIsJustPastItsAnchorMark() {
    Alignment a = new Alignment(runs, "kexec");
    long zero = a.offset(a.anchorIndex());
    assertThat(zero).isZero();
    for (int i = 0; i < runs.size(); i++) {
      int mark = runs.get(i).firstMark("kexec").map(Mark::event).orElseThrow();
      assertThat(a.position(i, 0)).isEqualTo(mark + 1);
    }
  }

  @Test
  void positionsNeverGoBackAsTheOffsetGrows() {
    Alignment a = new Alignment(runs, "panic");
    int[] last = new int[runs.size()];
    for (int k = 0; k < a.size(); k++) {
      for (int i = 0; i < runs.size(); i++) {
        int p = a.position(i, a.offset(k));
        assertThat(p).isGreaterThanOrEqualTo(last[i]);
        last[i] = p;
      }
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(a.position(i, a.offset(0))).isZero();
      assertThat(last[i]).isEqualTo(runs.get(i).size());
    }
  }

  @Test
  void theOffsetOfAPositionLeadsBackToIt() {
    Alignment a = new Alignment(runs, "panic");
    for (int i = 0; i < runs.size(); i++) {
      Trace t = runs.get(i);
      for (int p = 1; p <= t.size(); p++) {
        int back = a.position(i, a.offsetOf(i, p));
        // a position shows every event at its time, so it may move past same-time events
        assertThat(back).isGreaterThanOrEqualTo(p);
        assertThat(t.time(back - 1)).isEqualTo(t.time(p - 1));
      }
    }
  }

  @Test
  void aRunHasEndedOnlyPastItsLastEvent() {
    Alignment a = new Alignment(runs, "panic");
    long end = a.offset(a.size() - 1);
    for (int i = 0; i < runs.size(); i++) {
      assertThat(a.ended(i, end)).isTrue();
      assertThat(a.ended(i, 0)).isFalse();
    }
  }

  @Test
  void theCursorReadsFromTheAnchor() {
    Alignment a = new Alignment(runs, "panic");
    assertThat(a.describe(0)).isEqualTo("at panic");
    assertThat(a.describe(1_200)).isEqualTo("panic + 1.2 us");
    assertThat(a.describe(-300)).isEqualTo("panic \u2212 300 ns");
  }

  @Test
  void theFirstDifferenceOfPendingIpiRunsIsAtTheirAnchor() {
    Alignment a = new Alignment(runs, Alignment.defaultAnchor(runs));
    assertThat(a.firstDifferenceIndex(2_000)).isEqualTo(a.anchorIndex());
  }

  @Test
  void runsAlikeAtTheirAnchorGetTheCursorWhereTheyFirstPart() throws Exception {
    Scenario s = Catalogue.load("stale-isr-timer");
    // clear-pending changes the crash path; the other fixes change only the capture kernel
    List<Trace> all =
        s.fixNames().stream()
            .filter(f -> !f.equals("clear-pending"))
            .map(f -> Simulator.run(s.program(f)))
            .toList();
    Alignment a = new Alignment(all, Alignment.defaultAnchor(all));
    int i = a.firstDifferenceIndex(2_000);
    assertThat(i).isGreaterThan(a.anchorIndex());
    long d = a.offset(i);
    List<org.apicflow.trace.Divergence.CpuView> first =
        org.apicflow.trace.Divergence.viewAt(all.get(0), a.position(0, d) - 1);
    boolean parted = false;
    for (int r = 1; r < all.size(); r++) {
      parted |=
          !org.apicflow.trace.Divergence.alike(
              first, org.apicflow.trace.Divergence.viewAt(all.get(r), a.position(r, d) - 1));
    }
    assertThat(parted).isTrue();
  }
}
