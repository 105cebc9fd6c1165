package org.apicflow.cli;

import static org.apicflow.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.apicflow.cli.CliTest.Result;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apicflow export} of every kind, headless (Monocle, as surefire configures it): the files
 * are read back and checked; the errors exit 2 and write nothing.
 */
class ExportCliTest {
  static Trace pendingIpi;

  @BeforeAll
  static void simulate() throws Exception {
    // Start JavaFX the way the TestFX tests do, whichever test class runs first: started by
    // Platform.startup alone, TestFX's robot input does not reach later tests' windows.
    org.testfx.api.FxToolkit.registerPrimaryStage();
    pendingIpi = Simulator.run(Catalogue.load("pending-ipi").program(Scenario.NONE));
  }

  static BufferedImage png(Path p) throws IOException {
    BufferedImage img = ImageIO.read(p.toFile());
    assertThat(img).as("a PNG at " + p).isNotNull();
    return img;
  }

  /** Distinct colours on a 4-pixel grid: a blank or one-colour image has a handful. */
  static int colours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static void assertWrote(Result r) {
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("wrote ");
  }

  private static void assertRefused(Result r, String message) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(message).doesNotContain("Exception");
  }

  @Test
  void pngOfTheWindowAtAMarkIsTheWindowSizeAndNotBlank(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("oops.png");
    assertWrote(run("export", "pending-ipi", "--at", "oops", "--out", out.toString()));
    BufferedImage img = png(out);
    assertThat(img.getWidth()).isEqualTo(1280);
    assertThat(img.getHeight()).isEqualTo(800);
    assertThat(colours(img)).isGreaterThan(50);
    assertThat(files(dir)).containsExactly(out); // no temporary file left beside it
  }

  @Test
  void scaleMultipliesThePixelsOfAPanel(@TempDir Path dir) throws IOException {
    Path one = dir.resolve("m1.png");
    Path three = dir.resolve("m3.png");
    assertWrote(run("export", "pending-ipi", "--view", "machine", "--out", one.toString()));
    assertWrote(
        run(
            "export",
            "pending-ipi",
            "--view",
            "machine",
            "--scale",
            "3",
            "--out",
            three.toString()));
    BufferedImage a = png(one);
    BufferedImage b = png(three);
    assertThat(a.getWidth()).isBetween(400, 1280);
    assertThat(b.getWidth()).isBetween(3 * a.getWidth() - 2, 3 * a.getWidth() + 2);
    assertThat(b.getHeight()).isBetween(3 * a.getHeight() - 2, 3 * a.getHeight() + 2);
    assertThat(colours(a)).isGreaterThan(20);
    assertThat(colours(b)).isGreaterThan(20);
  }

  @Test
  void timelineAndCodePanelsAreDrawn(@TempDir Path dir) throws IOException {
    for (String v : List.of("timeline", "code")) {
      Path out = dir.resolve(v + ".png");
      assertWrote(
          run("export", "pending-ipi", "--view", v, "--step", "12", "--out", out.toString()));
      BufferedImage img = png(out);
      assertThat(img.getWidth()).as(v).isGreaterThan(300);
      assertThat(img.getHeight()).as(v).isGreaterThan(150);
      assertThat(colours(img)).as(v).isGreaterThan(20);
    }
  }

  @Test
  void gifHasOneFramePerStepOfTheRangeWithDelaysAndALoop(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("a.gif");
    assertWrote(
        run(
            "export",
            "pending-ipi",
            "--view",
            "machine",
            "--format",
            "gif",
            "--range",
            "ipi-sent..panic",
            "--out",
            out.toString()));
    int from = pendingIpi.firstMark("ipi-sent").orElseThrow().event() + 1;
    int to = pendingIpi.firstMark("panic").orElseThrow().event() + 1;
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(to - from + 1);
      IIOMetadataNode first =
          (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
      IIOMetadataNode gce =
          (IIOMetadataNode) first.getElementsByTagName("GraphicControlExtension").item(0);
      assertThat(Integer.parseInt(gce.getAttribute("delayTime"))).isGreaterThanOrEqualTo(50);
      IIOMetadataNode app =
          (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
      assertThat(app.getAttribute("applicationID")).isEqualTo("NETSCAPE");
      BufferedImage img = reader.read(0);
      assertThat(colours(img)).isGreaterThan(20);
    } finally {
      reader.dispose();
    }
  }

  @Test
  void allMarksWritesAFilePerKeyMomentNamedByStepAndMark(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("frames");
    Result r =
        run("export", "pending-ipi", "--view", "code", "--all-marks", "--out", out.toString());
    assertWrote(r);
    assertThat(files(out).stream().map(p -> p.getFileName().toString()))
        .containsExactly(
            "pending-ipi-none-010-panic.png",
            "pending-ipi-none-020-nmi-shootdown.png",
            "pending-ipi-none-063-irq-enable.png",
            "pending-ipi-none-072-oops.png");
    for (Path p : files(out)) {
      assertThat(colours(png(p))).as(p.toString()).isGreaterThan(20);
    }
  }

  @Test
  void rangeAsPngWritesAFilePerStep(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("steps");
    assertWrote(
        run(
            "export",
            "pending-ipi",
            "--fix",
            "blocking",
            "--view",
            "machine",
            "--range",
            "5..7",
            "--out",
            out.toString()));
    assertThat(files(out).stream().map(p -> p.getFileName().toString()))
        .containsExactly(
            "pending-ipi-blocking-005-step.png",
            "pending-ipi-blocking-006-step.png",
            "pending-ipi-blocking-007-ipi-sent.png");
  }

  @Test
  void contactSheetIsOneImageOfTheKeyMoments(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("sheet.png");
    assertWrote(run("export", "pending-ipi", "--view", "contact-sheet", "--out", out.toString()));
    BufferedImage img = png(out);
    // four moments in two rows of two tiles
    assertThat(img.getWidth()).isGreaterThan(1400);
    assertThat(img.getHeight()).isGreaterThan(900);
    assertThat(colours(img)).isGreaterThan(50);
  }

  @Test
  void compareGridDrawsAPanelPerFix(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("compare.png");
    assertWrote(
        run("export", "pending-ipi", "--view", "compare", "--at", "oops", "--out", out.toString()));
    BufferedImage img = png(out);
    // five fixes: three tiles a row, two rows
    assertThat(img.getWidth()).isGreaterThan(3 * 700);
    assertThat(img.getHeight()).isGreaterThan(2 * 500);
    assertThat(colours(img)).isGreaterThan(50);
  }

  @Test
  void aGifOfTheCompareGridHasAFramePerStepThoughTheGridChangesHeight(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("compare.gif");
    assertWrote(
        run(
            "export",
            "pending-ipi",
            "--view",
            "compare",
            "--format",
            "gif",
            "--range",
            "irq-enable..oops",
            "--out",
            out.toString()));
    int from = pendingIpi.firstMark("irq-enable").orElseThrow().event() + 1;
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(pendingIpi.size() - from + 1);
    } finally {
      reader.dispose();
    }
  }

  @Test
  void jsonHasATrackPerCpuAndFlowsForTheIpis(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("t.json");
    assertWrote(run("export", "pending-ipi", "--format", "json", "--out", out.toString()));
    JsonNode events = new ObjectMapper().readTree(out.toFile()).get("traceEvents");
    Set<String> threads = new HashSet<>();
    int flowStarts = 0;
    int flowEnds = 0;
    for (JsonNode e : events) {
      String ph = e.get("ph").asText();
      if (ph.equals("M") && e.get("name").asText().equals("thread_name")) {
        threads.add(e.get("args").get("name").asText());
      }
      flowStarts += ph.equals("s") ? 1 : 0;
      flowEnds += ph.equals("f") ? 1 : 0;
    }
    assertThat(threads).contains("CPU 0", "CPU 1");
    assertThat(flowStarts).isPositive().isEqualTo(flowEnds);
  }

  @Test
  void csvHasAHeaderAndARowPerEvent(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("t.csv");
    assertWrote(run("export", "pending-ipi", "--format", "csv", "--out", out.toString()));
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(pendingIpi.size() + 1);
    assertThat(lines.get(0)).contains("time");
  }

  @Test
  void aMissingMarkExitsTwoAndWritesNothing(@TempDir Path dir) throws IOException {
    Result r =
        run(
            "export",
            "pending-ipi",
            "--at",
            "no-such-mark",
            "--out",
            dir.resolve("x.png").toString());
    assertRefused(r, "no mark 'no-such-mark' in this run (marks: ipi-sent, panic,");
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void aBadRangeExitsTwoAndWritesNothing(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("frames");
    assertRefused(
        run("export", "pending-ipi", "--range", "12..3", "--out", out.toString()),
        "bad range 12..3");
    assertRefused(
        run("export", "pending-ipi", "--range", "0..9999", "--out", out.toString()),
        "bad range 0..9999: steps run 0..72");
    assertRefused(
        run("export", "pending-ipi", "--range", "oops", "--out", out.toString()),
        "is not FROM..TO");
    assertRefused(
        run("export", "pending-ipi", "--range", "..", "--out", out.toString()), "names no step");
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void anUnwritablePathExitsTwoAndWritesNothing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    assertRefused(
        run("export", "pending-ipi", "--out", file.resolve("x.png").toString()), "does not exist");
    assertRefused(
        run("export", "pending-ipi", "--all-marks", "--out", file.resolve("frames").toString()),
        "is not a folder");
    assertRefused(
        run("export", "pending-ipi", "--all-marks", "--out", file.toString()),
        "is a file, not a folder");
    assertThat(files(dir)).containsExactly(file);
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void anExistingFrameIsKeptAndNothingIsWritten(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("frames");
    Files.createDirectories(out);
    Path taken = out.resolve("pending-ipi-none-072-oops.png");
    Files.writeString(taken, "mine");
    assertRefused(
        run("export", "pending-ipi", "--view", "code", "--all-marks", "--out", out.toString()),
        "exists already");
    assertThat(files(out)).containsExactly(taken);
    assertThat(Files.readString(taken)).isEqualTo("mine");
  }

  @Test
  void optionsThatDoNotFitExitTwo(@TempDir Path dir) {
    String out = dir.resolve("x.png").toString();
    assertRefused(
        run("export", "pending-ipi", "--view", "contact-sheet", "--at", "oops", "--out", out),
        "takes no --at");
    assertRefused(run("export", "pending-ipi", "--view", "nope", "--out", out), "--view: 'nope'");
    assertRefused(run("export", "pending-ipi", "--scale", "4", "--out", out), "--scale: 4");
    assertRefused(
        run("export", "pending-ipi", "--format", "json", "--at", "oops", "--out", out),
        "takes no --view or frame choice");
    assertRefused(
        run("export", "pending-ipi", "--view", "contact-sheet", "--format", "gif", "--out", out),
        "contact sheet is one image");
  }
}
