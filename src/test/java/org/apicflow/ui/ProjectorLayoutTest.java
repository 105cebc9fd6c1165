package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.inside;
import static org.apicflow.ui.UiTestSupport.sceneBounds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.apicflow.ui.compare.ViewSwitch;
import org.apicflow.ui.machine.CpuCard;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.apicflow.ui.timeline.TimelineCanvas.Laid;
import org.apicflow.ui.timeline.TimelineView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window on a 1280 x 800 projector, normal and presenter mode: every timeline lane of a 1-4 CPU
 * built-in inside the part of the timeline the window shows (not merely inside the drawing, which a
 * split pane may cut), the machine keeping readable grids where they fit, a header and a toolbar
 * with nothing cut to an ellipsis. Facts about bounds, not pixels.
 */
@ExtendWith(ApplicationExtension.class)
class ProjectorLayoutTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage s) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    UiTestSupport.showAtCorner(window, s);
  }

  private void open(String id) {
    fx(() -> vm.open(UiTestSupport.builtIn(vm, id)));
    awaitCondition(
        () -> !vm.isBusy() && vm.getScenario() != null && vm.getScenario().id().equals(id));
    awaitLoaded(vm);
    settle();
  }

  /** Lets the window lay out and fit the machine (a pulse or two after a change), then draw. */
  private void settle() {
    for (int i = 0; i < 4; i++) {
      fx(() -> window.scene().getRoot().layout());
    }
    fx(() -> canvas().requestLayout());
    fx(() -> window.scene().getRoot().layout());
  }

  private TimelineCanvas canvas() {
    return window.timelineView().canvas();
  }

  private static Bounds intersect(Bounds a, Bounds b) {
    double x0 = Math.max(a.getMinX(), b.getMinX());
    double y0 = Math.max(a.getMinY(), b.getMinY());
    double x1 = Math.min(a.getMaxX(), b.getMaxX());
    double y1 = Math.min(a.getMaxY(), b.getMaxY());
    return new BoundingBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  }

  /**
   * What of the timeline the window really shows: the timeline panel, within the split pane's place
   * for it (which clips), within the scene.
   */
  private Bounds timelineViewport() {
    TimelineView tv = window.timelineView();
    Bounds b = sceneBounds(tv);
    for (Node p = tv.getParent(); p != null; p = p.getParent()) {
      if (p.getClip() != null || p.getStyleClass().contains("split-pane")) {
        b = intersect(b, sceneBounds(p));
      }
    }
    return intersect(b, new BoundingBox(0, 0, MainWindow.WIDTH, MainWindow.HEIGHT));
  }

  private void assertEveryLaneInView(String when) {
    int cpus = vm.playback().getFrame().state().cpuCount();
    fx(
        () -> {
          Bounds view = timelineViewport();
          TimelineCanvas c = canvas();
          List<Laid> labels = c.gutterLabels();
          List<String> texts = labels.stream().map(Laid::text).toList();
          for (int i = 0; i < cpus; i++) {
            assertThat(texts).as(when + ": lane label CPU " + i).contains("CPU " + i);
          }
          for (Laid l : labels) {
            Rectangle2D r = l.bounds();
            Bounds s =
                c.localToScene(
                    new BoundingBox(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight()));
            assertThat(inside(s, view))
                .as(
                    when
                        + ": label '"
                        + l.text()
                        + "' "
                        + s
                        + " inside the timeline's view "
                        + view)
                .isTrue();
            assertThat(r.getHeight())
                .as(when + ": " + l.text() + " readable")
                .isGreaterThanOrEqualTo(8);
          }
          // the lanes end inside the view: the drawing is not cut under its last lane
          Bounds drawn = sceneBounds(c);
          assertThat(drawn.getMaxY())
              .as(when + ": the drawing's bottom inside the timeline's view " + view)
              .isLessThanOrEqualTo(view.getMaxY() + 0.5);
        });
  }

  @Test
  void everyLaneOfOneToFourCpusIsInTheTimelinesViewNormalAndPresenter() {
    for (boolean presenter : new boolean[] {false, true}) {
      fx(() -> vm.presenterProperty().set(presenter));
      for (String id : Catalogue.ids()) {
        open(id);
        int n = vm.playback().getFrame().state().cpuCount();
        if (n > 4) {
          continue;
        }
        String mode = presenter ? "presenter" : "normal";
        assertEveryLaneInView(id + " (" + n + " CPUs, " + mode + ") at the start");
        fx(() -> vm.playback().seek(vm.playback().getTrace().size()));
        settle();
        assertEveryLaneInView(id + " (" + n + " CPUs, " + mode + ") at the end");
      }
    }
    fx(() -> vm.presenterProperty().set(false));
  }

  @Test
  void lanesStayInViewAfterSwitchingScenarioViewThemeAndPresenter(FxRobot robot) {
    open("icr-busy-nmi");
    assertEveryLaneInView("4 CPUs");
    open("pending-ipi");
    assertEveryLaneInView("back to 2 CPUs");
    robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT2).release(KeyCode.DIGIT2);
    robot.release(KeyCode.CONTROL);
    awaitCondition(() -> window.views().getMode() == ViewSwitch.Mode.COMPARE);
    robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT1).release(KeyCode.DIGIT1);
    robot.release(KeyCode.CONTROL);
    awaitCondition(() -> window.views().getMode() == ViewSwitch.Mode.SINGLE);
    settle();
    assertEveryLaneInView("after compare and back");
    fx(() -> vm.darkProperty().set(true));
    settle();
    assertEveryLaneInView("dark theme");
    robot.type(KeyCode.F5);
    settle();
    assertEveryLaneInView("presenter, dark");
    open("lesson-logical");
    assertEveryLaneInView("presenter, 4 CPUs");
    fx(() -> vm.presenterProperty().set(false));
    fx(() -> vm.darkProperty().set(false));
    settle();
    assertEveryLaneInView("normal again");
  }

  @Test
  void presenterModeKeepsTheGridsOfOneAndTwoCpusAtTwelvePixelsOrMore() {
    fx(() -> vm.presenterProperty().set(true));
    for (String id : Catalogue.ids()) {
      open(id);
      int n = vm.playback().getFrame().state().cpuCount();
      if (n > 2) {
        continue;
      }
      List<Integer> at = new ArrayList<>(List.of(0, vm.playback().getTrace().size()));
      vm.playback().getTrace().namedMarks().forEach(m -> at.add(m.event() + 1));
      for (int p : at) {
        fx(() -> vm.playback().seek(p));
        settle();
        for (CpuCard c : window.machineView().cards()) {
          String where = id + " presenter, step " + p + ", " + c.getId();
          fx(
              () -> {
                assertThat(c.irrGrid().isVisible()).as(where + ": IRR grid shown").isTrue();
                assertThat(c.irrGrid().cellSize()).as(where + ": cell").isGreaterThanOrEqualTo(12);
                assertThat(inside(sceneBounds(c.irrGrid()), sceneBounds(c)))
                    .as(
                        where
                            + ": grid "
                            + sceneBounds(c.irrGrid())
                            + " inside the card "
                            + sceneBounds(c))
                    .isTrue();
                assertThat(inside(sceneBounds(c), sceneBounds(window.machineView().cardArea())))
                    .as(where + ": card in view")
                    .isTrue();
              });
        }
      }
    }
    fx(() -> vm.presenterProperty().set(false));
  }

  /**
   * The built-ins that show the IO-APIC and 8259 cards: in presenter mode the cards stand in a
   * column beside the CPU cards, inside the machine and the window, and the CPU cards keep IRR
   * grids of 12 px cells at the steps where a device message is on the bus; every lane stays in
   * view.
   */
  @Test
  void theDeviceScenariosKeepTheirGridsAndLanesInPresenterMode() {
    fx(() -> vm.presenterProperty().set(true));
    Bounds win = new BoundingBox(0, 0, MainWindow.WIDTH, MainWindow.HEIGHT);
    for (String id : List.of("stale-isr-timer", "lesson-ioapic-level", "lesson-extint")) {
      open(id);
      var t = vm.playback().getTrace();
      List<Integer> at = new ArrayList<>(List.of(0, t.size()));
      for (var kind :
          List.of(
              org.apicflow.machine.EventKind.EXTINT_ENTRY,
              org.apicflow.machine.EventKind.EOI_BROADCAST,
              org.apicflow.machine.EventKind.IOAPIC_SET_IRQ)) {
        for (int i = 0; i < t.size(); i++) {
          if (t.kind(i) == kind) {
            at.add(i + 1);
            break;
          }
        }
      }
      for (int p : at) {
        fx(() -> vm.playback().seek(p));
        settle();
        String where = id + " presenter, step " + p;
        fx(
            () -> {
              var mv = window.machineView();
              assertThat(mv.deviceCards().isVisible()).as(where + ": device cards").isTrue();
              assertThat(mv.devicesBeside()).as(where + ": beside the CPU cards").isTrue();
              Bounds area = sceneBounds(mv.cardArea());
              for (Node d : List.of(mv.deviceCards().ioapicCard(), mv.deviceCards().picCard())) {
                assertThat(inside(sceneBounds(d), area))
                    .as(where + ": " + d.getId() + " in view")
                    .isTrue();
                assertThat(inside(sceneBounds(d), win)).as(where + ": " + d.getId()).isTrue();
                for (CpuCard c : mv.cards()) {
                  assertThat(sceneBounds(d).intersects(sceneBounds(c)))
                      .as(where + ": " + d.getId() + " over " + c.getId())
                      .isFalse();
                }
              }
              for (CpuCard c : mv.cards()) {
                assertThat(c.irrGrid().isVisible()).as(where + ": IRR grid").isTrue();
                assertThat(c.irrGrid().cellSize()).as(where + ": cell").isGreaterThanOrEqualTo(12);
                assertThat(inside(sceneBounds(c.irrGrid()), sceneBounds(c)))
                    .as(where + ": grid in card")
                    .isTrue();
              }
            });
        assertEveryLaneInView(where);
      }
    }
    fx(() -> vm.presenterProperty().set(false));
  }

  @Test
  void everyCardOfTheFourCpuBuiltInsIsInViewInPresenterMode() {
    fx(() -> vm.presenterProperty().set(true));
    Bounds win = new BoundingBox(0, 0, MainWindow.WIDTH, MainWindow.HEIGHT);
    for (String id : Catalogue.ids()) {
      open(id);
      if (vm.playback().getFrame().state().cpuCount() != 4) {
        continue;
      }
      List<Integer> at = new ArrayList<>(List.of(0, vm.playback().getTrace().size()));
      vm.playback().getTrace().namedMarks().forEach(m -> at.add(m.event() + 1));
      for (int p : at) {
        fx(() -> vm.playback().seek(p));
        settle();
        String where = id + " presenter, step " + p;
        fx(
            () -> {
              List<CpuCard> cards = window.machineView().cards();
              assertThat(cards).hasSize(4);
              Bounds area = sceneBounds(window.machineView().cardArea());
              for (CpuCard c : cards) {
                Bounds b = sceneBounds(c);
                assertThat(inside(b, area))
                    .as(where + ": " + c.getId() + " in the machine")
                    .isTrue();
                assertThat(inside(b, win)).as(where + ": " + c.getId() + " in the window").isTrue();
                for (String part : List.of("#why-", "#bits-", "#badge-")) {
                  Node n = c.lookup(part + c.viewModel().cpu());
                  assertThat(inside(sceneBounds(n), b))
                      .as(where + ": " + part + " inside the card")
                      .isTrue();
                }
                if (c.irrGrid().isVisible() && c.irrGrid().getParent().isVisible()) {
                  assertThat(inside(sceneBounds(c.irrGrid()), b))
                      .as(where + ": grid inside")
                      .isTrue();
                }
              }
              for (int i = 0; i < cards.size(); i++) {
                for (int j = i + 1; j < cards.size(); j++) {
                  assertThat(sceneBounds(cards.get(i)).intersects(sceneBounds(cards.get(j))))
                      .as(where + ": cards " + i + " and " + j + " overlap")
                      .isFalse();
                }
              }
            });
      }
    }
    fx(() -> vm.presenterProperty().set(false));
  }

  /**
   * The scenario editor open in presenter mode stands over the code pane: the machine keeps the
   * whole width, so a 2-CPU scenario keeps IRR grids of 12 px cells, and the timeline stays in
   * view.
   */
  @Test
  void theEditorInPresenterModeLeavesTheCardsTheirGrids() {
    fx(() -> vm.presenterProperty().set(true));
    fx(() -> window.workshop().editorShownProperty().set(true));
    open("pending-ipi");
    List<Integer> at = new ArrayList<>(List.of(0, vm.playback().getTrace().size()));
    vm.playback().getTrace().namedMarks().forEach(m -> at.add(m.event() + 1));
    for (int p : at) {
      fx(() -> vm.playback().seek(p));
      settle();
      String where = "pending-ipi presenter with the editor, step " + p;
      fx(
          () -> {
            Node side = window.workshop().sidePane();
            assertThat(side.isVisible()).as(where + ": editor shown").isTrue();
            Bounds machine = sceneBounds(window.machineView());
            assertThat(sceneBounds(side).intersects(machine))
                .as(
                    where
                        + ": the editor "
                        + sceneBounds(side)
                        + " clear of the machine "
                        + machine)
                .isFalse();
            assertThat(sceneBounds(side).intersects(sceneBounds(window.timelineView())))
                .as(where + ": the editor clear of the timeline")
                .isFalse();
            for (CpuCard c : window.machineView().cards()) {
              assertThat(c.irrGrid().isVisible()).as(where + ": IRR grid").isTrue();
              assertThat(c.irrGrid().cellSize()).as(where + ": cell").isGreaterThanOrEqualTo(12);
              assertThat(inside(sceneBounds(c.irrGrid()), sceneBounds(c)))
                  .as(where + ": grid in card")
                  .isTrue();
            }
          });
      assertEveryLaneInView(where);
    }
    fx(() -> window.workshop().editorShownProperty().set(false));
    fx(() -> vm.presenterProperty().set(false));
    settle();
    fx(
        () ->
            assertThat(window.workshop().sidePane().getParent())
                .as("the editor's pane back beside the views")
                .isNotNull());
  }

  /**
   * Compare in presenter mode: each mini card's "differs" line (the surviving IRR bit) is whole,
   * not cut to an ellipsis, and inside the part of its panel the window shows.
   */
  @Test
  void theCompareCardsShowTheirDiffersLineWholeInPresenterMode(FxRobot robot) {
    fx(() -> vm.presenterProperty().set(true));
    open("pending-ipi");
    robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT2).release(KeyCode.DIGIT2);
    robot.release(KeyCode.CONTROL);
    awaitCondition(
        () ->
            window.views().getMode() == ViewSwitch.Mode.COMPARE
                && !window.views().compare().isBusy()
                && window.views().compare().panels().size() == vm.getScenario().fixNames().size());
    settle();
    fx(
        () -> {
          int shown = 0;
          for (Node n : window.scene().getRoot().lookupAll(".mini-differs")) {
            if (!n.isVisible() || ((Labeled) n).getText().isEmpty()) {
              continue;
            }
            shown++;
            Labeled l = (Labeled) n;
            assertThat(((javafx.scene.text.Text) l.lookup(".text")).getText())
                .as(l.getId() + " whole")
                .isEqualTo(l.getText());
            Bounds view = new BoundingBox(0, 0, MainWindow.WIDTH, MainWindow.HEIGHT);
            for (Node p = n.getParent(); p != null; p = p.getParent()) {
              if (p instanceof javafx.scene.control.ScrollPane sp) {
                view = intersect(view, sceneBounds(sp));
              }
            }
            assertThat(inside(sceneBounds(n), view))
                .as(l.getText() + " " + sceneBounds(n) + " inside its panel's view " + view)
                .isTrue();
          }
          assertThat(shown).as("panels that say what differs").isGreaterThan(0);
        });
    robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT1).release(KeyCode.DIGIT1);
    robot.release(KeyCode.CONTROL);
    awaitCondition(() -> window.views().getMode() == ViewSwitch.Mode.SINGLE);
    fx(() -> vm.presenterProperty().set(false));
  }

  /** Labels under a node that are cut to an ellipsis (their text does not fit their width). */
  private static List<String> truncated(Node root) {
    List<String> out = new ArrayList<>();
    for (Node n : root.lookupAll(".labeled")) {
      collect(n, out);
    }
    collect(root, out);
    for (Node n : root.lookupAll(".label")) {
      collect(n, out);
    }
    for (Node n : root.lookupAll(".button")) {
      collect(n, out);
    }
    for (Node n : root.lookupAll(".toggle-button")) {
      collect(n, out);
    }
    return out;
  }

  private static void collect(Node n, List<String> out) {
    if (!(n instanceof Labeled l)
        || !n.isVisible()
        || l.getText() == null
        || l.getText().isEmpty()) {
      return;
    }
    for (Node p = n; p != null; p = p.getParent()) {
      if (!p.isVisible()) {
        return;
      }
    }
    Node text = l.lookup(".text");
    if (text instanceof javafx.scene.text.Text t && !t.getText().equals(l.getText())) {
      out.add(l.getText() + " shown as '" + t.getText() + "'");
    }
  }

  @Test
  void theTimelineHeaderAndTheToolbarFitWithoutEllipsesNormalAndPresenter() {
    for (String id : List.of("pending-ipi", "icr-busy-nmi", "stale-isr-timer")) {
      for (boolean presenter : new boolean[] {false, true}) {
        fx(() -> vm.presenterProperty().set(presenter));
        open(id);
        String where = id + (presenter ? " presenter" : " normal");
        fx(
            () -> {
              TimelineView tv = window.timelineView();
              assertThat(truncated(tv.header())).as(where + ": timeline header").isEmpty();
              Bounds head = sceneBounds(tv.header());
              for (Node n : tv.header().getChildren()) {
                if (n.isVisible()) {
                  assertThat(inside(sceneBounds(n), head))
                      .as(where + ": " + n + " in the header")
                      .isTrue();
                }
              }
              // at least the first legend items are there; the rest are in the key's tooltip
              assertThat(tv.shownLegendItems()).as(where + ": legend items").isNotEmpty();
              Node tk = tv.header().lookup("#timeline-key");
              assertThat(tk.isVisible()).isTrue();
              assertThat(inside(sceneBounds(tk), head))
                  .as(where + ": the key in the header")
                  .isTrue();

              Node bar = window.scene().lookup(".app-toolbar");
              Bounds win = new BoundingBox(0, 0, MainWindow.WIDTH, MainWindow.HEIGHT);
              Labeled outcome = (Labeled) window.scene().lookup("#outcome");
              assertThat(outcome.getText()).isNotEmpty();
              assertThat(((javafx.scene.text.Text) outcome.lookup(".text")).getText())
                  .as(where + ": the outcome badge whole")
                  .isEqualTo(outcome.getText());
              assertThat(inside(sceneBounds(outcome), win))
                  .as(where + ": outcome in the window")
                  .isTrue();
              for (String right : List.of("#presenter-toggle", "#theme-toggle")) {
                assertThat(inside(sceneBounds(bar.lookup(right)), win))
                    .as(where + ": " + right + " in the window")
                    .isTrue();
              }
              assertThat(truncated(bar).stream().filter(t -> !t.startsWith(pickerTitle())))
                  .as(where + ": toolbar")
                  .isEmpty();
            });
      }
    }
    fx(() -> vm.presenterProperty().set(false));
  }

  /** The picker's button may shorten a long title (its tooltip and list have it whole). */
  private String pickerTitle() {
    return vm.getScenario() == null ? "" : vm.getScenario().title();
  }
}
