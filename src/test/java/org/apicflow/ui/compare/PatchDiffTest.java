package org.apicflow.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** A fix's patch as a diff against the unpatched run. */
class PatchDiffTest {

  @Test
  void theUnpatchedRunHasNoPatch() throws Exception {
    assertThat(PatchDiff.of(Catalogue.load("pending-ipi"), Scenario.NONE)).isEmpty();
  }

  @Test
  void everyReplacedFunctionIsListedAndANewOneIsAllAdded() throws Exception {
    Scenario s = Catalogue.load("pending-ipi");
    List<PatchDiff.Function> patch = PatchDiff.of(s, "clear-pending");
    assertThat(patch)
        .extracting(PatchDiff.Function::name)
        .containsExactlyElementsOf(s.fix("clear-pending").orElseThrow().replaces());
    PatchDiff.Function drain =
        patch.stream().filter(f -> f.name().equals("first.crash_drain_pending")).findFirst().get();
    assertThat(drain.added()).isTrue();
    assertThat(drain.lines()).allMatch(l -> l.kind() == '+');
    PatchDiff.Function shutdown =
        patch.stream()
            .filter(f -> f.name().equals("first.machine_crash_shutdown"))
            .findFirst()
            .get();
    assertThat(shutdown.added()).isFalse();
    assertThat(shutdown.count(' ')).isPositive();
    assertThat(shutdown.lines())
        .anyMatch(l -> l.kind() == '+' && l.text().contains("crash_drain_pending"));
  }

  @Test
  void aLineDiffKeepsCommonLinesAndMarksTheRest() {
    List<PatchDiff.Line> old = List.of(line("a();"), line("b();"), line("c();"));
    List<PatchDiff.Line> now = List.of(line("a();"), line("x();"), line("c();"));
    assertThat(PatchDiff.diff(old, now))
        .extracting(PatchDiff.Line::prefixed)
        .containsExactly("  a();", "- b();", "+ x();", "  c();");
  }

  private static PatchDiff.Line line(String text) {
    return new PatchDiff.Line(' ', text, 0);
  }
}
