package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Export frames drawn in slices ({@link SlicedSnapshot}: the seek, each layout pass, bands of the
 * picture) are the very pixels, and PNG bytes, of the frame drawn in one piece from the same scene;
 * a frame drawn twice is the same picture; paced over the window's pulses ({@link FramePacer}) no
 * pulse runs more than one slice.
 */
class ExportPacingTest {
  @BeforeAll
  static void start() throws Exception {
    // as ExportRunnerTest: the toolkit as the TestFX tests start it (a window's toolkit: paced)
    org.testfx.api.FxToolkit.registerPrimaryStage();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("pending-ipi", ExportView.WINDOW, false, 1),
        Arguments.of("lesson-ioapic-level", ExportView.MACHINE, true, 1),
        Arguments.of("lesson-extint", ExportView.TIMELINE, false, 2),
        Arguments.of("stale-isr-timer", ExportView.WINDOW, true, 1));
  }

  @ParameterizedTest(name = "{0} {1} dark={2} x{3}")
  @MethodSource("cases")
  void aFrameDrawnInSlicesIsTheFrameDrawnInOnePiece(
      String id, ExportView view, boolean dark, int scale) throws Exception {
    Scenario s = Catalogue.load(id);
    Trace t = Simulator.run(s.program(Scenario.NONE));
    List<Shot> all = Shots.range(t, 0, t.size());
    List<Shot> shots = List.of(all.get(0), all.get(all.size() / 3), all.get(all.size() - 1));
    ExportSpec spec =
        new ExportSpec(
            ScenarioChoice.builtIn(id),
            s,
            Scenario.NONE,
            t,
            view,
            ExportFormat.PNG,
            shots,
            true,
            scale,
            Path.of("unused"),
            false,
            dark,
            false,
            ViewState.DEFAULT,
            ExportSpec.WINDOW_WIDTH,
            ExportSpec.WINDOW_HEIGHT);
    Renderer r = Renderer.open(spec);
    Shot before = shots.get(shots.size() - 1);
    for (Shot shot : shots) {
      String what = id + " at " + shot.position();
      // All slices in one go, and the frame in one piece, each from the frame before and with no
      // pulse between: the seek, the layout passes and the bands give the very pixels of the
      // one-piece snapshot.
      WritableImage[] both =
          FxRuntime.call(
              () -> {
                r.render(before);
                FramePacer.Slices<WritableImage> sl = r.slices(shot);
                int n = 1;
                while (!sl.step()) {
                  n++;
                }
                assertThat(n).as(what + ": slices").isGreaterThan(2);
                WritableImage sliced = sl.result();
                r.render(before);
                return new WritableImage[] {sliced, r.render(shot)};
              });
      assertThat(diff(both[0], both[1])).as(what).isEqualTo(NONE);
      assertThat(png(both[0])).as(what).isEqualTo(png(both[1]));
      // drawn again the same way, the same picture: the callout is held at rest
      WritableImage again =
          FxRuntime.call(
              () -> {
                r.render(before);
                FramePacer.Slices<WritableImage> sl = r.slices(shot);
                while (!sl.step()) {
                  // every slice
                }
                return sl.result();
              });
      assertThat(diff(again, both[0])).as(what + " again").isEqualTo(NONE);
      // paced over the pulses: a whole frame of the same size, one slice per pulse
      FxRuntime.call(() -> r.render(before));
      WritableImage paced = FramePacer.submit(r.slices(shot)).get(60, TimeUnit.SECONDS);
      assertThat((int) paced.getWidth()).as(what).isEqualTo((int) both[1].getWidth());
      assertThat((int) paced.getHeight()).as(what).isEqualTo((int) both[1].getHeight());
    }
    assertThat(FramePacer.mostSlicesInAPulse()).isEqualTo(1);
  }

  private static final String NONE = "0 px differ";

  /** How many pixels differ, and in which rows. */
  private static String diff(WritableImage a, WritableImage b) {
    int[] x = argb(a);
    int[] y = argb(b);
    int w = (int) a.getWidth();
    int n = 0;
    int lo = Integer.MAX_VALUE;
    int hi = -1;
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        n++;
        lo = Math.min(lo, i / w);
        hi = Math.max(hi, i / w);
      }
    }
    return n == 0 ? NONE : n + " px differ, rows " + lo + ".." + hi;
  }

  private static int[] argb(WritableImage img) {
    int w = (int) img.getWidth();
    int h = (int) img.getHeight();
    int[] out = new int[w * h];
    img.getPixelReader()
        .getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), out, 0, w);
    return out;
  }

  private static byte[] png(WritableImage img) throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", o);
    return o.toByteArray();
  }
}
