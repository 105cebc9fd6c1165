package org.apicflow.ui;

import java.lang.management.ManagementFactory;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * Start to first painted frame, against a bare JavaFX window of the same size. Run each mode in a
 * fresh JVM on a real display (DESIGN.md budget: at most 1.5 times the bare window):
 *
 * <pre>
 * java -cp $(cp) org.apicflow.ui.StartupBenchmark bare
 * java -cp $(cp) org.apicflow.ui.StartupBenchmark app
 * </pre>
 *
 * Prints the milliseconds from JVM start to the first frame after the window is shown, and for the
 * app also to the first frame with the default scenario simulated and on screen; with {@code
 * -Dapicflow.firstFrame.threads=true} also the processor time of each thread at the first frame.
 * The app's window is made as {@link ApicFlowApp} makes it: the run is opened before the window is
 * built, and the timeline, code pane and event log come after the first frame.
 */
public final class StartupBenchmark {
  private static String mode = "app";

  private StartupBenchmark() {}

  public static void main(String[] args) {
    mode = args.length > 0 ? args[0] : "app";
    Application.launch(Window.class, args);
  }

  private static long sinceStart() {
    return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  /** The measured application (a nested class: a class-path main must not be one). */
  public static final class Window extends Application {
    @Override
    public void start(Stage stage) {
      Scene scene;
      MainViewModel vm = null;
      if (mode.equals("bare")) {
        scene = new Scene(new StackPane(new Label("APICFlow")), 1280, 800);
        stage.setScene(scene);
        stage.show();
      } else {
        long t0 = System.nanoTime();
        vm = new MainViewModel();
        vm.openInitial(
            List.of()); // as the app does: the run is simulated while the window is built
        long t1 = System.nanoTime();
        MainWindow window = new MainWindow(vm, true);
        long t2 = System.nanoTime();
        window.show(stage);
        long t3 = System.nanoTime();
        System.out.printf(
            "app: start() at %d ms; view model %d ms, window %d ms, show %d ms%n",
            sinceStart() - (t3 - t0) / 1_000_000,
            (t1 - t0) / 1_000_000,
            (t2 - t1) / 1_000_000,
            (t3 - t2) / 1_000_000);
        scene = window.scene();
      }
      MainViewModel model = vm;
      boolean[] shown = {false, false};
      scene.addPostLayoutPulseListener(
          () -> {
            if (!shown[0]) {
              shown[0] = true;
              System.out.printf(
                  "%s: first frame %d ms, processor time %d ms%n",
                  mode, sinceStart(), ApicFlowApp.processorMillis());
              if (Boolean.getBoolean("apicflow.firstFrame.threads")) {
                System.out.println(
                    mode + ": processor time by thread: " + ApicFlowApp.threadMillis());
              }
              if (model == null) {
                Platform.runLater(Platform::exit);
              }
            } else if (model != null && model.playback().getTrace() != null && !shown[1]) {
              shown[1] = true;
              System.out.printf(
                  "%s: first frame with the scenario %d ms, processor time %d ms%n",
                  mode, sinceStart(), ApicFlowApp.processorMillis());
              Platform.runLater(Platform::exit);
            }
          });
    }
  }
}
