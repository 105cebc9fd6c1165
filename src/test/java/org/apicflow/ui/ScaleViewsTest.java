package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.apicflow.apic.VectorSet;
import org.apicflow.trace.Trace;
import org.apicflow.ui.machine.CompactCards;
import org.apicflow.ui.machine.CpuCard;
import org.apicflow.ui.machine.CpuStrip;
import org.apicflow.ui.timeline.LaneGroups;
import org.apicflow.ui.timeline.LaneKind;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.apicflow.ui.timeline.TimelineCanvas.Laid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window at many CPUs, by the facts it lays out: the timeline's lanes in groups (a strip per
 * group, opened by a click on its name or by the keyboard), the machine's strip of CPU chips with
 * one card that follows the shown CPU, tiny grids that name their count and highest vector, and
 * tooltips made only when pointed at.
 */
@ExtendWith(ApplicationExtension.class)
class ScaleViewsTest {
  private MainViewModel vm;
  private MainWindow window;

  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  /** The window binds the shared test stage's title: later test classes set their own. */
  @org.junit.jupiter.api.AfterEach
  void releaseStage() {
    UiTestSupport.releaseStage(stage);
  }

  private void openRing(int cpus, long horizonUs) throws Exception {
    UiTestSupport.openRing(vm, cpus, horizonUs);
    layout();
  }

  private void layout() {
    UiTestSupport.layOut(window, 1, false);
  }

  private TimelineCanvas canvas() {
    return window.timelineView().canvas();
  }

  private List<String> gutterNames() {
    return fxGet(() -> canvas().gutterLabels().stream().map(Laid::text).toList());
  }

  @Test
  void sixtyFourCpusShowEightGroupStripsThatCountEveryCpu() throws Exception {
    openRing(64, 6);
    LaneGroups g = fxGet(() -> canvas().laneGroups());
    assertThat(g.rowCount()).isEqualTo(8);
    List<String> names = gutterNames();
    for (int k = 0; k < 8; k++) {
      assertThat(names).contains("CPU " + (8 * k) + "\u2013" + (8 * k + 7));
    }
    assertThat(names).doesNotContain("CPU 5", "CPU 63");
    // in any column of the plot, a group's strip counts each of its CPUs once
    double left = fxGet(() -> canvas().plotLeft());
    double right = fxGet(() -> canvas().plotRight());
    for (double x : new double[] {left + 2, (left + right) / 2, right - 2}) {
      for (int grp = 0; grp < 8; grp++) {
        int total = 0;
        for (LaneKind k : LaneKind.values()) {
          int gg = grp;
          double xx = x;
          total += fxGet(() -> canvas().groupCount(gg, xx, k));
        }
        assertThat(total).as("group %d at x %.0f", grp, x).isEqualTo(8);
      }
    }
    // the ring keeps its CPUs busy: somewhere a group has CPUs in their IPI handler
    boolean handler = false;
    for (double x = left; x < right && !handler; x += 3) {
      for (int grp = 0; grp < 8 && !handler; grp++) {
        int gg = grp;
        double xx = x;
        handler = fxGet(() -> canvas().groupCount(gg, xx, LaneKind.HANDLER)) > 0;
      }
    }
    assertThat(handler).isTrue();
  }

  @Test
  void aClickOnAGroupsNameOpensItsLanesAndASecondClosesThem() throws Exception {
    openRing(64, 6);
    int row = 1; // group 1: CPUs 8 to 15
    double y = fxGet(() -> canvas().rowY(row));
    press(8, y);
    layout();
    LaneGroups g = fxGet(() -> canvas().laneGroups());
    assertThat(fxGet(() -> g.isExpanded(1))).isTrue();
    assertThat(fxGet(g::rowCount)).isEqualTo(16);
    List<Laid> laid = fxGet(() -> canvas().gutterLabels());
    double head = centre(laid, "CPU 8\u201315");
    double next = centre(laid, "CPU 16\u201323");
    double prev = Double.NEGATIVE_INFINITY;
    for (int c = 8; c < 16; c++) {
      double cy = centre(laid, "CPU " + c);
      assertThat(cy).as("CPU %d under its group's strip, in order", c).isGreaterThan(head);
      assertThat(cy).isLessThan(next).isGreaterThan(prev);
      prev = cy;
    }
    assertThat(gutterNames()).doesNotContain("CPU 7", "CPU 16");
    double y2 = fxGet(() -> canvas().rowY(1));
    press(8, y2);
    layout();
    assertThat(fxGet(g::rowCount)).isEqualTo(8);
    assertThat(gutterNames()).doesNotContain("CPU 8");
  }

  @Test
  void theKeyboardPicksAGroupAndOpensIt() throws Exception {
    openRing(64, 6);
    key(KeyCode.DOWN);
    key(KeyCode.DOWN);
    key(KeyCode.DOWN);
    key(KeyCode.UP);
    key(KeyCode.ENTER);
    layout();
    LaneGroups g = fxGet(() -> canvas().laneGroups());
    assertThat(fxGet(g::focused)).isEqualTo(1);
    assertThat(fxGet(() -> g.isExpanded(1))).isTrue();
    assertThat(gutterNames()).contains("CPU 8", "CPU 15");
    key(KeyCode.ENTER);
    layout();
    assertThat(fxGet(() -> g.isExpanded(1))).isFalse();
  }

  @Test
  void twoHundredFiftyFiveCpusShowSixteenStripsAndAChipPerCpu() throws Exception {
    openRing(255, 3);
    assertThat(fxGet(() -> canvas().laneGroups().rowCount())).isEqualTo(16);
    assertThat(gutterNames()).contains("CPU 0\u201315", "CPU 240\u2013254");
    CpuStrip strip = window.machineView().strip();
    assertThat(fxGet(strip::chipCount)).isEqualTo(255);
    // the chips stand in rows inside the strip, none over another
    fx(
        () -> {
          for (int c = 1; c < 255; c++) {
            var a = strip.chipBounds(c - 1);
            var b = strip.chipBounds(c);
            assertThat(a.intersects(b)).as("chips %d and %d", c - 1, c).isFalse();
            assertThat(b.getMaxX()).isLessThanOrEqualTo(strip.getWidth() + 0.5);
            assertThat(strip.chipAt(b.getMinX() + 2, b.getMinY() + 2)).isEqualTo(c);
          }
        });
  }

  @Test
  void manyCpusKeepOneCardThatFollowsTheShownCpuAndRedrawOnlyChangedChips() throws Exception {
    openRing(64, 6);
    int size = fxGet(() -> vm.playback().getTrace().size());
    fx(() -> vm.playback().seek(size / 2));
    layout();
    CpuCard card = fxGet(() -> window.machineView().cards().get(0));
    CpuStrip strip = window.machineView().strip();
    int redrawn = fxGet(strip::redrawnChips);
    int steps = 20;
    java.util.Set<Integer> shown = new java.util.HashSet<>();
    for (int i = 1; i <= steps; i++) {
      int at = size / 2 + i;
      fx(() -> vm.playback().seek(at));
      layout();
      assertThat(fxGet(() -> window.machineView().cards())).hasSize(1);
      assertThat(fxGet(() -> window.machineView().cards().get(0))).isSameAs(card);
      int cpu = fxGet(() -> vm.machine().shownCpuProperty().get());
      shown.add(cpu);
      // the one card keeps its name (a node renamed is styled again, with all under it)
      assertThat(fxGet(card::getId)).isEqualTo("cpu-card-shown");
      assertThat(fxGet(() -> card.viewModel().cpu())).isEqualTo(cpu);
    }
    assertThat(shown).as("the ring's events move from CPU to CPU").hasSizeGreaterThan(1);
    // a step changes a few CPUs' looks: far fewer chips are drawn than 64 per step
    int per = (fxGet(strip::redrawnChips) - redrawn) / steps;
    assertThat(per).isLessThan(16);
  }

  @Test
  void theStripHasACanvasPerRowOfChipsAndStepsDrawAsAWholeRedrawWould() throws Exception {
    openRing(64, 6);
    CpuStrip strip = window.machineView().strip();
    int size = fxGet(() -> vm.playback().getTrace().size());
    fx(() -> vm.playback().seek(size / 3));
    layout();
    // one canvas per row, each exactly a row of chips high, where its chips are: a step that
    // changes chips in one row leaves the other rows' canvases as they were
    fx(
        () -> {
          var rows = strip.rowCanvases();
          java.util.Set<Double> tops = new java.util.TreeSet<>();
          for (int c = 0; c < strip.chipCount(); c++) {
            tops.add(strip.chipBounds(c).getMinY());
          }
          assertThat(rows).hasSize(tops.size()).hasSizeGreaterThan(1);
          int r = 0;
          for (double top : tops) {
            var k = rows.get(r++);
            assertThat(k.getLayoutY() - strip.snappedTopInset()).isEqualTo(top);
            assertThat(k.getHeight()).isEqualTo(strip.chipBounds(0).getHeight());
          }
        });
    // a click on a chip, which the row's canvas receives, pins that CPU
    int cpu = 37;
    var chip = fxGet(() -> strip.chipBounds(cpu));
    Node row =
        fxGet(
            () ->
                strip.rowCanvases().stream()
                    .filter(k -> k.getLayoutY() - strip.snappedTopInset() == chip.getMinY())
                    .findFirst()
                    .orElseThrow());
    mouse(
        row, MouseEvent.MOUSE_CLICKED, chip.getMinX() + chip.getWidth() / 2, chip.getHeight() / 2);
    assertThat(fxGet(() -> vm.machine().pinnedCpuProperty().get())).isEqualTo(cpu);
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 30; i++) {
      int at = i % 3 == 2 ? rnd.nextInt(size) : size / 3 + i; // steps, and now and then a jump
      fx(() -> vm.playback().seek(at));
      layout();
      if (i % 5 == 4) {
        java.util.List<int[]> stepped = fxGet(() -> UiTestSupport.canvasPixels(strip));
        fx(strip::redrawWhole);
        java.util.List<int[]> whole = fxGet(() -> UiTestSupport.canvasPixels(strip));
        assertThat(stepped).hasSameSizeAs(whole);
        for (int r = 0; r < whole.size(); r++) {
          assertThat(UiTestSupport.differ(stepped.get(r), whole.get(r)))
              .as("row %d after move %d", r, i)
              .isEmpty();
        }
      }
    }
  }

  @Test
  void compactCardsShowTheCountAndHighestVectorOfTinyGrids() throws Exception {
    openRing(8, 20);
    Trace t = fxGet(() -> vm.playback().getTrace());
    // a step where some CPU holds a request in IRR
    int at = -1;
    for (int i = t.size() / 2; i < t.size() && at < 0; i++) {
      var m = t.stateAt(i);
      for (int c = 0; c < 8; c++) {
        if (!m.cpu(c).apic().irr().isEmpty()) {
          at = i;
        }
      }
    }
    assertThat(at).isNotNegative();
    int pos = at;
    fx(() -> vm.playback().seek(pos));
    layout();
    // five to sixteen CPUs: the compact cards are drawn on one canvas, no card nodes
    assertThat(fxGet(() -> window.machineView().cards())).isEmpty();
    CompactCards compact = window.machineView().compactCards();
    assertThat(fxGet(compact::cardCount)).isEqualTo(8);
    assertThat(fxGet(compact::isSummary)).as("IRR is tiny").isTrue();
    var state = fxGet(() -> vm.playback().getFrame().state());
    boolean sawSet = false;
    for (int c = 0; c < 8; c++) {
      int cpu = c;
      VectorSet bits = state.cpu(c).apic().irr();
      String[] lines = fxGet(() -> compact.summaryLines(cpu, 0));
      if (bits.isEmpty()) {
        assertThat(lines).containsExactly("none");
      } else {
        sawSet = true;
        assertThat(lines)
            .containsExactly(bits.size() + " set", "top " + Trace.vectorText(bits.highest()));
      }
    }
    assertThat(sawSet).isTrue();
  }

  @Test
  void compactCardsAreAllInViewAndAStepRedrawsOnlyTheCardsThatChanged() throws Exception {
    openRing(16, 20);
    CompactCards compact = window.machineView().compactCards();
    assertThat(fxGet(compact::cardCount)).isEqualTo(16);
    int size = fxGet(() -> vm.playback().getTrace().size());
    fx(() -> vm.playback().seek(size / 2));
    layout();
    // every card inside the canvas's region, none over another
    fx(
        () -> {
          for (int c = 0; c < 16; c++) {
            var b = compact.cardBounds(c);
            assertThat(b.getMaxX()).isLessThanOrEqualTo(compact.getWidth() + 0.5);
            assertThat(compact.cardAt(b.getMinX() + 5, b.getMinY() + 5)).isEqualTo(c);
            for (int d = c + 1; d < 16; d++) {
              assertThat(b.intersects(compact.cardBounds(d))).as("cards %d, %d", c, d).isFalse();
            }
          }
        });
    int before = fxGet(compact::redrawnCards);
    int steps = 20;
    for (int i = 1; i <= steps; i++) {
      int at = size / 2 + i;
      fx(() -> vm.playback().seek(at));
      layout();
    }
    int per = (fxGet(compact::redrawnCards) - before) / steps;
    // a ring step changes the card of the CPU that ran and of the one it sent to, not all 16
    assertThat(per).isGreaterThan(0).isLessThan(8);
    // a click on a card pins its CPU; Enter on the keyboard's card pins it too
    var b5 = fxGet(() -> compact.cardBounds(5));
    // a fired event's point is in scene coordinates (the target's are worked out from them)
    var at5 = fxGet(() -> compact.localToScene(b5.getMinX() + 10, b5.getMinY() + 10));
    fx(
        () ->
            Event.fireEvent(
                compact,
                new MouseEvent(
                    MouseEvent.MOUSE_CLICKED,
                    at5.getX(),
                    at5.getY(),
                    0,
                    0,
                    MouseButton.PRIMARY,
                    1,
                    false,
                    false,
                    false,
                    false,
                    true,
                    false,
                    false,
                    false,
                    false,
                    true,
                    null)));
    assertThat(fxGet(() -> vm.machine().shownCpuProperty().get())).isEqualTo(5);
    assertThat(fxGet(() -> vm.machine().getCards().get(5).selectedProperty().get())).isTrue();
    fx(compact::requestFocus);
    for (KeyCode k : new KeyCode[] {KeyCode.DOWN, KeyCode.DOWN, KeyCode.DOWN, KeyCode.ENTER}) {
      fx(
          () ->
              Event.fireEvent(
                  compact,
                  new javafx.scene.input.KeyEvent(
                      javafx.scene.input.KeyEvent.KEY_PRESSED,
                      "",
                      "",
                      k,
                      false,
                      false,
                      false,
                      false)));
    }
    assertThat(fxGet(compact::keyCursor)).isEqualTo(2);
    assertThat(fxGet(() -> vm.machine().shownCpuProperty().get())).isEqualTo(2);
    // the tooltip names the card's state and set bits
    String tipText = fxGet(() -> compact.describe(b5.getMinX() + 10, b5.getMinY() + 10));
    assertThat(tipText).startsWith("CPU 5: ").contains("Click to pin");
  }

  @Test
  void fullCardsKeepTheirCellsAndTooltipsAreMadeOnFirstHover() {
    awaitLoaded(vm);
    layout();
    CpuCard card = fxGet(() -> window.machineView().cards().get(0));
    assertThat(fxGet(() -> card.irrGrid().isSummary())).isFalse();
    Label tpr = (Label) fxGet(() -> card.lookup("#tpr-0"));
    assertThat(fxGet(tpr::getTooltip)).isNull();
    UiTestSupport.hover(tpr);
    assertThat(fxGet(tpr::getTooltip)).isNotNull();
    assertThat(fxGet(() -> tpr.getTooltip().getText())).contains("Task Priority Register");
  }

  private static double centre(List<Laid> laid, String text) {
    return laid.stream()
        .filter(l -> l.text().equals(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gutter label " + text))
        .bounds()
        .getMinY();
  }

  private void press(double x, double y) {
    mouse(fxGet(() -> canvas().getChildrenUnmodifiable().get(1)), MouseEvent.MOUSE_PRESSED, x, y);
  }

  /**
   * A primary-button mouse event of {@code type} on {@code target} at (x, y) in its coordinates.
   */
  private static void mouse(
      Node target, javafx.event.EventType<MouseEvent> type, double x, double y) {
    fx(
        () -> {
          // a mouse event is made with scene coordinates; the target gets them as its own
          var at = target.localToScene(x, y);
          Event.fireEvent(
              target,
              new MouseEvent(
                  type,
                  at.getX(),
                  at.getY(),
                  at.getX(),
                  at.getY(),
                  MouseButton.PRIMARY,
                  1,
                  false,
                  false,
                  false,
                  false,
                  true,
                  false,
                  false,
                  true,
                  false,
                  false,
                  null));
        });
  }

  private void key(KeyCode k) {
    fx(
        () ->
            Event.fireEvent(
                window.timelineView(),
                new KeyEvent(KeyEvent.KEY_PRESSED, "", "", k, false, false, false, false)));
  }
}
