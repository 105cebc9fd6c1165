package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.apicflow.ui.UiTestSupport.inside;
import static org.apicflow.ui.UiTestSupport.sceneBounds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.apicflow.ui.machine.CpuCard;
import org.apicflow.ui.machine.MachineView;
import org.apicflow.ui.timeline.LaneGroups;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.apicflow.ui.timeline.TimelineCanvas.Laid;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The machine at 64 and 255 CPUs in a 1280 x 800 window, normal and presenter mode: the strip of
 * chips, the one full card and the bus stand one under the other with nothing overlapping, every
 * line of the card inside it, and the grouped timeline's strips still all in view. Facts about
 * bounds, not pixels.
 */
@ExtendWith(ApplicationExtension.class)
class ManyCpuLayoutTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage s) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    UiTestSupport.showAtCorner(window, s);
    stage = s;
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  private Stage stage;

  /** The window binds the shared test stage's title: later test classes set their own. */
  @org.junit.jupiter.api.AfterEach
  void releaseStage() {
    UiTestSupport.releaseStage(stage);
  }

  private void openRing(int cpus) throws Exception {
    UiTestSupport.openRing(vm, cpus, 8);
    settle();
  }

  private void settle() {
    UiTestSupport.layOut(window, 4, false);
  }

  private static boolean overlap(Bounds a, Bounds b) {
    double e = 0.5;
    return a.getMinX() < b.getMaxX() - e
        && b.getMinX() < a.getMaxX() - e
        && a.getMinY() < b.getMaxY() - e
        && b.getMinY() < a.getMaxY() - e;
  }

  /** Every shown text of a node's subtree (labels, pills, chips). */
  private static void texts(Node n, List<Labeled> out) {
    if (!n.isVisible()) {
      return;
    }
    if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
      out.add(l);
    }
    if (n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) {
        texts(c, out);
      }
    }
  }

  private void assertNothingOverlaps(String when) {
    fx(
        () -> {
          MachineView mv = window.machineView();
          Bounds view = sceneBounds(mv);
          Bounds strip = sceneBounds(mv.strip());
          Bounds bus = sceneBounds(mv.bus());
          assertThat(mv.cards()).hasSize(1);
          CpuCard card = mv.cards().get(0);
          Bounds c = sceneBounds(card);
          assertThat(inside(strip, view)).as(when + ": strip " + strip + " in " + view).isTrue();
          assertThat(inside(c, view)).as(when + ": card " + c + " in " + view).isTrue();
          assertThat(inside(bus, view)).as(when + ": bus " + bus + " in " + view).isTrue();
          assertThat(overlap(strip, c)).as(when + ": strip " + strip + " over card " + c).isFalse();
          assertThat(overlap(c, bus)).as(when + ": card " + c + " over bus " + bus).isFalse();
          List<Labeled> lines = new ArrayList<>();
          texts(card, lines);
          assertThat(lines).isNotEmpty();
          for (Labeled l : lines) {
            Bounds b = sceneBounds(l);
            assertThat(inside(b, c))
                .as(when + ": '" + l.getText() + "' " + b + " inside the card " + c)
                .isTrue();
            assertThat(overlap(b, bus))
                .as(when + ": '" + l.getText() + "' " + b + " over the bus " + bus)
                .isFalse();
          }
          // the grids, where shown, inside the card too
          for (Node g : List.of(card.irrGrid())) {
            if (g.isVisible() && g.getParent().isVisible() && card.irrGrid().cellSize() > 0) {
              assertThat(inside(sceneBounds(g), c))
                  .as(when + ": IRR grid inside the card")
                  .isTrue();
            }
          }
          // the grouped timeline keeps every strip in view
          TimelineCanvas tc = window.timelineView().canvas();
          Bounds shown = sceneBounds(window.timelineView());
          for (Laid l : tc.gutterLabels()) {
            Rectangle2D r = l.bounds();
            Bounds s =
                tc.localToScene(
                    new BoundingBox(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight()));
            assertThat(s.getMaxY())
                .as(when + ": timeline row '" + l.text() + "' " + s + " in " + shown)
                .isLessThanOrEqualTo(Math.min(shown.getMaxY(), MainWindow.HEIGHT) + 0.5);
          }
          // ... each strip readable: at least 11 px high and its name clear of the next one's, the
          // groups larger where the usual ones would not all read, and every CPU in a group
          LaneGroups lg = tc.laneGroups();
          int cpus = vm.playback().getFrame().state().cpuCount();
          assertThat(lg.grouped()).isTrue();
          assertThat(lg.first(0)).isZero();
          assertThat(lg.last(lg.groupCount() - 1)).isEqualTo(cpus - 1);
          assertThat(tc.rowHeight())
              .as(when + ": strips of " + lg.size() + " CPUs, " + lg.groupCount() + " of them")
              .isGreaterThanOrEqualTo(tc.leastStripHeight());
          assertThat(tc.gutterLabels().stream().filter(l -> l.text().startsWith("CPU ")))
              .hasSize(lg.groupCount());
          if (lg.size() > LaneGroups.groupSize(cpus)) {
            // larger groups only where the usual ones would have been thinner than readable
            int usual = (cpus + LaneGroups.groupSize(cpus) - 1) / LaneGroups.groupSize(cpus);
            assertThat(tc.rowHeight() * lg.groupCount() / usual)
                .as(when + ": the usual groups would not have read")
                .isLessThan(tc.leastStripHeight());
          }
        });
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 255})
  void stripCardAndBusDoNotOverlapAt1280x800(int cpus) throws Exception {
    openRing(cpus);
    int size = fxGet(() -> vm.playback().getTrace().size());
    for (boolean presenter : new boolean[] {false, true}) {
      fx(() -> vm.presenterProperty().set(presenter));
      settle();
      String mode = presenter ? "presenter" : "normal";
      for (int at : new int[] {0, 30, size / 2, size}) {
        fx(() -> vm.playback().seek(at));
        settle();
        assertNothingOverlaps(cpus + " CPUs, " + mode + ", step " + at);
      }
    }
    fx(() -> vm.presenterProperty().set(false));
  }
}
