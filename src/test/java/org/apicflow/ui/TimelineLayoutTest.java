package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.apicflow.trace.Trace;
import org.apicflow.ui.compare.ComparePanel;
import org.apicflow.ui.compare.CompareView;
import org.apicflow.ui.compare.ViewSwitch;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.apicflow.ui.timeline.TimelineCanvas.Laid;
import org.apicflow.ui.timeline.TimelineViewModel.AxisMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Layout facts of the timeline and the compare strips at 1280 x 800, read from what the canvas laid
 * out (not from pixels): every lane labelled whatever was switched, a ruler that only grows, no two
 * labels on top of each other, the first and last events inside, one anchor line across the runs.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineLayoutTest {
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

  private void open(String id) {
    fx(() -> vm.open(UiTestSupport.builtIn(vm, id)));
    awaitCondition(
        () ->
            !vm.isBusy()
                && vm.getScenario() != null
                && vm.getScenario().id().equals(id)
                && vm.playback().getTrace() != null);
    redraw();
  }

  /** Lets the window lay out and the canvas draw what is now shown. */
  private void redraw() {
    fx(() -> window.scene().getRoot().layout());
    fx(() -> canvas().requestLayout());
    fx(() -> window.scene().getRoot().layout());
  }

  private void assertEveryLaneLabelled(String when) {
    Trace t = vm.playback().getTrace();
    int cpus = t.stateAt(0).cpuCount();
    List<Laid> labels = fxGet(() -> canvas().gutterLabels());
    double w = fxGet(() -> canvas().getWidth());
    double h = fxGet(() -> canvas().getHeight());
    List<String> texts = labels.stream().map(Laid::text).toList();
    for (int c = 0; c < cpus; c++) {
      assertThat(texts).as(when + ": lane labels").contains("CPU " + c);
    }
    assertThat(texts).as(when + ": row labels").contains("phase", "marks");
    for (Laid l : labels) {
      Rectangle2D r = l.bounds();
      assertThat(r.getMinX()).as(when + ": " + l.text()).isGreaterThanOrEqualTo(0);
      assertThat(r.getMaxX()).as(when + ": " + l.text()).isLessThanOrEqualTo(w);
      assertThat(r.getMinY()).as(when + ": " + l.text()).isGreaterThanOrEqualTo(0);
      assertThat(r.getMaxY()).as(when + ": " + l.text()).isLessThanOrEqualTo(h + 0.5);
      assertThat(r.getHeight()).as(when + ": " + l.text() + " readable").isGreaterThanOrEqualTo(8);
    }
    // the canvas sits inside the window
    double bottom = fxGet(() -> canvas().localToScene(canvas().getLayoutBounds()).getMaxY());
    assertThat(bottom).as(when + ": timeline inside the window").isLessThanOrEqualTo(800.5);
  }

  @Test
  void everyLaneLabelStaysAfterSwitchingScenarioViewThemeAndPresenterMode(FxRobot robot) {
    awaitLoaded(vm);
    redraw();
    assertEveryLaneLabelled("at start");
    open("icr-busy-nmi");
    assertEveryLaneLabelled("after opening a 4-CPU scenario");
    // the cursor far into the run, then a scenario with a shorter trace
    fx(() -> vm.playback().seek(vm.playback().getTrace().size()));
    open("lesson-fixed-ipi");
    assertEveryLaneLabelled("after switching to a shorter run at the end of a longer one");
    open(UiTestSupport.PENDING_IPI);

    robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT2).release(KeyCode.DIGIT2);
    robot.release(KeyCode.CONTROL);
    awaitCondition(() -> window.views().getMode() == ViewSwitch.Mode.COMPARE);
    robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT3).release(KeyCode.DIGIT3);
    robot.release(KeyCode.CONTROL);
    awaitCondition(() -> window.views().getMode() == ViewSwitch.Mode.MATRIX);
    robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT1).release(KeyCode.DIGIT1);
    robot.release(KeyCode.CONTROL);
    awaitCondition(() -> window.views().getMode() == ViewSwitch.Mode.SINGLE);
    redraw();
    assertEveryLaneLabelled("after Ctrl+2, Ctrl+3, Ctrl+1");

    fx(() -> vm.darkProperty().set(true));
    redraw();
    assertEveryLaneLabelled("in the dark theme");
    fx(() -> vm.presenterProperty().set(true));
    redraw();
    assertEveryLaneLabelled("in presenter mode");
    open("icr-busy-nmi");
    assertEveryLaneLabelled("presenter mode, 4 CPUs");
    fx(() -> vm.presenterProperty().set(false));
    fx(() -> vm.darkProperty().set(false));
    redraw();
    assertEveryLaneLabelled("back to normal");
  }

  private void assertLabelsApart(String when) {
    assertLabelsApart(when, true);
  }

  private void assertLabelsApart(String when, boolean wholeRun) {
    List<Laid> ticks = fxGet(() -> canvas().tickLabels());
    List<Laid> folds = fxGet(() -> canvas().foldLabels());
    List<Laid> marks = fxGet(() -> canvas().markLabels());
    double w = fxGet(() -> canvas().drawingWidth());
    assertThat(ticks).as(when + ": the ruler has ticks").isNotEmpty();
    for (int i = 1; i < ticks.size(); i++) {
      assertThat(ticks.get(i).time())
          .as(when + ": tick " + ticks.get(i).text() + " after " + ticks.get(i - 1).text())
          .isGreaterThan(ticks.get(i - 1).time());
      assertThat(ticks.get(i).bounds().getMinX())
          .as(when + ": ticks left to right")
          .isGreaterThan(ticks.get(i - 1).bounds().getMaxX());
      assertThat(ticks.get(i).text()).isNotEqualTo(ticks.get(i - 1).text());
    }
    List<Laid> all = new ArrayList<>();
    all.addAll(ticks);
    all.addAll(folds);
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        assertThat(all.get(i).bounds().intersects(all.get(j).bounds()))
            .as(when + ": " + all.get(i).text() + " / " + all.get(j).text())
            .isFalse();
      }
    }
    for (int i = 0; i < marks.size(); i++) {
      Rectangle2D r = marks.get(i).bounds();
      assertThat(r.getMinX()).as(when + ": " + marks.get(i).text()).isGreaterThanOrEqualTo(0);
      assertThat(r.getMaxX()).as(when + ": " + marks.get(i).text()).isLessThanOrEqualTo(w);
      for (int j = i + 1; j < marks.size(); j++) {
        assertThat(r.intersects(marks.get(j).bounds()))
            .as(when + ": mark labels " + marks.get(i).text() + " / " + marks.get(j).text())
            .isFalse();
      }
    }
    if (!wholeRun) {
      return;
    }
    // the first and last events, and the outcome flag, stand fully inside the plot
    double first = fxGet(() -> canvas().firstEventX());
    double last = fxGet(() -> canvas().lastEventX());
    double left = fxGet(() -> canvas().plotLeft());
    double right = fxGet(() -> canvas().plotRight());
    assertThat(first).as(when + ": first event").isBetween(left, right);
    assertThat(last).as(when + ": last event").isBetween(left, right);
    assertThat(right).as(when + ": a margin on the right").isLessThan(w - 8);
    double outcome = fxGet(() -> canvas().outcomeX());
    assertThat(outcome).as(when + ": outcome flag").isBetween(left, right);
  }

  @Test
  void everyBuiltInHasAGrowingRulerLabelsApartAndItsEventsInside() {
    awaitLoaded(vm);
    for (String id : Catalogue.ids()) {
      open(id);
      fx(() -> window.timelineView().zoomToFit());
      redraw();
      assertLabelsApart(id);
      // every mark named by the trace is drawn: there is a diamond for each, even unlabelled
      fx(() -> vm.presenterProperty().set(true));
      redraw();
      assertLabelsApart(id + " in presenter mode");
      fx(() -> vm.presenterProperty().set(false));
      redraw();
    }
  }

  @Test
  void zoomedTicksFallOnRoundValuesAndStepsModeStaysApart() {
    awaitLoaded(vm);
    redraw();
    var tl = window.timelineView();
    double len = fxGet(() -> vm.timeline().length());
    // the first kernel's few hundred nanoseconds, zoomed to a fifth of the axis
    fx(() -> tl.zoomToRange(len * 0.03, len * 0.23));
    redraw();
    List<Laid> ticks = fxGet(() -> canvas().tickLabels());
    assertThat(ticks).hasSizeGreaterThan(2);
    long step = Long.MAX_VALUE;
    for (int i = 1; i < ticks.size(); i++) {
      step = Math.min(step, ticks.get(i).time() - ticks.get(i - 1).time());
    }
    long p = 1;
    while (p * 10 <= step) {
      p *= 10;
    }
    assertThat(step / p).as("a 1-2-5 step: " + step).isIn(1L, 2L, 5L);
    assertThat(step % p).isZero();
    for (Laid l : ticks) {
      assertThat(l.time() % step).as(l.text() + " on a round value").isZero();
    }
    assertLabelsApart("zoomed in", false);
    fx(() -> tl.zoomToFit());
    assertThat(fxGet(() -> vm.timeline().viewEndProperty().get())).isEqualTo(len);
    fx(() -> vm.timeline().axisModeProperty().set(AxisMode.STEPS));
    redraw();
    assertLabelsApart("event steps");
  }

  @Test
  void compareStripsShareOneRulerSoTheAnchorIsOneVerticalLine(FxRobot robot) {
    awaitLoaded(vm);
    fx(() -> window.views().setMode(ViewSwitch.Mode.COMPARE));
    CompareView view = fxGet(() -> window.views().compareView());
    awaitCondition(() -> !view.panels().isEmpty() && !window.views().compare().isBusy());
    fx(() -> window.scene().getRoot().layout());
    awaitCondition(() -> view.panels().stream().allMatch(p -> !Double.isNaN(p.strip().anchorX())));
    // where the runs part: clear-pending drains IRR in the crash path, before the shootdown
    assertThat(window.views().compare().getAnchor()).isIn("nmi-shootdown", "kexec", "irq-enable");
    List<Double> xs = new ArrayList<>();
    for (ComparePanel p : view.panels()) {
      TimelineCanvas s = p.strip();
      xs.add(fxGet(() -> s.localToScene(s.anchorX(), 0).getX()));
      List<Laid> marks = fxGet(() -> s.markLabels());
      for (int i = 0; i < marks.size(); i++) {
        for (int j = i + 1; j < marks.size(); j++) {
          assertThat(marks.get(i).bounds().intersects(marks.get(j).bounds()))
              .as(p.model().fix() + ": " + marks.get(i).text() + " / " + marks.get(j).text())
              .isFalse();
        }
      }
    }
    for (double x : xs) {
      assertThat(x).isCloseTo(xs.get(0), org.assertj.core.data.Offset.offset(0.5));
    }
    // the surviving IRR bit is called out where it survives, and only there
    String none = fxGet(() -> view.panel("none").cards().get(0).differsText());
    String clear = fxGet(() -> view.panel("clear-pending").cards().get(0).differsText());
    assertThat(none).contains("IRR 0xFB");
    assertThat(clear).doesNotContain("\u25b2");
    // another anchor: still one line
    fx(() -> window.views().compare().setAnchor("panic"));
    fx(() -> window.scene().getRoot().layout());
    List<Double> again = new ArrayList<>();
    for (ComparePanel p : view.panels()) {
      TimelineCanvas s = p.strip();
      again.add(fxGet(() -> s.localToScene(s.anchorX(), 0).getX()));
    }
    for (double x : again) {
      assertThat(x).isCloseTo(again.get(0), org.assertj.core.data.Offset.offset(0.5));
    }
  }
}
