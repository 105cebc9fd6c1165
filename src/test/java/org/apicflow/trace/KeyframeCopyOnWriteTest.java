package org.apicflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apicflow.bench.BigScenarios;
import org.apicflow.machine.Machine;
import org.apicflow.machine.Program;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Copy-on-write keyframes: a keyframe shares the CPUs and devices that did not change since the one
 * before, and what a seek reaches from it is exactly what a straight replay from the start reaches,
 * on every built-in (the IO-APIC and 8259 ones included) and on generated many-CPU rings.
 */
class KeyframeCopyOnWriteTest {

  static Stream<String> builtIns() {
    return Catalogue.ids().stream();
  }

  /** Every keyframe equals the straight replay to its position, and stays so after seeking. */
  private static void keyframesEqualReplay(Trace t, String what) {
    for (int k = 0; k < t.keyframeCount(); k++) {
      int p = t.keyframePosition(k);
      assertThat(t.keyframe(k).sameState(t.replayFromStart(p)))
          .as("%s: keyframe %d at %d", what, k, p)
          .isTrue();
    }
  }

  /** Seeks (and frames) at seeded random positions against a straight replay. */
  private static void seeksEqualReplay(Trace t, SplittableRandom r, int count, String what) {
    for (int i = 0; i < count; i++) {
      int p = i == 0 ? t.size() : r.nextInt(t.size() + 1);
      Machine replay = t.replayFromStart(p);
      Machine seek = t.stateAt(p);
      assertThat(seek.sameState(replay)).as("%s: stateAt(%d) of %d", what, p, t.size()).isTrue();
      Machine[] both = t.stateAndPrevious(p);
      assertThat(both[0].sameState(replay)).as("%s: frame at %d", what, p).isTrue();
      assertThat(both[1].sameState(t.replayFromStart(Math.max(0, p - 1))))
          .as("%s: frame's previous at %d", what, p)
          .isTrue();
      // a seeked state is the caller's own: running it to the end changes no keyframe
      seek.run();
      both[0].run();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtIns")
  void seekingABuiltInWithSharedKeyframesEqualsAStraightReplay(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    long seed = Seeds.base() ^ id.hashCode();
    SplittableRandom r = new SplittableRandom(seed);
    for (String fix : s.fixNames()) {
      Program p = s.program(fix);
      for (int interval : new int[] {1, 3, 16, 0}) {
        Trace t = Simulator.run(p, interval, Simulator.STEP_BUDGET);
        String what =
            id + " fix " + fix + " every " + t.keyframeInterval() + " (seed " + seed + ")";
        seeksEqualReplay(t, r, 24, what);
        keyframesEqualReplay(t, what);
      }
    }
  }

  @Test
  void theDeviceScenariosShareTheirDevicesBetweenKeyframes() throws Exception {
    for (String id : new String[] {"stale-isr-timer", "lesson-ioapic-level", "lesson-extint"}) {
      Trace t = Simulator.run(Catalogue.load(id).program("none"), 1, Simulator.STEP_BUDGET);
      int sharedIoApic = 0;
      int sharedPic = 0;
      for (int k = 1; k < t.keyframeCount(); k++) {
        Machine a = t.keyframe(k - 1);
        Machine b = t.keyframe(k);
        if (a.ioapic() == b.ioapic()) {
          sharedIoApic++;
          assertThat(a.ioapic().sameState(b.ioapic())).isTrue();
        }
        if (a.pic() == b.pic()) {
          sharedPic++;
        }
      }
      // most events leave the devices alone: their state is kept once, not per keyframe
      assertThat(sharedIoApic).as(id).isGreaterThan(t.keyframeCount() / 2);
      assertThat(sharedPic).as(id).isGreaterThan(t.keyframeCount() / 2);
    }
  }

  static Stream<Integer> rings() {
    return Stream.of(8, 64, 255);
  }

  @ParameterizedTest(name = "{0} CPUs")
  @MethodSource("rings")
  void aManyCpuRingSeeksAsItReplaysAndSharesMostCpus(int cpus) throws Exception {
    int events = cpus == 255 ? 16_000 : 12_000;
    Program p =
        ScenarioLoader.parse(
                "ring.yaml", BigScenarios.ring(cpus, BigScenarios.horizonFor(cpus, events)))
            .program("none");
    Trace t = Simulator.run(p);
    long seed = Seeds.base() + cpus;
    seeksEqualReplay(t, new SplittableRandom(seed), 12, cpus + " CPUs (seed " + seed + ")");
    long shared = 0;
    long apicsAlone = 0;
    for (int k = 1; k < t.keyframeCount(); k++) {
      Machine kf = t.keyframe(k);
      Machine before = t.keyframe(k - 1);
      shared += kf.cpusSharedWith(before);
      apicsAlone += kf.apicsSharedWith(before) - kf.cpusSharedWith(before);
      for (int c = 0; c < cpus; c++) {
        if (kf.cpu(c) == before.cpu(c)) {
          assertThat(kf.cpu(c).sameState(before.cpu(c))).isTrue();
        }
        if (kf.cpu(c).apic() == before.cpu(c).apic()) {
          assertThat(kf.cpu(c).apic().sameState(before.cpu(c).apic())).isTrue();
        }
      }
    }
    if (cpus == 255) {
      // a keyframe interval of events touches far fewer CPUs than the machine has
      assertThat(shared).isGreaterThan((long) (t.keyframeCount() - 1) * cpus / 4);
      // and many CPUs it touches took an IPI and returned: their APICs are as they were
      assertThat(apicsAlone).isGreaterThan((long) (t.keyframeCount() - 1) * cpus / 10);
    } else if (cpus == 64) {
      assertThat(shared).isPositive();
    }
    for (int k = 0; k < t.keyframeCount(); k += Math.max(1, t.keyframeCount() / 8)) {
      assertThat(t.keyframe(k).sameState(t.replayFromStart(t.keyframePosition(k))))
          .as("keyframe %d", k)
          .isTrue();
    }
  }

  @Test
  void aCopiedCpuSharesItsUnchangedStackWaitAndRegistersWithTheKeyframeBefore() throws Exception {
    int cpus = 255;
    Program p =
        ScenarioLoader.parse(
                "ring.yaml", BigScenarios.ring(cpus, BigScenarios.horizonFor(cpus, 12_000)))
            .program("none");
    Trace t = Simulator.run(p);
    long copied = 0;
    long copiedApics = 0;
    long[] parts = new long[3];
    for (int k = 1; k < t.keyframeCount(); k++) {
      Machine kf = t.keyframe(k);
      Machine before = t.keyframe(k - 1);
      copied += cpus - kf.cpusSharedWith(before);
      copiedApics += cpus - kf.apicsSharedWith(before);
      int[] n = kf.partsSharedWith(before);
      for (int i = 0; i < 3; i++) {
        parts[i] += n[i];
      }
    }
    // a CPU that moved on in a keyframe interval mostly still waits where it waited, and its
    // APIC differs in one or two registers: those parts are kept once, not per keyframe
    assertThat(parts[0]).as("stacks shared of %d copied CPUs", copied).isGreaterThan(copied / 4);
    assertThat(parts[1]).as("waits shared of %d copied CPUs", copied).isPositive();
    assertThat(parts[2])
        .as("register sets shared of %d copied APICs", copiedApics)
        .isGreaterThan(copiedApics * 4 / 2);
    // sharing changes nothing: every keyframe is still the state a straight replay reaches, and a
    // seek (a copy of a keyframe, run forward) leaves the keyframes as they were
    seeksEqualReplay(t, new SplittableRandom(Seeds.base() + 7), 12, "255-CPU ring");
    keyframesEqualReplay(t, "255-CPU ring");
  }

  @Test
  void aKeyframeIsAFullCopyWhereNothingCanBeShared() throws Exception {
    Program p = Catalogue.load("pending-ipi").program("none");
    Machine m = new Machine(p);
    Machine first = m.keyframe(null);
    assertThat(first.cpusSharedWith(null)).isZero();
    assertThat(first.sameState(m)).isTrue();
    Machine again = m.keyframe(first);
    assertThat(again.cpusSharedWith(first)).isEqualTo(m.cpuCount());
    m.step();
    Machine after = m.keyframe(again);
    assertThat(after.sameState(m)).isTrue();
    assertThat(after.sameState(again)).isFalse();
    // the keyframe taken before the step still shows the state before it
    assertThat(again.sameState(first)).isTrue();
  }
}
