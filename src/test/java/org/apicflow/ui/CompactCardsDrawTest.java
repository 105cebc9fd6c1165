package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.stage.Stage;
import org.apicflow.ui.machine.CompactCards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The compact cards draw a step part by part (the lines and grids whose content changed, each over
 * a band of the card's colour; the rounded frame only when the border's look changed): after every
 * move the cards' pixels equal those of the same cards drawn whole, and a single step draws fewer
 * parts than whole cards would.
 */
@ExtendWith(ApplicationExtension.class)
class CompactCardsDrawTest {
  private MainViewModel vm;
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage s) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(s);
    stage = s;
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  private void settle() {
    UiTestSupport.layOut(window, 2, true);
  }

  /**
   * Asserts that every card, as the steps drew it, has the pixels of the same card drawn whole now;
   * returns the cards compared.
   */
  private static int assertDrawnAsWhole(CompactCards cc, String when) {
    List<int[]> stepped = fxGet(() -> UiTestSupport.canvasPixels(cc));
    fx(cc::redrawWhole);
    List<int[]> whole = fxGet(() -> UiTestSupport.canvasPixels(cc));
    assertThat(stepped).hasSameSizeAs(whole);
    for (int c = 0; c < stepped.size(); c++) {
      assertThat(UiTestSupport.differ(stepped.get(c), whole.get(c)))
          .as("card %d %s", c, when)
          .isEmpty();
    }
    return stepped.size();
  }

  @Test
  void stepsDrawnPartByPartEqualTheCardsDrawnWhole() throws Exception {
    CompactCards cc = ring(8, false);
    int size = fxGet(() -> vm.playback().getTrace().size());
    Random rnd = new Random(11);
    List<Integer> moves = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      moves.add(i); // single steps
    }
    for (int i = 0; i < 10; i++) {
      moves.add(rnd.nextInt(size)); // jumps, as a drag on the timeline makes
    }
    moves.add(3);
    moves.add(4);
    int checked = 0;
    for (int at : moves) {
      fx(() -> vm.playback().seek(at));
      settle();
      if (at == 3) {
        fx(
            () ->
                vm.machine()
                    .toggleSelect(2)); // a pinned card: its border changes, its parts do not
        settle();
      }
      checked += assertDrawnAsWhole(cc, "after the move to " + at);
    }
    assertThat(checked).isEqualTo(moves.size() * 8);
  }

  @Test
  void aStepDrawsOnlyThePartsThatChanged() throws Exception {
    UiTestSupport.openRing(vm, 8, 8);
    settle();
    CompactCards cc = window.machineView().compactCards();
    fx(() -> vm.playback().seek(10));
    settle();
    int cards0 = fxGet(cc::redrawnCards);
    int parts0 = fxGet(cc::redrawnParts);
    int steps = 20;
    for (int i = 11; i < 11 + steps; i++) {
      int at = i;
      fx(() -> vm.playback().seek(at));
      settle();
    }
    int cards = fxGet(cc::redrawnCards) - cards0;
    int parts = fxGet(cc::redrawnParts) - parts0;
    assertThat(cards).as("cards drawn in %d steps", steps).isPositive();
    // a card drawn whole draws eight parts (title, ICR, TPR and PPR, two lines of set bits, the
    // waiting message, two grids): part by part, a step draws well under that per card
    assertThat((double) parts / cards).as("parts per card drawn").isLessThan(6);
  }

  /** Shows a ring of {@code cpus} CPUs at 1280 x 800, in presenter mode or not. */
  private CompactCards ring(int cpus, boolean presenter) throws Exception {
    UiTestSupport.openRing(vm, cpus, 8);
    UiTestSupport.modeAt1280x800(vm, window, stage, presenter, 2);
    CompactCards cc = window.machineView().compactCards();
    assertThat(fxGet(cc::cardCount)).isEqualTo(cpus);
    fx(() -> vm.playback().seek(0));
    settle();
    return cc;
  }

  /** Draws so far: whole cards, parts, frames copied into a card's ring. */
  private static int[] draws(CompactCards cc) {
    return fxGet(() -> new int[] {cc.wholeCards(), cc.redrawnParts(), cc.framesCopied()});
  }

  @Test
  void aMovedHighlightRedrawsOnlyTheFrame() throws Exception {
    for (int cpus : new int[] {8, 16}) {
      CompactCards cc = ring(cpus, false);
      int steps = 63;
      int[] before = draws(cc);
      for (int i = 1; i <= steps; i++) {
        int at = i;
        fx(() -> vm.playback().seek(at));
        settle();
      }
      int[] after = draws(cc);
      int whole = after[0] - before[0];
      int parts = after[1] - before[1];
      int frames = after[2] - before[2];
      System.out.printf(
          "%d CPUs, %d steps: %d whole cards, %.2f parts a step, %d frames copied%n",
          cpus, steps, whole, (double) parts / steps, frames);
      // the active CPU moves round the ring: its border and the last one's change, drawn as
      // frames; no card is drawn whole (each would draw all its parts again)
      assertThat(frames).as("frames copied, %d CPUs", cpus).isPositive();
      assertThat(whole).as("cards drawn whole, %d CPUs", cpus).isZero();
    }
  }

  @Test
  void framesCopiedEqualTheCardsDrawnWholeNormalAndPresenter() throws Exception {
    for (boolean presenter : new boolean[] {false, true}) {
      String mode = presenter ? "presenter" : "normal";
      CompactCards cc = ring(8, presenter);
      int frames0 = fxGet(cc::framesCopied);
      for (int at = 1; at <= 63; at++) {
        int to = at;
        fx(() -> vm.playback().seek(to));
        settle();
        assertDrawnAsWhole(cc, mode + ", after step " + to);
      }
      // the walk copied frames (the comparison above covered them)
      assertThat(fxGet(cc::framesCopied) - frames0).as(mode + ": frames copied").isPositive();
    }
  }
}
