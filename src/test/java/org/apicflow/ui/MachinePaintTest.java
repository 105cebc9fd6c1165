package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * What a step repaints in the machine view, the code pane and the event log is cheap to paint on
 * the software pipeline: no node has an effect (a blurred shadow is rendered again whenever its
 * node changes), and the lamp, the pills, the register chips, the envelopes on the bus and the
 * step's story draw their rounded lines and glows as two or more background layers (drawn once into
 * the region cache, then copied) instead of rounded borders (rasterised again at every paint); the
 * code list, the event table and the bus line draw their frames as layers too. The focused envelope
 * and the busy lamp still stand out: layers reaching outside the node (a halo), in the focus and
 * busy colours.
 */
@ExtendWith(ApplicationExtension.class)
class MachinePaintTest {
  private MainViewModel vm;
  private MainWindow window;

  /** Style classes whose rounded look must come from background layers. */
  private static final Set<String> LAYERED = Set.of("reg-chip", "pill", "lamp-dot", "story");

  @Start
  void start(Stage s) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(s);
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  private void settle() {
    UiTestSupport.layOut(window, 1, true);
  }

  private static void all(Node n, List<Node> out) {
    if (!n.isVisible()) {
      return;
    }
    out.add(n);
    if (n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) {
        all(c, out);
      }
    }
  }

  private static boolean rounded(Region r) {
    return r.getBorder() != null
        && r.getBorder().getStrokes().stream()
            .anyMatch(
                s -> !s.getRadii().isUniform() || s.getRadii().getTopLeftHorizontalRadius() > 0);
  }

  /** Whether the region has a border the rasteriser strokes (any side wider than nothing). */
  private static boolean stroked(Region r) {
    return r.getBorder() != null
        && r.getBorder().getStrokes().stream()
            .anyMatch(
                s ->
                    s.getWidths().getTop() > 0
                        || s.getWidths().getRight() > 0
                        || s.getWidths().getBottom() > 0
                        || s.getWidths().getLeft() > 0);
  }

  private static boolean halo(Region r) {
    List<BackgroundFill> f = r.getBackground() == null ? List.of() : r.getBackground().getFills();
    return f.size() >= 3 && f.get(0).getInsets().getTop() < 0;
  }

  /** Checks every node shown at each step; returns {focused envelopes, busy lamps} seen. */
  private int[] walk(int steps) {
    int[] seen = new int[2];
    UiTestSupport.awaitLoaded(vm);
    int size = fxGet(() -> vm.playback().getTrace().size());
    for (int i = 0; i < steps; i++) {
      int at = Math.min(size, i);
      fx(() -> vm.playback().seek(at));
      settle();
      fx(
          () -> {
            // what a step changes: the machine view, the code pane with its story, the event log
            List<Node> nodes = new ArrayList<>();
            all(window.machineView(), nodes);
            all(window.scene().lookup("#code-view"), nodes);
            all(window.scene().lookup("#event-log"), nodes);
            for (Node n : nodes) {
              assertThat(n.getEffect()).as("effect of %s at step %d", n, at).isNull();
              if (!(n instanceof Region r)) {
                continue;
              }
              boolean envelope =
                  r.getStyleClass().contains("envelope")
                      && !r.getPseudoClassStates().toString().contains("waiting")
                      && !r.getStyleClass().contains("mode-held");
              if (envelope || r.getStyleClass().stream().anyMatch(LAYERED::contains)) {
                assertThat(rounded(r)).as("rounded border of %s at step %d", n, at).isFalse();
              }
              if (r.getStyleClass().contains("code-list")
                  || r.getStyleClass().contains("bus-line")
                  || (r instanceof javafx.scene.control.TableView<?>
                      && "event-table".equals(r.getId()))) {
                assertThat(stroked(r)).as("border stroked around %s", n).isFalse();
                assertThat(r.getBackground().getFills())
                    .as("layers of %s", n)
                    .hasSizeGreaterThan(1);
              }
              String pseudo = r.getPseudoClassStates().toString();
              if (envelope && pseudo.contains("focus")) {
                assertThat(halo(r)).as("halo of the focused envelope %s", n).isTrue();
                seen[0]++;
              }
              if (r.getStyleClass().contains("lamp-dot") && pseudo.contains("busy")) {
                assertThat(halo(r)).as("halo of the busy lamp %s", n).isTrue();
                seen[1]++;
              }
            }
          });
    }
    return seen;
  }

  @Test
  void theBuiltInScenarioPaintsWithoutEffectsOrRoundedBorders() {
    int[] seen = walk(72);
    assertThat(seen[0]).as("steps with a focused envelope").isPositive();
    assertThat(seen[1]).as("steps with a busy lamp").isPositive();
  }

  @Test
  void eightCpusPaintWithoutEffectsOrRoundedBorders() throws Exception {
    UiTestSupport.openRing(vm, 8, 8);
    int[] seen = walk(40);
    assertThat(seen[0]).as("steps with a focused envelope").isPositive();
  }
}
