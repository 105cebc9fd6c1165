package org.apicflow.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apicflow.machine.Program;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** A run's limits: events and memory, each named with its option; snapshots thinned first. */
class RunLimitsTest {
  /** Two CPUs that add and call themselves for ever: a run that never waits. */
  static final String SPIN =
      """
      format: apicflow/1
      id: spin
      machine: { cpus: 2 }
      kernels:
        first:
          vars: { n: 0 }
          start: { cpu0: spin, cpu1: spin }
          functions:
            spin:
              ops:
                - { op: add, var: n, value: 1 }
                - { op: call, fn: spin }
      """;

  static Program spin() throws Exception {
    return ScenarioLoader.parse("spin.yaml", SPIN).program("none");
  }

  @Test
  void theDefaultCoversEveryBuiltInAHundredTimesOver() throws Exception {
    long most = 0;
    for (String id : Catalogue.ids()) {
      var s = Catalogue.load(id);
      for (String fix : s.fixNames()) {
        most = Math.max(most, Simulator.run(s.program(fix)).size());
      }
    }
    assertThat(RunLimits.DEFAULT_EVENTS).isGreaterThanOrEqualTo(100 * most);
  }

  @Test
  void aRunPastTheEventLimitStopsNamingItAndItsOption() throws Exception {
    RunLimitException e =
        catchThrowableOfType(
            RunLimitException.class,
            () ->
                Simulator.run(
                    spin(),
                    Simulator.KEYFRAME_INTERVAL,
                    Simulator.STEP_BUDGET,
                    new RunLimits(10_000, 1L << 30)));
    assertThat(e.getMessage())
        .isEqualTo(
            "the run (fix none) records more than 10,000 events, the limit for one run;"
                + " --max-events raises it");
    assertThat(e.option()).isEqualTo("--max-events");
  }

  @Test
  void aRunPastTheMemoryLimitStopsNamingItAndItsOption() throws Exception {
    RunLimitException e =
        catchThrowableOfType(
            RunLimitException.class,
            () ->
                Simulator.run(
                    spin(),
                    Simulator.KEYFRAME_INTERVAL,
                    Simulator.STEP_BUDGET,
                    new RunLimits(RunLimits.MAX_EVENTS, 2L << 20)));
    assertThat(e.getMessage())
        .isEqualTo(
            "the run (fix none) needs more than 2 MB of memory, the limit for one run;"
                + " --max-memory raises it");
    assertThat(e.option()).isEqualTo("--max-memory");
  }

  @Test
  void snapshotsAreThinnedBeforeTheMemoryLimitAndSeekingStillReplaysExactly() throws Exception {
    Program p = spin();
    RunLimits roomy = new RunLimits(50_000, 1L << 30);
    Trace full;
    try {
      full = Simulator.run(p, 16, 20_000, roomy);
    } catch (RunLimitException e) {
      throw new AssertionError(e);
    }
    // room for the events as they grow (old and new columns) and for a few hundred snapshots
    long budget = (long) full.size() * 31 * 4 + 2_000_000;
    Trace thin = Simulator.run(p, 16, 20_000, new RunLimits(50_000, budget));
    assertThat(thin.keyframeInterval()).isGreaterThan(16);
    assertThat(thin.size()).isEqualTo(full.size());
    for (int i = 0; i < full.size(); i += 97) {
      assertThat(thin.event(i)).isEqualTo(full.event(i));
    }
    for (int pos : new int[] {0, 1, full.size() / 3, full.size() / 2, full.size() - 1}) {
      assertThat(thin.stateAt(pos).sameState(full.stateAt(pos))).as("position %d", pos).isTrue();
    }
  }
}
