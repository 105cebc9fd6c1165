package org.apicflow.ui.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

/**
 * The full cards' height search, started at the least height the cards can have, finds the height
 * the search from 60 px up finds, with no more probes: at 1, 2, 4, 8, 16 and 64 CPUs, normal and
 * presenter type, many widths and a few steps of each run.
 */
@ExtendWith(ApplicationExtension.class)
class CardAreaHeightSearchTest {
  private static Trace builtIn(String id) throws Exception {
    return Simulator.run(Catalogue.load(id).program("none"));
  }

  private static Trace ring(int cpus) throws Exception {
    return Simulator.run(
        ScenarioLoader.parse("ring.yaml", BigScenarios.ring(cpus, 40)).program("none"));
  }

  /** Probes of every search, from 60 px up and from the least height, summed over all cases. */
  private long fullProbes;

  private long leastProbes;

  private int searches;

  /** Searches that found a height (not the fallback of no cards or no fit). */
  private int found;

  private long caseFull;

  private long caseLeast;

  private void check(String name, Trace t, boolean presenter) throws Exception {
    List<String> wrong =
        org.testfx.util.WaitForAsyncUtils.asyncFx(
                () -> {
                  MachineAlone m = MachineAlone.in(new StackPane(), t, presenter, 1280, 800);
                  PlaybackModel playback = m.playback();
                  MachineView mv = m.view();
                  javafx.scene.layout.Pane root = m.root();
                  List<String> out = new ArrayList<>();
                  caseFull = 0;
                  caseLeast = 0;
                  int size = t.size();
                  for (int at : new int[] {0, size / 3, size}) {
                    playback.seek(at);
                    root.applyCss();
                    root.layout();
                    for (double w = 320; w <= 2600; w += 37.5) {
                      double[] full = mv.cardAreaHeightSearch(w, false);
                      double[] least = mv.cardAreaHeightSearch(w, true);
                      String where =
                          name + (presenter ? " presenter" : " normal") + ", step " + at + ", " + w;
                      if (full[0] != least[0]) {
                        out.add(
                            where + " px: " + full[0] + " from 60 px, " + least[0] + " from least");
                      }
                      if (least[1] > full[1]) {
                        out.add(where + " px: " + least[1] + " probes against " + full[1]);
                      }
                      if (full[0] != 200 && full[0] != 600) {
                        found++;
                      }
                      caseFull += (long) full[1];
                      caseLeast += (long) least[1];
                      fullProbes += (long) full[1];
                      leastProbes += (long) least[1];
                      searches++;
                    }
                  }
                  System.out.printf(
                      Locale.ROOT,
                      "%s %s: probes from 60 px %d, from the least %d%n",
                      name,
                      presenter ? "presenter" : "normal",
                      caseFull,
                      caseLeast);
                  return out;
                })
            .get(2, java.util.concurrent.TimeUnit.MINUTES);
    assertThat(wrong).isEmpty();
  }

  @Test
  void theSearchFromTheLeastHeightFindsTheSameHeightWithNoMoreProbes() throws Exception {
    List<Object[]> runs = new ArrayList<>();
    runs.add(new Object[] {"1 CPU", builtIn("lesson-priority")});
    runs.add(new Object[] {"2 CPUs", builtIn("pending-ipi")});
    runs.add(new Object[] {"4 CPUs", builtIn("lesson-logical")});
    for (int cpus : new int[] {8, 16, 64}) {
      runs.add(new Object[] {cpus + " CPUs", ring(cpus)});
    }
    for (Object[] r : runs) {
      for (boolean presenter : new boolean[] {false, true}) {
        check((String) r[0], (Trace) r[1], presenter);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "height search: %d searches, probes from 60 px %d (%.1f each), from the least %d (%.1f each)%n",
        searches,
        fullProbes,
        fullProbes / (double) searches,
        leastProbes,
        leastProbes / (double) searches);
    assertThat(leastProbes).isLessThan(fullProbes);
    // not a comparison of fallbacks: the 1, 2, 4 and 64-CPU cards found their height at most widths
    assertThat(found).isGreaterThan(searches / 2);
  }
}
