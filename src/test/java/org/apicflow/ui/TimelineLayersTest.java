package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import javafx.stage.Stage;
import org.apicflow.ui.playback.PlaybackModel;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The timeline's layers and the cursor's coalescing: moving the cursor redraws only the overlay,
 * while zooming redraws the lanes; steps that arrive faster than the window redraws add up to one
 * cursor update, are taken as steps (not a jump to go back to), and land where single steps would.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineLayersTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  private TimelineCanvas canvas() {
    return window.timelineView().canvas();
  }

  private void layout() {
    fx(() -> window.scene().getRoot().layout());
  }

  @Test
  void movingTheCursorRedrawsNoLaneButZoomingDoes() {
    awaitLoaded(vm);
    layout();
    int before = fxGet(() -> canvas().staticDrawCount());
    var labels = fxGet(() -> canvas().markLabels());
    for (int i = 1; i <= 5; i++) {
      int p = i;
      fx(() -> vm.playback().seek(p));
      layout();
    }
    assertThat(fxGet(() -> canvas().staticDrawCount())).isEqualTo(before);
    assertThat(fxGet(() -> canvas().markLabels())).isEqualTo(labels);
    fx(() -> vm.timeline().zoomBy(0.5));
    layout();
    assertThat(fxGet(() -> canvas().staticDrawCount())).isGreaterThan(before);
  }

  @Test
  void stepsFasterThanAFrameAddUpToOneUpdate() {
    awaitLoaded(vm);
    PlaybackModel p = vm.playback();
    long[] now = {1_000_000_000_000L};
    fx(
        () -> {
          p.useClock(() -> now[0]);
          p.home();
          vm.navigation().clear();
        });
    now[0] += 20_000_000L; // a frame later
    int updates = fxGet(p::updateCount);
    // the window is idle: the first step is taken at once
    fx(() -> p.stepSoon(1));
    assertThat(fxGet(p::getPosition)).isEqualTo(1);
    // four more in the same frame wait, added up, for the next pulse (read in the same turn of
    // the FX thread: the pulse may come right after)
    int[] waiting =
        fxGet(
            () -> {
              for (int i = 0; i < 4; i++) {
                p.stepSoon(1);
              }
              return new int[] {p.getPosition(), p.hasPending() ? 1 : 0};
            });
    assertThat(waiting).containsExactly(1, 1);
    fx(p::applyPending);
    assertThat(fxGet(p::getPosition)).isEqualTo(5);
    assertThat(fxGet(p::updateCount)).isEqualTo(updates + 2);
    // taken as steps: nothing to go back to
    assertThat(fxGet(() -> vm.navigation().canGoBackProperty().get())).isFalse();
    // the state is the one five single steps show
    assertThat(fxGet(() -> p.getFrame().state().sameState(p.getTrace().stateAt(5)))).isTrue();
    // a step back while steps wait starts from where they lead
    int[] back =
        fxGet(
            () -> {
              p.stepSoon(1);
              p.stepSoon(1);
              p.stepBack();
              return new int[] {p.getPosition(), p.hasPending() ? 1 : 0};
            });
    assertThat(back).containsExactly(6, 0);
    fx(() -> p.useClock(System::nanoTime));
  }
}
