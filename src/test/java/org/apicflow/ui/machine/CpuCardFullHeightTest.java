package org.apicflow.ui.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.layout.StackPane;
import org.apicflow.bench.BigScenarios;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.PlaybackModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A card that gave up parts for lack of room (the decoded ICR fields and SVR, the why line's second
 * line, the kernel line, the waiting messages) still tells the height of its register info in full:
 * the height the same card measures with every part back, at many widths, for the one card of 1 and
 * 64 CPUs and the two of 2, normal and presenter type, at a few steps.
 */
@ExtendWith(ApplicationExtension.class)
class CpuCardFullHeightTest {
  private static void check(String name, Trace t, boolean presenter) throws Exception {
    List<String> wrong =
        WaitForAsyncUtils.asyncFx(
                () -> {
                  MachineAlone m = MachineAlone.in(new StackPane(), t, presenter, 1280, 800);
                  PlaybackModel playback = m.playback();
                  MachineView mv = m.view();
                  javafx.scene.layout.Pane root = m.root();
                  List<String> out = new ArrayList<>();
                  int size = t.size();
                  int shrunk = 0;
                  for (int at : new int[] {0, size / 2, size}) {
                    playback.seek(at);
                    root.applyCss();
                    root.layout();
                    for (CpuCard c : mv.cards()) {
                      for (double w = 180; w <= 1000; w += 41) {
                        give(c, false);
                        c.applyCss();
                        double full = c.info().prefHeight(w);
                        give(c, true);
                        c.applyCss();
                        double taken = c.info().prefHeight(w);
                        double told = c.fullInfoHeight(w);
                        String where =
                            String.format(
                                Locale.ROOT,
                                "%s %s, step %d, %s at %.0f px",
                                name,
                                presenter ? "presenter" : "normal",
                                at,
                                c.getId(),
                                w);
                        if (Math.abs(told - full) > 0.5) {
                          out.add(where + ": in full " + full + ", told " + told);
                        }
                        if (taken < full - 0.5) {
                          shrunk++;
                        }
                      }
                      give(c, false);
                    }
                  }
                  if (shrunk == 0) {
                    out.add(name + ": no card was shorter for what it gave up");
                  }
                  return out;
                })
            .get(2, TimeUnit.MINUTES);
    assertThat(wrong).isEmpty();
  }

  /** Takes every part a short room takes from a card, or gives it back. */
  private static void give(CpuCard c, boolean take) {
    c.setTight(take);
    c.setWhyOneLine(take);
    c.setKernelShown(!take);
    c.setIncomingShown(!take);
  }

  @Test
  void aShrunkCardTellsTheHeightOfItsRegistersInFull() throws Exception {
    Trace one = Simulator.run(Catalogue.load("lesson-priority").program("none"));
    Trace two = Simulator.run(Catalogue.load("pending-ipi").program("none"));
    Trace many =
        Simulator.run(ScenarioLoader.parse("ring.yaml", BigScenarios.ring(64, 40)).program("none"));
    for (boolean presenter : new boolean[] {false, true}) {
      check("1 CPU", one, presenter);
      check("2 CPUs", two, presenter);
      check("64 CPUs", many, presenter);
    }
  }
}
