package org.apicflow.ui.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;

/**
 * Export benchmarks (a main, not a test; DESIGN.md "Performance budgets"): frames per second of a
 * full-run GIF of pending-ipi (the window, 1280x800), split into drawing and encoding, and the time
 * of a 2x PNG of its compare grid. Run with the test class path, headless:
 *
 * <pre>
 * mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.apicflow.ui.export.ExportBenchmark
 * </pre>
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    FxRuntime.start();
    Scenario s = Catalogue.load("pending-ipi");
    Trace t = Simulator.run(s.program(Scenario.NONE));
    Path dir = Files.createTempDirectory("apicflow-bench");
    List<Shot> run = Shots.range(t, 0, t.size());
    for (int round = 1; round <= 3; round++) {
      Path gif = dir.resolve("run-" + round + ".gif");
      long t0 = System.nanoTime();
      ExportRunner.run(
          spec(s, t, ExportView.WINDOW, ExportFormat.GIF, run, 1, gif), ExportProgress.NONE);
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "round %d: full-run GIF of pending-ipi, %d frames 1280x800: %.2f s, %.1f frames/s (%d KB)%n",
          round, run.size(), secs, run.size() / secs, Files.size(gif) / 1024);
    }
    // where the time goes: drawing (FX thread) against encoding (the GIF writer)
    Renderer r = Renderer.open(spec(s, t, ExportView.WINDOW, ExportFormat.GIF, run, 1, null));
    long d0 = System.nanoTime();
    BufferedImage[] frames = new BufferedImage[run.size()];
    for (int i = 0; i < run.size(); i++) {
      frames[i] = ExportRunner.draw(r, run.get(i));
    }
    double draw = (System.nanoTime() - d0) / 1e9;
    long e0 = System.nanoTime();
    try (GifWriter gif = new GifWriter(OutputStream.nullOutputStream())) {
      for (BufferedImage f : frames) {
        gif.add(f, 700);
      }
    }
    double encode = (System.nanoTime() - e0) / 1e9;
    System.out.printf(
        "  drawing %.1f frames/s, GIF encoding %.1f frames/s%n",
        run.size() / draw, run.size() / encode);
    for (int round = 1; round <= 3; round++) {
      Path png = dir.resolve("compare-" + round + ".png");
      long t0 = System.nanoTime();
      ExportRunner.run(
          spec(
              s, t, ExportView.COMPARE, ExportFormat.PNG, List.of(Shots.atMark(t, "oops")), 2, png),
          ExportProgress.NONE);
      System.out.printf(
          "round %d: 2x PNG of the compare grid (5 fixes): %.0f ms (%d KB)%n",
          round, (System.nanoTime() - t0) / 1e6, Files.size(png) / 1024);
    }
    System.exit(0);
  }

  private static ExportSpec spec(
      Scenario s, Trace t, ExportView v, ExportFormat f, List<Shot> shots, int scale, Path out)
      throws IOException {
    return new ExportSpec(
        ScenarioChoice.builtIn(s.id()),
        s,
        Scenario.NONE,
        t,
        v,
        f,
        shots,
        false,
        scale,
        out == null ? Path.of("unused") : out,
        false,
        false,
        false,
        ViewState.DEFAULT,
        ExportSpec.WINDOW_WIDTH,
        ExportSpec.WINDOW_HEIGHT);
  }
}
