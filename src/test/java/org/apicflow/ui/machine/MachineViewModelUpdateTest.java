package org.apicflow.ui.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apicflow.bench.BigScenarios;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.Frame;
import org.apicflow.ui.playback.PlaybackModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A step makes card states only for the CPUs whose card changed, and the cards come out exactly as
 * a straight update (every card made from the frame) would make them: over every built-in scenario
 * and rings of 8 and 64 CPUs, stepping forward and back, jumping (seeded) and pinning CPUs.
 */
@ExtendWith(ApplicationExtension.class)
class MachineViewModelUpdateTest {

  /** Every card's state is the one made from the frame directly, with the bus and focus shown. */
  private static void assertStraight(MachineViewModel vm, Frame f, String when) {
    List<Envelope> bus = vm.busProperty().get();
    assertThat(bus).as(when + ": bus").isEqualTo(MachineViewModel.envelopes(f, focus(vm)));
    for (CpuCardViewModel c : vm.getCards()) {
      CpuCardState straight = CpuCardState.of(f, c.cpu(), bus, focus(vm));
      assertThat(c.getState()).as(when + ": CPU " + c.cpu()).isEqualTo(straight);
    }
  }

  private static int focus(MachineViewModel vm) {
    return vm.focusVectorProperty().get();
  }

  /** Steps, steps back, jumps and pins over a trace; returns the card states made per step. */
  private static List<Integer> walk(Trace t, long seed) throws Exception {
    return DeviceCardsTest.onFx(
        () -> {
          PlaybackModel playback = new PlaybackModel();
          MachineViewModel vm = new MachineViewModel(playback);
          playback.load(t, 0);
          Random r = new Random(seed);
          int size = t.size();
          int cpus = playback.getFrame().state().cpuCount();
          List<Integer> madeByStep = new ArrayList<>();
          List<Integer> path = new ArrayList<>();
          for (int p = 0; p <= Math.min(size, 150); p++) {
            path.add(p);
          }
          for (int p = Math.min(size, 150); p >= Math.max(0, Math.min(size, 150) - 40); p--) {
            path.add(p);
          }
          for (int k = 0; k < 40; k++) {
            int at = r.nextInt(size + 1);
            path.add(at);
            path.add(Math.min(size, at + 1));
          }
          int step = 0;
          for (int at : path) {
            int before = playback.getPosition();
            playback.seek(at);
            if (step % 37 == 5) {
              vm.toggleSelect(r.nextInt(cpus)); // pinning changes the focus and the shown CPU
            }
            if (step % 37 == 20) {
              vm.pinnedCpuProperty().set(-1);
            }
            assertStraight(vm, playback.getFrame(), t.size() + " events, at " + at);
            if (Math.abs(at - before) == 1 && step % 37 != 5 && step % 37 != 20) {
              madeByStep.add(vm.cardsMadeLastUpdate());
            }
            step++;
          }
          return madeByStep;
        });
  }

  @Test
  void everyBuiltInScenarioStepsToTheCardsAStraightUpdateMakes() throws Exception {
    for (String id : Catalogue.ids()) {
      var scenario = Catalogue.load(id);
      for (String fix : List.of("none")) {
        Trace t = Simulator.run(scenario.program(fix));
        walk(t, id.hashCode());
      }
    }
  }

  @Test
  void aStepOnManyCpusMakesOnlyTheCardsThatChanged() throws Exception {
    for (int cpus : new int[] {8, 64}) {
      Trace t =
          Simulator.run(
              ScenarioLoader.parse("ring.yaml", BigScenarios.ring(cpus, 40)).program("none"));
      List<Integer> made = walk(t, cpus);
      assertThat(made).isNotEmpty();
      double mean = made.stream().mapToInt(Integer::intValue).average().orElse(cpus);
      // a step changes the CPU of its event and the targets of its message, not every CPU
      assertThat(mean).as(cpus + " CPUs: card states made per step").isLessThan(cpus / 2.0);
      assertThat(made).allMatch(m -> m <= cpus);
    }
  }
}
