package org.apicflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apicflow.machine.Machine;
import org.apicflow.machine.Program;
import org.apicflow.testing.Seeds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md "Tests": determinism (same trace twice), seek equals replay at random cursors, and
 * stepping forward then back returns the same state, over random scenarios (seeded: see {@link
 * Seeds}).
 */
class TracePropertiesTest {

  static Stream<Long> seeds80() {
    return Seeds.seeds(80);
  }

  static Stream<Long> seeds40() {
    return Seeds.seeds(40);
  }

  static int interval(SplittableRandom r) {
    return Seeds.oneOf(r, 1, 2, 3, 5, 8, Simulator.KEYFRAME_INTERVAL);
  }

  /** 1 to 8 cursors, fractions of the run in [0, 1]. */
  static List<Double> cursors(SplittableRandom r) {
    List<Double> out = new ArrayList<>();
    int n = 1 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      out.add(r.nextInt(10) == 0 ? Seeds.oneOf(r, 0.0, 1.0) : r.nextDouble());
    }
    return out;
  }

  static Trace run(String yaml, int interval) {
    return Simulator.run(RandomScenarios.compile(yaml), interval, Simulator.STEP_BUDGET);
  }

  static int position(Trace t, double f) {
    return (int) Math.min(t.size(), Math.floor(f * (t.size() + 1)));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds80")
  void theSameScenarioGivesAnIdenticalTraceTwice(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          // Loaded twice: nothing may be shared between the runs but the text.
          Trace a = Simulator.run(RandomScenarios.compile(yaml));
          Trace b = Simulator.run(RandomScenarios.compile(yaml));
          assertThat(b.size()).isEqualTo(a.size());
          for (int i = 0; i < a.size(); i++) {
            assertThat(b.time(i)).isEqualTo(a.time(i));
            assertThat(b.cpu(i)).isEqualTo(a.cpu(i));
            assertThat(b.kind(i)).isEqualTo(a.kind(i));
            assertThat(b.kernel(i)).isEqualTo(a.kernel(i));
            assertThat(b.fn(i)).isEqualTo(a.fn(i));
            assertThat(b.pc(i)).isEqualTo(a.pc(i));
            assertThat(b.a(i)).isEqualTo(a.a(i));
            assertThat(b.b(i)).isEqualTo(a.b(i));
          }
          assertThat(b.outcome()).isEqualTo(a.outcome());
          assertThat(b.marks()).isEqualTo(a.marks());
          assertThat(b.finalState().records()).isEqualTo(a.finalState().records());
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds80")
  void theKeyframeIntervalDoesNotChangeTheTrace(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          int interval = interval(rnd);
          Program p = RandomScenarios.compile(yaml);
          Trace a = Simulator.run(p);
          Trace b = Simulator.run(p, interval, Simulator.STEP_BUDGET);
          assertThat(b.size()).isEqualTo(a.size());
          for (int i = 0; i < a.size(); i++) {
            assertThat(b.event(i)).isEqualTo(a.event(i));
          }
          assertThat(b.finalState().sameState(a.finalState())).isTrue();
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds80")
  void seekingEqualsReplayingFromTheStart(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          int interval = interval(rnd);
          List<Double> cursors = cursors(rnd);
          Trace t = run(yaml, interval);
          for (double f : cursors) {
            int p = position(t, f);
            assertThat(t.stateAt(p).sameState(t.replayFromStart(p)))
                .as("stateAt(%d) of %d, keyframes every %d", p, t.size(), interval)
                .isTrue();
          }
          assertThat(t.stateAt(t.size()).sameState(t.replayFromStart(t.size()))).isTrue();
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds80")
  void aFramesTwoStatesEqualSeekingEachAndTheMarkIndexEqualsTheMarks(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          int interval = interval(rnd);
          List<Double> cursors = cursors(rnd);
          Trace t = run(yaml, interval);
          for (double f : cursors) {
            int p = position(t, f);
            Machine[] both = t.stateAndPrevious(p);
            assertThat(both[0].sameState(t.stateAt(p))).as("state at %d", p).isTrue();
            assertThat(both[1].sameState(t.stateAt(Math.max(0, p - 1))))
                .as("previous at %d", p)
                .isTrue();
          }
          assertThat(t.markCount()).isEqualTo(t.marks().size());
          for (int i = 0; i < t.markCount(); i++) {
            Mark m = t.marks().get(i);
            assertThat(t.markEvent(i)).isEqualTo(m.event());
            assertThat(t.markName(i)).isEqualTo(m.name());
            assertThat(t.markBuiltIn(i)).isEqualTo(m.builtIn());
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds80")
  void steppingForwardThenBackReturnsTheSameState(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          int interval = interval(rnd);
          List<Double> cursors = cursors(rnd);
          Trace t = run(yaml, interval);
          for (double f : cursors) {
            int p = Math.min(position(t, f), Math.max(0, t.size() - 1));
            Machine here = t.stateAt(p);
            Machine next = t.stateAt(Math.min(p + 1, t.size()));
            Machine back = t.stateAt(p);
            assertThat(back.sameState(here)).as("back at %d", p).isTrue();
            assertThat(next.sameState(t.replayFromStart(Math.min(p + 1, t.size())))).isTrue();
            // A state handed out is the caller's own: running it on leaves the trace untouched.
            here.run();
            assertThat(t.stateAt(p).sameState(back)).isTrue();
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds80")
  void aSeekedStateSteppedOnceEqualsTheStateSeekedAtTheNextStep(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          int interval = interval(rnd);
          List<Double> cursors = cursors(rnd);
          Trace t = run(yaml, interval);
          // Event counts at each step boundary, by a replay that counts.
          Machine r = t.replayFromStart(0);
          int[] n = {0};
          r.setSink((time, c, k, kernel, fn, pc, a, b) -> n[0]++);
          List<Integer> bounds = new java.util.ArrayList<>(List.of(0));
          while (r.step()) {
            bounds.add(n[0]);
          }
          for (double f : cursors) {
            int i = (int) Math.min(bounds.size() - 2, Math.floor(f * (bounds.size() - 1)));
            // A position names the state after the first step that reached it: skip steps that
            // emitted nothing.
            if (i < 0
                || (i > 0 && bounds.get(i).equals(bounds.get(i - 1)))
                || bounds.get(i + 1).equals(bounds.get(i))) {
              continue;
            }
            Machine m = t.stateAt(bounds.get(i));
            m.step();
            assertThat(m.sameState(t.stateAt(bounds.get(i + 1))))
                .as("step %d (event %d) stepped once", i, bounds.get(i))
                .isTrue();
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds40")
  void theEndOfTheTraceHasTheFinalCpuAndApicState(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          // The closing step that ends a run (horizon, quiet) may emit no event, so only the CPUs
          // and
          // APICs are compared, not the run's end flag.
          Trace t = run(yaml, 4);
          Machine end = t.stateAt(t.size());
          for (int c = 0; c < end.cpuCount(); c++) {
            assertThat(end.cpu(c).sameState(t.finalState().cpu(c))).as("CPU %d", c).isTrue();
          }
          assertThat(end.records()).isEqualTo(t.finalState().records());
        });
  }
}
