package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.apicflow.bench.BigScenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A step settles the machine view in one pulse: the cursor moves at the start of a pulse (where the
 * playback timer and the coalesced keys move it), and when that pulse has laid the scene out no
 * node of the machine view asks for another layout. A node that moved a child while laying it out
 * (a label of a new width in a row) would leave itself and its parents to be laid out again at the
 * next pulse, and the picture would take two or more pulses to settle. Real node state (each node's
 * own layout flag), over many steps, at 2, 8 and 64 CPUs, normal and presenter mode.
 */
@ExtendWith(ApplicationExtension.class)
class MachineSettleTest {
  private MainViewModel vm;
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage s) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    UiTestSupport.showAtCorner(window, s);
    stage = s;
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  @AfterEach
  void releaseStage() {
    UiTestSupport.releaseStage(stage);
  }

  /** The machine view's nodes that wait for a layout, each named by its path in the view. */
  private static void unsettled(Node n, String path, List<String> out) {
    if (!(n instanceof Parent p)) {
      return;
    }
    String here =
        path
            + "/"
            + n.getClass().getSimpleName()
            + (n.getId() == null ? "" : "#" + n.getId())
            + n.getStyleClass();
    if (p.isNeedsLayout()) {
      out.add(here);
    }
    for (Node c : p.getChildrenUnmodifiable()) {
      unsettled(c, here, out);
    }
  }

  /** Steps the cursor at the start of a pulse and returns what that pulse left unsettled. */
  private final class PulseStepper {
    private volatile int target = -1;
    private volatile CountDownLatch done;
    private final List<String> left = new ArrayList<>();
    private boolean stepped;
    private final AnimationTimer timer =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            int t = target;
            if (t >= 0) {
              target = -1;
              vm.playback().seek(t);
              stepped = true;
            }
          }
        };
    private final Runnable afterLayout =
        () -> {
          if (stepped) {
            stepped = false;
            left.clear();
            unsettled(window.machineView(), "", left);
            done.countDown();
          }
        };

    void start() {
      fx(
          () -> {
            window.scene().addPostLayoutPulseListener(afterLayout);
            timer.start();
          });
    }

    void stop() {
      fx(
          () -> {
            timer.stop();
            window.scene().removePostLayoutPulseListener(afterLayout);
          });
    }

    List<String> step(int position) throws InterruptedException {
      done = new CountDownLatch(1);
      target = position;
      assertThat(done.await(30, TimeUnit.SECONDS)).as("a pulse came").isTrue();
      return fxGet(() -> List.copyOf(left));
    }
  }

  private void openRing(int cpus) throws Exception {
    UiTestSupport.openRing(vm, cpus, BigScenarios.horizonFor(cpus, 3000));
  }

  private void settle() {
    UiTestSupport.layOut(window, 3, false);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 8, 64})
  void aStepLeavesNoNodeOfTheMachineViewWaitingForALayout(int cpus) throws Exception {
    if (cpus == 0) {
      awaitLoaded(vm); // the built-in two-CPU scenario: a title, the callout, envelopes, devices
    } else {
      openRing(cpus);
    }
    int size = fxGet(() -> vm.playback().getTrace().size());
    PulseStepper stepper = new PulseStepper();
    stepper.start();
    try {
      for (boolean presenter : new boolean[] {false, true}) {
        fx(() -> vm.presenterProperty().set(presenter));
        settle();
        // single steps forward, then jumps (a scrub): each must settle in its own pulse
        List<Integer> at = new ArrayList<>();
        for (int k = 1; k <= Math.min(60, size); k++) {
          at.add(k);
        }
        for (int k = 1; k <= 20; k++) {
          at.add((int) ((long) size * ((k * 7) % 20) / 20));
        }
        int stepsSeen = 0;
        for (int position : at) {
          List<String> left = stepper.step(position);
          stepsSeen++;
          assertThat(left)
              .as(
                  (presenter ? "presenter" : "normal")
                      + ", "
                      + (cpus == 0 ? "pending-ipi" : cpus + " CPUs")
                      + ", step to "
                      + position
                      + ": nodes waiting for a layout after the step's pulse")
              .isEmpty();
        }
        assertThat(stepsSeen).isGreaterThan(20);
      }
    } finally {
      stepper.stop();
      fx(() -> vm.presenterProperty().set(false));
    }
  }
}
