package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.apicflow.apic.Quirk;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Divergence;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compare export: its runs (every fix, or one fix under each setting of a quirk), aligned where
 * the runs part, on one time ruler whose anchor line stands at the same x in every strip.
 */
class CompareRendererTest {
  @BeforeAll
  static void fx() throws Exception {
    org.testfx.api.FxToolkit.registerPrimaryStage();
  }

  static ExportSpec spec(Scenario s, String fix, QuirkLineup lineup, Shot shot) {
    Trace t = Simulator.run(s.program(fix));
    return new ExportSpec(
        ScenarioChoice.builtIn(s.id()),
        s,
        fix,
        t,
        ExportView.COMPARE,
        ExportFormat.PNG,
        List.of(shot == null ? Shots.last(t) : shot),
        false,
        1,
        Path.of("unused.png"),
        false,
        false,
        false,
        ViewState.DEFAULT,
        ExportSpec.WINDOW_WIDTH,
        ExportSpec.WINDOW_HEIGHT,
        lineup);
  }

  @Test
  void aQuirkLineupRunsTheFixOnceUnderEachSettingAndAnchorsWhereTheyPart() throws Exception {
    Scenario s = Catalogue.load("pending-ipi");
    QuirkLineup l = QuirkLineup.parse("soft-disabled-fixed");
    ExportSpec spec = spec(s, Scenario.NONE, l, null);
    CompareRenderer r = CompareRenderer.open(spec);
    List<CompareRenderer.Run> runs = r.runs();
    assertThat(runs)
        .extracting(CompareRenderer.Run::name)
        .containsExactly("hold", "drop", "deliver");
    for (CompareRenderer.Run run : runs) {
      Trace own =
          Simulator.run(
              s.withQuirks(s.quirks().with(Quirk.SOFT_DISABLED_FIXED, run.name()))
                  .program(Scenario.NONE));
      assertThat(run.trace().outcome().reason()).as(run.name()).isEqualTo(own.outcome().reason());
      assertThat(run.trace().outcome().time()).as(run.name()).isEqualTo(own.outcome().time());
      assertThat(run.meta())
          .contains(Quirk.SOFT_DISABLED_FIXED.option(run.name()).orElseThrow().label());
    }
    // the scenario's own setting is the export's own run
    assertThat(runs)
        .filteredOn(CompareRenderer.Run::main)
        .extracting(CompareRenderer.Run::name)
        .containsExactly(s.quirks().get(Quirk.SOFT_DISABLED_FIXED));
    List<Trace> traces = runs.stream().map(CompareRenderer.Run::trace).toList();
    assertThat(r.anchor()).isEqualTo(Divergence.anchor(traces).orElseThrow());
    assertOneAnchorLine(r);
  }

  @Test
  void theFixGridIsAnchoredWhereTheRunsPartNotOnPanic() throws Exception {
    Scenario s = Catalogue.load("pending-ipi");
    ExportSpec spec = spec(s, Scenario.NONE, null, null);
    CompareRenderer r = CompareRenderer.open(spec);
    assertThat(r.runs())
        .extracting(CompareRenderer.Run::name)
        .containsExactlyElementsOf(s.fixNames());
    List<Trace> traces = r.runs().stream().map(CompareRenderer.Run::trace).toList();
    String parts = Divergence.anchor(traces).orElseThrow();
    assertThat(r.anchor()).isEqualTo(parts);
    assertOneAnchorLine(r);
    // a frame at the anchor mark of the export's run is offset 0 for every run
    Shot at = Shots.atMark(spec.trace(), parts);
    assertThat(r.offsetOf(at)).isZero();
  }

  /** After a frame is drawn, every strip has its anchor line at the same x. */
  private static void assertOneAnchorLine(CompareRenderer r) throws Exception {
    FxRuntime.call(() -> r.render(Shots.last(r.runs().get(0).trace())));
    List<Double> xs =
        FxRuntime.call(() -> r.strips().stream().map(TimelineCanvas::anchorX).toList());
    assertThat(xs).hasSize(r.runs().size());
    for (double x : xs) {
      assertThat(x).isNotNaN().isCloseTo(xs.get(0), within(0.5));
    }
    for (int i = 0; i < r.runs().size(); i++) {
      Trace t = r.runs().get(i).trace();
      long at = t.firstMark(r.anchor()).orElseThrow().time();
      TimelineCanvas c = r.strips().get(i);
      double x = FxRuntime.call(() -> c.xOfTime(at));
      assertThat(x).as(r.runs().get(i).name()).isCloseTo(xs.get(0), within(0.5));
    }
  }
}
