package org.apicflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The loader's limits and the inputs that used to break it: each is one line, never a crash. */
class InputLimitsTest {
  static final String VALID = read("src/test/resources/scenarios/self-ipi.yaml");

  static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void restore() {
    InputLimits.set(InputLimits.DEFAULT);
  }

  static ScenarioException parseError(String text) {
    return catchThrowableOfType(
        ScenarioException.class, () -> ScenarioLoader.parse("t.yaml", text));
  }

  @Test
  void deepFlowNestingIsRefusedAtTheFirstLevelPastTheLimit() {
    String text = "format: apicflow/1\nid: x\nmachine: " + "[".repeat(1000) + "]".repeat(1000);
    ScenarioException e = parseError(text);
    assertThat(e.getMessage())
        .isEqualTo(
            "t.yaml:3:109: the document nests deeper than 100 levels, the limit for a scenario"
                + " file; --max-depth raises it");
  }

  @Test
  void deepBlockNestingIsRefusedToo() {
    StringBuilder b = new StringBuilder("format: apicflow/1\nid: x\nmachine:\n");
    for (int i = 1; i <= 2000; i++) {
      b.append(" ".repeat(i)).append("k:\n");
    }
    assertThat(parseError(b.toString()).getMessage())
        .startsWith("t.yaml:")
        .contains("nests deeper than 100 levels")
        .contains("--max-depth raises it");
  }

  @Test
  void aRaisedDepthLimitLetsDeeperNestingThrough() {
    String text = "format: apicflow/1\nid: x\nmachine: " + "[".repeat(150) + "]".repeat(150);
    assertThat(parseError(text).getMessage()).contains("--max-depth");
    InputLimits.set(new InputLimits(InputLimits.DEFAULT_BYTES, 200, InputLimits.DEFAULT_NODES));
    // past the depth check, the loader reads the value and says what is wrong with it
    assertThat(parseError(text).getMessage()).doesNotContain("--max-depth").contains("machine");
  }

  @Test
  void anAliasBombStopsAtTheNodeLimit() {
    StringBuilder b = new StringBuilder("format: apicflow/1\nid: x\na0: &a0 [x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      b.append("a").append(i).append(": &a").append(i).append(" [");
      b.append(String.join(", ", java.util.Collections.nCopies(5, "*a" + (i - 1))));
      b.append("]\n");
    }
    assertThat(parseError(b.toString()).getMessage())
        .contains("expands to more than 200000 nodes")
        .contains("--max-nodes raises it");
  }

  @Test
  void aSecondByteOrderMarkIsNamedAsSuch() {
    ScenarioException e = parseError("\ufeff\ufeffformat: apicflow/1\n");
    assertThat(e.getMessage())
        .isEqualTo(
            "t.yaml:1:1: a stray byte-order mark (U+FEFF); only one, at the very start of the"
                + " file, is allowed");
    assertThat(parseError("format: apicflow/1\nid: x\nmachine: {\ufeffcpus: 2}\n").getMessage())
        .startsWith("t.yaml:3:11: a stray byte-order mark");
  }

  @Test
  void oneByteOrderMarkAtTheStartIsAccepted(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bom.yaml");
    byte[] text = VALID.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(f, withBom);
    assertThat(ScenarioLoader.load(f).id()).isEqualTo("self-ipi");
  }

  @Test
  void anUnsupportedYamlVersionIsOneLineWithoutTheLibrarysWords() {
    ScenarioException e = parseError("# a comment\n%YAML 2.0\n---\nformat: apicflow/1\n");
    assertThat(e.getMessage())
        .isEqualTo(
            "t.yaml:2:1: %YAML 2.0 is not supported; scenario files are YAML 1.2 (or 1.1): drop"
                + " the %YAML line");
    assertThat(e.getMessage()).doesNotContain("Version{");
  }

  @Test
  void aHugeValueIsQuotedAtMostEightyCharacters() {
    String value = "v".repeat(3_900_000);
    ScenarioException e = parseError("format: " + value + "\n");
    assertThat(e.getMessage())
        .contains("'" + "v".repeat(80) + "... (3900000 characters)'")
        .hasSizeLessThan(200);
    ScenarioException key = parseError("format: apicflow/1\n" + "k".repeat(1000) + ": 1\n");
    assertThat(key.getMessage()).hasSizeLessThan(300);
  }

  @Test
  void controlAndLineSeparatorCharactersAreEscaped() {
    ScenarioException e = parseError("format: apicflow/1\nid: \"a\\u2028b\\u0007c\"\n");
    assertThat(e.getMessage()).contains("'a\\u2028b\\u0007c'").doesNotContain("\u2028");
  }

  @Test
  void aFileOverTheSizeLimitIsCutOffWhileReadAndNamesTheOption(@TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("big.yaml");
    Files.writeString(f, VALID + "#" + "x".repeat(5000) + "\n");
    InputLimits.set(new InputLimits(4096, 100, 200_000));
    ScenarioException e =
        catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(f));
    assertThat(e.getMessage())
        .endsWith(
            "big.yaml:1:1: the file is larger than 4 KB, the limit for a scenario file;"
                + " --max-file-size raises it");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void devicesAreRefusedWithoutReadingThem() {
    for (String dev : new String[] {"/dev/zero", "/dev/urandom", "/dev/null"}) {
      ScenarioException e =
          catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(Path.of(dev)));
      assertThat(e.getMessage())
          .isEqualTo(
              dev + ":1:1: is not a regular file (a device, FIFO or socket); only files are read");
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aFifoIsRefusedWithoutWaitingForAWriter(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("pipe.yaml");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(p.waitFor()).isZero();
    ScenarioException e =
        catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(fifo));
    assertThat(e.getMessage()).contains("pipe.yaml:1:1: is not a regular file");
  }
}
