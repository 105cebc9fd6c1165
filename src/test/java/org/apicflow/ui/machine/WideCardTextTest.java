package org.apicflow.ui.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Pane;
import org.apicflow.scenario.Catalogue;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The pending-IPI built-in (two CPUs) at step 8 in presenter type on a 1920 px wide window: the
 * cards have room for grids beside their register text, and none of that text is cut to an ellipsis
 * to fit one more grid (the ICR's lamp, the message waiting at CPU 0, the why line); the grids
 * shown keep readable cells. Laid out at the step directly and after stepping to it from the start,
 * at the height the machine asks for, as the window gives it.
 */
@ExtendWith(ApplicationExtension.class)
class WideCardTextTest {
  private static final double WIDTH = 1900;

  private static MachineAlone machine(Trace t, boolean presenter) {
    MachineAlone m = MachineAlone.in(new Pane(), t, presenter, 1920, 1080);
    // laid out at the size the test gives it, not at its preferred size
    m.view().setManaged(false);
    return m;
  }

  /** Lays the machine out at its width and the height it asks for there, as the window does. */
  private static void fit(MachineAlone m) {
    for (int i = 0; i < 3; i++) {
      m.root().applyCss();
      double h = Math.ceil(m.view().prefHeight(WIDTH));
      m.view().resizeRelocate(0, 0, WIDTH, h);
      m.root().layout();
    }
  }

  /** The labels of the cards' register info cut to an ellipsis, and what they show. */
  private static List<String> cut(MachineView mv) {
    List<String> out = new ArrayList<>();
    for (CpuCard c : mv.cards()) {
      for (Node n : c.info().lookupAll(".label")) {
        if (!(n instanceof Labeled l) || l.getText() == null || l.getText().isEmpty()) {
          continue;
        }
        boolean shown = true;
        for (Node p = n; p != null && p != c; p = p.getParent()) {
          shown &= p.isVisible() && p.isManaged();
        }
        if (!shown) {
          continue;
        }
        Node text = l.lookup(".text");
        if (text instanceof javafx.scene.text.Text t
            && !t.getText().replace("\n", " ").equals(l.getText().replace("\n", " "))) {
          out.add(c.getId() + ": '" + l.getText() + "' shown as '" + t.getText() + "'");
        }
      }
    }
    return out;
  }

  private static List<String> check(MachineAlone m, String where) {
    List<String> wrong = new ArrayList<>();
    wrong.addAll(cut(m.view()).stream().map(s -> where + ": " + s).toList());
    for (CpuCard c : m.view().cards()) {
      if (c.gridsShown() < 1) {
        wrong.add(where + ": " + c.getId() + " shows no grid");
      }
      if (c.irrGrid().cellSize() < MachineView.CELL_MIN) {
        wrong.add(where + ": " + c.getId() + " cell " + c.irrGrid().cellSize());
      }
    }
    return wrong;
  }

  /** What {@code find} finds wrong with the default scenario's run, looked at on the FX thread. */
  private static List<String> wrongOnFx(java.util.function.Function<Trace, List<String>> find)
      throws Exception {
    Trace t = Simulator.run(Catalogue.load("pending-ipi").program("none"));
    return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> find.apply(t))
        .get(1, java.util.concurrent.TimeUnit.MINUTES);
  }

  @Test
  void twoCpusInPresenterTypeAt1920ShowTheirRegisterTextWholeBesideTheirGrids() throws Exception {
    List<String> wrong =
        wrongOnFx(
            t -> {
              List<String> out = new ArrayList<>();
              // laid out at step 8 directly
              MachineAlone direct = machine(t, true);
              direct.playback().seek(8);
              fit(direct);
              out.addAll(check(direct, "step 8"));
              // laid out at the start, then stepped to step 8 at the same size
              MachineAlone stepped = machine(t, true);
              fit(stepped);
              for (int s = 1; s <= 8; s++) {
                stepped.playback().seek(s);
                stepped.root().applyCss();
                stepped.root().layout();
              }
              stepped.root().layout();
              out.addAll(check(stepped, "step 0 to 8"));
              return out;
            });
    assertThat(wrong).isEmpty();
  }

  /**
   * Where whole text would cost a grid (two CPUs in normal type on a 1280 px window: IRR and ISR
   * leave the register column too narrow for the waiting message), the cards keep both grids and
   * the machine asks for no more height than that needs: whole text is preferred only among
   * arrangements with the grids that matter.
   */
  @Test
  void wholeTextNeverCostsTwoCpusTheirSecondGrid() throws Exception {
    List<String> wrong =
        wrongOnFx(
            t -> {
              List<String> out = new ArrayList<>();
              MachineAlone m = machine(t, false);
              m.playback().seek(8);
              // at the height it asks for, and at the taller one a 1280 x 800 window gives
              // it when that ask is taken as what whole text needs (one grid then)
              for (double h : new double[] {-1, 460}) {
                for (int i = 0; i < 3; i++) {
                  m.root().applyCss();
                  double at = h > 0 ? h : Math.ceil(m.view().prefHeight(1256));
                  m.view().resizeRelocate(0, 0, 1256, at);
                  m.root().layout();
                }
                for (CpuCard c : m.view().cards()) {
                  if (c.gridsShown() != 2) {
                    out.add(h + " px: " + c.getId() + " shows " + c.gridsShown() + " grids");
                  }
                  if (c.irrGrid().cellSize() < MachineView.CELL_MIN) {
                    out.add(h + " px: " + c.getId() + " cell " + c.irrGrid().cellSize());
                  }
                }
              }
              return out;
            });
    assertThat(wrong).isEmpty();
  }
}
