package org.apicflow.ui;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.testfx.util.WaitForAsyncUtils;

/** Shared helpers of the UI tests: test scenarios, waiting for loads, snapshots. */
final class UiTestSupport {
  private UiTestSupport() {}

  /** The built-in scenario the UI tests drive: OBATA's pending IPI through kexec. */
  static final String PENDING_IPI = "pending-ipi";

  /** The built-in pending-IPI scenario, as the catalogue loads it. */
  static Scenario pendingIpi() {
    try {
      return Catalogue.load(PENDING_IPI);
    } catch (ScenarioException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The view model's picker entry for a built-in. */
  static ScenarioChoice builtIn(MainViewModel vm, String id) {
    return vm.choices().stream()
        .filter(c -> c.builtInId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no built-in " + id + " in the picker"));
  }

  /** A scenario file under src/test/resources/ui/. */
  static Path scenario(String name) {
    try {
      return Path.of(UiTestSupport.class.getResource("/ui/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the view model has finished loading and shows a trace. */
  static void awaitLoaded(MainViewModel vm) {
    awaitCondition(() -> !vm.isBusy() && vm.playback().getTrace() != null);
  }

  static void awaitCondition(Callable<Boolean> c) {
    try {
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, c);
    } catch (TimeoutException e) {
      throw new AssertionError("condition not reached", e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Runs on the FX thread and waits. */
  static void fx(Runnable r) {
    WaitForAsyncUtils.asyncFx(r);
    WaitForAsyncUtils.waitForFxEvents();
  }

  static <T> T fxGet(Callable<T> c) {
    try {
      return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every canvas among {@code parent}'s children, as ARGB pixels: width and height first, then the
   * rows (call on the FX thread).
   */
  static java.util.List<int[]> canvasPixels(javafx.scene.Parent parent) {
    java.util.List<int[]> out = new java.util.ArrayList<>();
    for (javafx.scene.Node n : parent.getChildrenUnmodifiable()) {
      if (!(n instanceof javafx.scene.canvas.Canvas k)) {
        continue;
      }
      WritableImage img = k.snapshot(null, null);
      int w = (int) img.getWidth();
      int h = (int) img.getHeight();
      int[] px = new int[w * h + 2];
      px[0] = w;
      px[1] = h;
      img.getPixelReader()
          .getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), px, 2, w);
      out.add(px);
    }
    return out;
  }

  /** Where two pictures of {@link #canvasPixels} differ: "" when they are the same. */
  static String differ(int[] a, int[] b) {
    if (a[0] != b[0] || a[1] != b[1]) {
      return "sizes " + a[0] + "x" + a[1] + " and " + b[0] + "x" + b[1];
    }
    int n = 0;
    int first = -1;
    for (int i = 2; i < a.length; i++) {
      if (a[i] != b[i]) {
        n++;
        if (first < 0) {
          first = i - 2;
        }
      }
    }
    return n == 0 ? "" : n + " pixels, first at " + (first % a[0]) + "," + (first / a[0]);
  }

  /**
   * Presenter mode on or off, then the window back at 1280 x 800 (full screen takes the screen's
   * size), laid out with {@code passes} passes and pulses after each.
   */
  static void modeAt1280x800(
      MainViewModel vm,
      MainWindow window,
      javafx.stage.Stage stage,
      boolean presenter,
      int passes) {
    fx(() -> vm.presenterProperty().set(presenter));
    layOut(window, passes, true);
    fx(
        () -> {
          stage.setWidth(1280);
          stage.setHeight(800);
        });
    layOut(window, passes, true);
  }

  /** Writes a PNG of the scene to target/snapshots/NAME.png and returns the file. */
  static File snapshot(Scene scene, String name) {
    WaitForAsyncUtils.waitForFxEvents();
    WritableImage img = fxGet(() -> scene.snapshot(null));
    File out = new File("target/snapshots/" + name + ".png");
    try {
      Files.createDirectories(out.getParentFile().toPath());
      ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** A node's layout bounds in scene coordinates. */
  static javafx.geometry.Bounds sceneBounds(javafx.scene.Node n) {
    return n.localToScene(n.getLayoutBounds());
  }

  /**
   * Shows {@code window} on {@code s} at the screen's corner and at the window's size (1280 x 800),
   * as the layout tests measure it.
   */
  static void showAtCorner(MainWindow window, javafx.stage.Stage s) {
    window.show(s);
    s.setX(0);
    s.setY(0);
    s.setWidth(MainWindow.WIDTH);
    s.setHeight(MainWindow.HEIGHT);
  }

  /** Unbinds the stage's title from the window's run, so the next test's window can set it. */
  static void releaseStage(javafx.stage.Stage s) {
    fx(() -> s.titleProperty().unbind());
  }

  /**
   * The scene's CSS and layout pass on the FX thread, {@code passes} times; with {@code pulses}, a
   * real pulse after each (the window fits the machine's height a pulse later).
   */
  static void layOut(MainWindow window, int passes, boolean pulses) {
    for (int i = 0; i < passes; i++) {
      fx(
          () -> {
            window.scene().getRoot().applyCss();
            window.scene().getRoot().layout();
          });
      if (pulses) {
        awaitCondition(() -> true);
      }
    }
  }

  /**
   * Moves the divider between the code pane and the event log to {@code position} (0 to 1 of their
   * height; the window's own leaves the log room for its heading only) and lays the window out,
   * through a pulse: the log follows the cursor only while some of its rows can be seen.
   */
  static void logDivider(MainWindow window, double position) {
    divider(fxGet(() -> window.scene().lookup("#log-slot")), position);
    layOut(window, 1, true);
  }

  /** Moves the first divider of the split pane that holds {@code inside} to {@code position}. */
  static void divider(javafx.scene.Node inside, double position) {
    fx(
        () -> {
          javafx.scene.Node p = inside;
          while (!(p instanceof javafx.scene.control.SplitPane)) {
            p = p.getParent();
          }
          ((javafx.scene.control.SplitPane) p).setDividerPositions(position);
        });
  }

  /** Whether one box lies inside another, to half a pixel. */
  static boolean inside(javafx.geometry.Bounds inner, javafx.geometry.Bounds outer) {
    double e = 0.5;
    return inner.getMinX() >= outer.getMinX() - e
        && inner.getMinY() >= outer.getMinY() - e
        && inner.getMaxX() <= outer.getMaxX() + e
        && inner.getMaxY() <= outer.getMaxY() + e;
  }

  /**
   * Opens a generated ring of {@code cpus} CPUs passing IPIs ({@code horizonUs} of simulated time)
   * and waits until it is the window's run.
   */
  static void openRing(MainViewModel vm, int cpus, long horizonUs) throws Exception {
    awaitLoaded(vm);
    Path p = org.apicflow.bench.BigScenarios.ringFile(cpus, horizonUs);
    fx(() -> vm.openFile(p));
    awaitCondition(
        () ->
            !vm.isBusy()
                && vm.playback().getTrace() != null
                && vm.playback().getFrame().state().cpuCount() == cpus);
  }

  /** Sends {@code n} what the pointer sends when it comes over it (a tooltip is made then). */
  static void hover(javafx.scene.Node n) {
    fx(
        () ->
            javafx.event.Event.fireEvent(
                n,
                new javafx.scene.input.MouseEvent(
                    javafx.scene.input.MouseEvent.MOUSE_ENTERED,
                    5,
                    5,
                    5,
                    5,
                    javafx.scene.input.MouseButton.NONE,
                    0,
                    false,
                    false,
                    false,
                    false,
                    false,
                    false,
                    false,
                    false,
                    false,
                    false,
                    null)));
  }
}
