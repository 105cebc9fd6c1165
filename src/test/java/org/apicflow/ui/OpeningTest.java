package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.stage.Stage;
import org.apicflow.bench.BigScenarios;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Opening a long run: the window first shows its start, says the rest is being simulated, and then
 * shows the whole run in one update with the cursor where the user left it; opening another
 * scenario meanwhile stops the first and nothing of it comes back.
 */
@ExtendWith(ApplicationExtension.class)
class OpeningTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
  }

  private static Path ring(int cpus, int events) throws Exception {
    return BigScenarios.ringFile(cpus, BigScenarios.horizonFor(cpus, events));
  }

  /** What the window said at the moment the start of the run was shown. */
  private record Look(
      int size, String status, String outcome, String timelineTitle, boolean busy) {}

  @Test
  void theStartComesFirstThenTheWholeRunWithTheCursorKept() throws Exception {
    Path file = ring(16, 60_000);
    List<Look> looks = new ArrayList<>();
    List<Trace> shown = new ArrayList<>();
    fx(
        () -> {
          vm.playback().traceProperty().addListener((o, was, is) -> shown.add(is));
          vm.previewProperty()
              .addListener(
                  (o, was, is) -> {
                    if (is) {
                      looks.add(
                          new Look(
                              vm.playback().getTrace().size(),
                              vm.statusProperty().get(),
                              vm.outcomeProperty().get(),
                              vm.timeline().pendingProperty().get(),
                              vm.isBusy()));
                      vm.playback().seek(100); // the user steps on while the rest is simulated
                    }
                  });
          vm.openFile(file);
        });
    awaitCondition(() -> !vm.isBusy() && !vm.isPreview() && shown.size() == 2);

    assertThat(looks).hasSize(1);
    Look first = looks.get(0);
    assertThat(first.size())
        .isBetween(MainViewModel.PREVIEW_EVENTS, MainViewModel.PREVIEW_EVENTS + 64);
    assertThat(first.busy()).isTrue();
    assertThat(first.status()).contains("simulating the rest").doesNotContain(" / ");
    assertThat(first.outcome()).startsWith("simulating");
    assertThat(first.timelineTitle()).contains("first 2,048").contains("simulating");

    Trace whole = shown.get(1);
    assertThat(whole.size()).isGreaterThan(50_000);
    assertThat(fxGet(() -> vm.playback().getTrace())).isSameAs(whole);
    assertThat(fxGet(() -> vm.playback().getPosition())).isEqualTo(100);
    assertThat(fxGet(() -> vm.playback().getFrame().state().sameState(whole.stateAt(100))))
        .isTrue();
    assertThat(fxGet(() -> vm.timeline().getModel().trace())).isSameAs(whole);
    assertThat(fxGet(() -> vm.timeline().pendingProperty().get())).isEmpty();
    assertThat(fxGet(() -> vm.outcomeProperty().get())).startsWith("ends");
    assertThat(fxGet(() -> vm.statusProperty().get()))
        .startsWith("step 100 / " + whole.size())
        .doesNotContain("simulating");
    assertThat(fxGet(() -> vm.progressProperty().get())).isEqualTo(-1.0);
  }

  @Test
  void openingAnotherScenarioWhileSimulatingStopsTheFirst() throws Exception {
    Path file = ring(64, 200_000);
    List<Integer> sizes = new ArrayList<>();
    fx(
        () -> {
          vm.playback().traceProperty().addListener((o, was, is) -> sizes.add(is.size()));
          vm.previewProperty()
              .addListener(
                  (o, was, is) -> {
                    if (is) {
                      vm.open(ScenarioChoice.builtIn(UiTestSupport.PENDING_IPI));
                    }
                  });
          vm.openFile(file);
        });
    awaitCondition(
        () ->
            !vm.isBusy()
                && vm.getScenario() != null
                && vm.getScenario().id().equals(UiTestSupport.PENDING_IPI));
    Thread.sleep(1500); // time enough for a run that was not stopped to come back
    awaitCondition(() -> !vm.isBusy());
    assertThat(fxGet(() -> vm.getScenario().id())).isEqualTo(UiTestSupport.PENDING_IPI);
    assertThat(fxGet(() -> vm.choiceProperty().get().builtInId()))
        .isEqualTo(UiTestSupport.PENDING_IPI);
    assertThat(fxGet(vm::isPreview)).isFalse();
    assertThat(fxGet(() -> vm.outcomeProperty().get())).startsWith("ends");
    int pending = fxGet(() -> vm.playback().getTrace().size());
    // the start of the ring, then the default scenario: never the whole ring
    assertThat(sizes).hasSize(2);
    assertThat(sizes.get(0)).isLessThan(MainViewModel.PREVIEW_EVENTS + 200);
    assertThat(sizes.get(1)).isEqualTo(pending);
  }

  @Test
  void aRunThatFailsAfterItsStartWasShownLeavesTheScenarioBefore() throws Exception {
    fx(() -> vm.open(ScenarioChoice.builtIn(UiTestSupport.PENDING_IPI)));
    awaitCondition(() -> !vm.isBusy() && vm.playback().getTrace() != null);
    fx(() -> vm.playback().seek(7));
    Trace before = fxGet(() -> vm.playback().getTrace());
    Path file = ring(16, 60_000);
    org.apicflow.trace.RunLimits limits = org.apicflow.trace.RunLimits.current();
    org.apicflow.trace.RunLimits.set(
        new org.apicflow.trace.RunLimits(20_000, limits.maxMemoryBytes()));
    List<Boolean> previews = new ArrayList<>();
    try {
      fx(
          () -> {
            vm.previewProperty().addListener((o, was, is) -> previews.add(is));
            vm.openFile(file);
          });
      awaitCondition(() -> !vm.isBusy() && previews.size() == 2);
    } finally {
      org.apicflow.trace.RunLimits.set(limits);
    }
    assertThat(previews).containsExactly(true, false); // its start was shown, then taken back
    assertThat(fxGet(() -> vm.playback().getTrace())).isSameAs(before);
    assertThat(fxGet(() -> vm.playback().getPosition())).isEqualTo(7);
    assertThat(fxGet(() -> vm.getScenario().id())).isEqualTo(UiTestSupport.PENDING_IPI);
    assertThat(fxGet(() -> vm.timeline().getModel().trace())).isSameAs(before);
    assertThat(fxGet(() -> vm.timeline().pendingProperty().get())).isEmpty();
    assertThat(fxGet(() -> vm.outcomeProperty().get())).startsWith("ends");
    assertThat(fxGet(() -> vm.statusProperty().get())).startsWith("Cannot open");
  }
}
