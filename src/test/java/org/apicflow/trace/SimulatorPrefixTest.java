package org.apicflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.bench.BigScenarios;
import org.apicflow.machine.Program;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * The start of a run (what the window shows while the whole run is simulated) is the whole run's
 * start: the same events, and the same state at every position it has.
 */
class SimulatorPrefixTest {
  private static Program ring(int cpus, int events) throws Exception {
    String yaml = BigScenarios.ring(cpus, BigScenarios.horizonFor(cpus, events));
    return ScenarioLoader.parse("ring.yaml", yaml).program(Scenario.NONE);
  }

  @Test
  void theStartOfALongRunHasTheWholeRunsEventsAndStates() throws Exception {
    Program p = ring(8, 12_000);
    Trace whole = Simulator.run(p);
    for (int n : new int[] {1, 300, 2048, 5000}) {
      Trace start = Simulator.prefix(p, n);
      assertThat(start.size()).isBetween(n, whole.size());
      assertThat(start.size()).isLessThan(whole.size());
      for (int i = 0; i < start.size(); i++) {
        assertThat(start.event(i)).as("event %d of the first %d", i, n).isEqualTo(whole.event(i));
      }
      for (int pos : new int[] {0, start.size() / 3, start.size() - 1, start.size()}) {
        assertThat(start.stateAt(pos).sameState(whole.stateAt(pos)))
            .as("state at %d of the first %d", pos, n)
            .isTrue();
      }
    }
  }

  @Test
  void theStartOfAShortRunIsTheWholeRun() throws Exception {
    Program p = Catalogue.load("pending-ipi").program(Scenario.NONE);
    Trace whole = Simulator.run(p);
    Trace start = Simulator.prefix(p, whole.size() + 100);
    assertThat(start.size()).isEqualTo(whole.size());
    assertThat(start.outcome()).isEqualTo(whole.outcome());
    assertThat(start.marks()).isEqualTo(whole.marks());
  }

  @Test
  void progressIsToldInOrderAndAnExceptionStopsTheRun() throws Exception {
    Program p = ring(8, 12_000);
    List<Integer> told = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    Trace whole =
        Simulator.run(
            p,
            (events, time) -> {
              told.add(events);
              times.add(time);
            });
    assertThat(whole.size()).isEqualTo(Simulator.run(p).size());
    assertThat(told).isNotEmpty().isSorted();
    assertThat(told.size()).isLessThanOrEqualTo(whole.size() / Simulator.PROGRESS_EVERY);
    for (int i = 1; i < told.size(); i++) {
      assertThat(told.get(i) - told.get(i - 1)).isGreaterThanOrEqualTo(Simulator.PROGRESS_EVERY);
    }
    assertThat(times).isSorted();
    RuntimeException stop = new java.util.concurrent.CancellationException();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Simulator.run(
                    p,
                    (events, time) -> {
                      throw stop;
                    }))
        .isSameAs(stop);
  }
}
