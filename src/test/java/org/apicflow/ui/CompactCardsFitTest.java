package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.apicflow.ui.UiTestSupport.inside;
import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;
import org.apicflow.ui.machine.CompactCards;
import org.apicflow.ui.machine.MachineView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Compact cards (5 to 16 CPUs) use the height the machine view has: every card is in view in a 1280
 * x 800 window, in presenter mode too (brief cards in type no smaller than the interface's when
 * full cards do not fit), and where the window has room to spare (1920 x 1080) the grids grow past
 * their smallest cells. Facts about bounds and sizes, not pixels.
 */
@ExtendWith(ApplicationExtension.class)
class CompactCardsFitTest {
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

  @AfterEach
  void releaseStage() {
    fx(
        () -> {
          vm.presenterProperty().set(false);
          stage.setWidth(MainWindow.WIDTH);
          stage.setHeight(MainWindow.HEIGHT);
          stage.titleProperty().unbind();
        });
  }

  private void openRing(int cpus, double w, double h) throws Exception {
    UiTestSupport.openRing(vm, cpus, 8);
    fx(
        () -> {
          stage.setX(0);
          stage.setY(0);
          stage.setWidth(w);
          stage.setHeight(h);
        });
    settle();
  }

  private void settle() {
    UiTestSupport.layOut(window, 4, true);
  }

  /** Presenter mode, the window then back at 1280 x 800 (full screen takes the screen's size). */
  private void presenterAt1280x800() {
    UiTestSupport.modeAt1280x800(vm, window, stage, true, 4);
  }

  /** Every card wholly inside the part of the machine view the cards are shown in. */
  private void assertEveryCardInView(String when) {
    fx(
        () -> {
          MachineView mv = window.machineView();
          CompactCards cc = mv.compactCards();
          Bounds view = UiTestSupport.sceneBounds(mv.cardArea());
          assertThat(cc.cardCount()).isPositive();
          for (int c = 0; c < cc.cardCount(); c++) {
            Rectangle2D r = cc.cardBounds(c);
            Bounds b =
                cc.localToScene(
                    new BoundingBox(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight()));
            assertThat(inside(b, view))
                .as(when + ": card " + c + " " + b + " in view " + view)
                .isTrue();
          }
        });
  }

  @Test
  void eightCpusAreAllInViewAt1280x800NormalAndPresenter() throws Exception {
    openRing(8, 1280, 800);
    assertEveryCardInView("normal");
    boolean fullNormal = fxGet(() -> !window.machineView().compactCards().isBrief());
    presenterAt1280x800();
    assertEveryCardInView("presenter");
    CompactCards cc = window.machineView().compactCards();
    // readable on a projector: never smaller than the normal interface's type
    assertThat(fxGet(cc::typeSize)).isGreaterThanOrEqualTo(10);
    // a step redraws the cards and keeps them in view
    for (int p = 1; p <= 20; p++) {
      int at = p;
      fx(() -> vm.playback().seek(at));
      settle();
    }
    assertEveryCardInView("presenter, step 20");
    assertThat(fullNormal || fxGet(cc::isBrief)).isTrue();
  }

  @Test
  void gridsGrowWhereTheMachineHasRoom() throws Exception {
    openRing(8, 1280, 800);
    double small = fxGet(() -> window.machineView().compactCards().cellSize());
    // the machine given most of the window (its divider dragged down): room to spare
    UiTestSupport.divider(window.machineView(), 0.9);
    settle();
    assertEveryCardInView("the machine given the window");
    CompactCards cc = window.machineView().compactCards();
    assertThat(fxGet(cc::isBrief)).isFalse();
    assertThat(fxGet(cc::showsGrids)).isTrue();
    assertThat(fxGet(cc::cellSize)).isGreaterThan(small).isGreaterThanOrEqualTo(5);
    assertThat(fxGet(cc::isSummary)).isFalse();
  }

  @Test
  void presenterCardsKeepEveryLineInSlightlySmallerTypeBeforeTurningBrief() throws Exception {
    openRing(8, 1280, 800);
    fx(() -> vm.presenterProperty().set(true));
    settle();
    CompactCards cc = window.machineView().compactCards();
    // the machine given more and more of the window (its divider dragged down): every card stays
    // in view, and between brief cards and every line in the requested type there is a height
    // where every line shows in type a little smaller (a large projector window: 1920 x 1080 gave
    // brief cards where every line needed 12 px more)
    double fullType = -1;
    double smallerType = -1;
    boolean wasFull = false;
    for (double d = 0.30; d <= 0.92; d += 0.02) {
      double at = d;
      UiTestSupport.divider(window.machineView(), at);
      settle();
      assertEveryCardInView("presenter, divider at " + at);
      boolean brief = fxGet(cc::isBrief);
      double type = fxGet(cc::typeSize);
      // once every line shows, a taller machine never goes back to brief cards
      assertThat(wasFull && brief).as("brief again at divider %.2f", at).isFalse();
      if (!brief) {
        if (!wasFull) {
          smallerType = type;
        }
        wasFull = true;
        fullType = Math.max(fullType, type);
      }
    }
    assertThat(wasFull).as("every line shown with the machine given the window").isTrue();
    assertThat(smallerType).as("first type with every line").isLessThan(fullType);
    assertThat(smallerType).isGreaterThanOrEqualTo(10);
  }

  @Test
  void presenterBadgesAreNeverCutAt1280x800() throws Exception {
    openRing(8, 1280, 800);
    presenterAt1280x800();
    CompactCards cc = window.machineView().compactCards();
    assertThat(fxGet(cc::cardCount)).isEqualTo(8);
    // eight narrow cards in a row: "CPU 7" and "in handler 0x40" do not fit on one line, so the
    // badge has its own
    assertThat(fxGet(cc::badgeOnOwnLine)).isTrue();
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (int p = 0; p <= 40; p++) {
      int at = p;
      fx(() -> vm.playback().seek(at));
      settle();
      assertEveryCardInView("presenter, step " + at);
      fx(
          () -> {
            javafx.scene.text.Text t = new javafx.scene.text.Text();
            for (int c = 0; c < cc.cardCount(); c++) {
              CompactCards.BadgeSpot b = cc.badgeSpot(c);
              assertThat(b).as("card %d's badge at step %d", c, at).isNotNull();
              t.setFont(b.font());
              t.setText(b.shown());
              double w = t.getLayoutBounds().getWidth();
              String what = "card " + c + " at step " + at + ": \"" + b.text() + "\"";
              assertThat(b.shown()).as(what).isEqualTo(b.text());
              assertThat(w)
                  .as(what + " " + w + " px in " + b.left() + ".." + b.right())
                  .isLessThanOrEqualTo(b.right() - b.left());
              assertThat(b.right()).as(what).isLessThanOrEqualTo(cc.cardBounds(c).getWidth());
              seen.add(b.text());
            }
          });
      if (at == 20) {
        shoot(cc, "presenter-8-cpus-step-20.png");
      }
    }
    // the walk showed the usual badges, a handler's among them
    assertThat(seen).anyMatch(t -> t.startsWith("in handler"));
    // a machine too short for the badge's own line (its divider dragged up): the badge beside the
    // title, in full or its first part ("running" of "running · delay"), never cut inside a word
    UiTestSupport.divider(window.machineView(), 0.3);
    settle();
    assertThat(fxGet(cc::badgeOnOwnLine)).isFalse();
    int firstParts = 0;
    for (int p = 0; p <= 40; p++) {
      int at = p;
      fx(() -> vm.playback().seek(at));
      settle();
      assertEveryCardInView("presenter, short machine, step " + at);
      firstParts +=
          fxGet(
              () -> {
                int n = 0;
                javafx.scene.text.Text t = new javafx.scene.text.Text();
                for (int c = 0; c < cc.cardCount(); c++) {
                  CompactCards.BadgeSpot b = cc.badgeSpot(c);
                  t.setFont(b.font());
                  t.setText(b.shown());
                  double w = t.getLayoutBounds().getWidth();
                  String what = "card " + c + " at step " + at + ": \"" + b.text() + "\"";
                  assertThat(w).as(what).isLessThanOrEqualTo(b.right() - b.left());
                  assertThat(b.shown()).as(what).isNotEmpty().doesNotEndWith("…");
                  assertThat(b.text()).as(what).startsWith(b.shown());
                  // a first part ends where a word does
                  assertThat(b.text().substring(b.shown().length())).as(what).matches("|[ (].*");
                  n += b.shown().equals(b.text()) ? 0 : 1;
                }
                return n;
              });
    }
    System.out.println("short machine: " + firstParts + " badges shown by their first part");
  }

  /** The cards as a PNG under /tmp/c24 (to look at); a failure to write is not the test's. */
  private static void shoot(CompactCards cc, String name) {
    fx(
        () -> {
          try {
            java.io.File dir = new java.io.File("/tmp/c24");
            dir.mkdirs();
            javafx.scene.image.WritableImage img = cc.snapshot(null, null);
            javax.imageio.ImageIO.write(
                javafx.embed.swing.SwingFXUtils.fromFXImage(img, null),
                "png",
                new java.io.File(dir, name));
          } catch (java.io.IOException | RuntimeException e) {
            System.out.println("no picture: " + e);
          }
        });
  }
}
