package org.apicflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DivergenceTest {
  private static Scenario pending;
  private static List<Trace> runs;

  @BeforeAll
  static void simulate() throws Exception {
    pending = Catalogue.load("pending-ipi");
    runs = pending.fixNames().stream().map(f -> Simulator.run(pending.program(f))).toList();
  }

  private static Trace run(String fix) {
    return Simulator.run(pending.program(fix));
  }

  @Test
  void pendingIpiRunsLookAlikeAtPanicAndDifferBeforeTheCaptureKernelRuns() {
    assertThat(Divergence.differAt(runs, "panic")).isFalse();
    // clear-pending drains IRR in the crash path, before the shootdown software-disables the APIC
    assertThat(Divergence.differAt(runs, "kexec")).isTrue();
    List<String> shared = Divergence.sharedMarks(runs);
    String first = shared.stream().filter(m -> Divergence.differAt(runs, m)).findFirst().get();
    assertThat(Divergence.anchor(runs)).contains(first);
    assertThat(shared.indexOf(first)).isGreaterThan(shared.indexOf("panic"));
    assertThat(shared.indexOf(first)).isLessThanOrEqualTo(shared.indexOf("kexec"));
  }

  @Test
  void atKexecTheVectorSurvivesInIrrWithoutAFixAndIsGoneWithClearPending() {
    Trace none = run("none");
    Trace clear = run("clear-pending");
    int[] irrNone =
        Divergence.viewAt(none, none.firstMark("kexec").orElseThrow().event()).get(0).irr();
    int[] irrClear =
        Divergence.viewAt(clear, clear.firstMark("kexec").orElseThrow().event()).get(0).irr();
    assertThat(irrNone).contains(0xFB);
    assertThat(irrClear).doesNotContain(0xFB);
  }

  @Test
  void oneRunOrTheSameRunTwiceHasNoPlaceWhereItDiffers() {
    Trace none = run("none");
    assertThat(Divergence.anchor(List.of(none))).isEmpty();
    assertThat(Divergence.anchor(List.of(none, run("none")))).isEmpty();
    assertThat(Divergence.firstDifferentEvent(List.of(none, run("none")))).isEqualTo(-1);
  }

  @Test
  void runsThatAgreeAtEveryMarkAnchorOnTheLastMarkTheyShareBeforeTheyPart() throws Exception {
    Scenario s = Catalogue.load("stale-isr-timer");
    // clear-pending changes the crash path; the other fixes change only the capture kernel
    List<Trace> all =
        s.fixNames().stream()
            .filter(f -> !f.equals("clear-pending"))
            .map(f -> Simulator.run(s.program(f)))
            .toList();
    assertThat(Divergence.firstDifferentEvent(all)).isPositive();
    for (String m : Divergence.sharedMarks(all)) {
      assertThat(Divergence.differAt(all, m)).as(m).isFalse();
    }
    // the capture kernel has taken the old 0x31 and left ISR 0x31 set in every run; then the
    // eoi-only run's setup_local_APIC EOIs it and they part
    assertThat(Divergence.anchor(all)).hasValue("isr-stale");
  }
}
