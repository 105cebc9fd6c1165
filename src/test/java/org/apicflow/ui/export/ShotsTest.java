package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShotsTest {
  static Trace t;

  @BeforeAll
  static void simulate() throws Exception {
    t = Simulator.run(Catalogue.load("pending-ipi").program(Scenario.NONE));
  }

  @Test
  void aMarksFrameIsTheStateJustAfterItsEvent() {
    Shot s = Shots.atMark(t, "panic");
    assertThat(s.position()).isEqualTo(t.firstMark("panic").orElseThrow().event() + 1);
    assertThat(s.mark()).isEqualTo("panic");
  }

  @Test
  void anUnknownMarkNamesTheMarksThereAre() {
    assertThatThrownBy(() -> Shots.atMark(t, "nope"))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("no mark 'nope' in this run (marks: ipi-sent, panic, ");
  }

  @Test
  void keyMomentsAreTheScenariosMarksAndTheOops() {
    assertThat(Shots.keyMoments(t))
        .extracting(Shot::mark)
        .containsExactly("panic", "nmi-shootdown", "irq-enable", "oops");
  }

  @Test
  void aRangeTakesStepsOrMarksAtEitherEndInclusive() {
    int panic = Shots.atMark(t, "panic").position();
    assertThat(Shots.range(t, "3.." + panic)).hasSize(panic - 3 + 1);
    assertThat(Shots.range(t, "panic..oops").get(0).mark()).isEqualTo("panic");
    assertThat(Shots.range(t, "0..")).hasSize(t.size() + 1);
  }

  @Test
  void aRangeThatNamesNoStepIsRefused() {
    assertThatThrownBy(() -> Shots.range(t, "..")).hasMessageContaining("names no step");
    assertThatThrownBy(() -> Shots.range(t, " .. ")).hasMessageContaining("names no step");
  }

  @Test
  void aBackwardsOrOutOfRangeRangeIsRefused() {
    assertThatThrownBy(() -> Shots.range(t, "oops..panic")).hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> Shots.range(t, 0, t.size() + 1)).hasMessageContaining("bad range");
    assertThatThrownBy(() -> Shots.atStep(t, -1)).hasMessageContaining("out of range");
  }

  @Test
  void markAtPrefersTheScenariosOwnMark() {
    assertThat(Shots.markAt(t, 0)).isEmpty();
    assertThat(Shots.markAt(t, Shots.atMark(t, "ipi-sent").position())).isEqualTo("ipi-sent");
    assertThat(Shots.markAt(t, Shots.atMark(t, "ipi-sent").position() + 1)).isEmpty();
  }

  @Test
  void frameNamesCarryScenarioFixStepAndMark() {
    assertThat(FrameNames.of("pending-ipi", "none", new Shot(7, "ipi-sent"), "png"))
        .isEqualTo("pending-ipi-none-007-ipi-sent.png");
    assertThat(FrameNames.of("a b", "x/y", new Shot(1234, ""), "png"))
        .isEqualTo("a_b-x_y-1234-step.png");
  }
}
