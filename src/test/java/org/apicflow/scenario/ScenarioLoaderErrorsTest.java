package org.apicflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderErrorsTest {

  /** A valid scenario whose op line 11 is replaced by the test. */
  static String withOp(String op) {
    return String.join(
        "\n",
        "format: apicflow/1",
        "id: bad",
        "machine: { cpus: 2 }",
        "kernels:",
        "  first:",
        "    vars: { x: 0 }",
        "    start: { cpu0: main }",
        "    functions:",
        "      main:",
        "        ops:",
        "          " + op,
        "          - { op: nop }",
        "");
  }

  static ScenarioException error(String text) {
    return catchThrowableOfType(
        () -> ScenarioLoader.parse("bad.yaml", text), ScenarioException.class);
  }

  @Test
  void validScenarioLoads() throws ScenarioException {
    Scenario s = ScenarioLoader.parse("ok.yaml", withOp("- { op: sti }"));
    assertThat(s.id()).isEqualTo("bad");
    assertThat(s.fixNames()).containsExactly("none");
  }

  @Test
  void unknownOpNamesLineColumnKeyAndSuggestion() {
    ScenarioException e = error(withOp("- { op: sendipi, vector: 0xfb }"));
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.column()).isEqualTo(19);
    assertThat(e.key()).isEqualTo("kernels.first.functions.main.ops[0].op");
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:11:19: kernels.first.functions.main.ops[0].op: unknown op 'sendipi'"
                + " (did you mean 'send-ipi'?)");
  }

  @Test
  void missingFieldNamesTheKey() {
    ScenarioException e = error(withOp("- { op: apic-write, reg: TPR }"));
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.key()).endsWith("ops[0].value");
    assertThat(e.problem()).isEqualTo("missing required key 'value'");
  }

  @Test
  void vectorOutOfRange() {
    ScenarioException e = error(withOp("- { op: send-ipi, vector: 0x1fb }"));
    assertThat(e.column()).isEqualTo(37);
    assertThat(e.key()).endsWith("ops[0].vector");
    assertThat(e.problem()).contains("out of range");
  }

  @Test
  void callToMissingFunction() {
    ScenarioException e = error(withOp("- { op: call, fn: mian }"));
    assertThat(e.key()).endsWith("ops[0].fn");
    assertThat(e.problem()).contains("has no function 'mian'").contains("did you mean 'main'");
  }

  @Test
  void undeclaredVariable() {
    ScenarioException e = error(withOp("- { op: set, var: y, value: 1 }"));
    assertThat(e.key()).endsWith("ops[0].var");
    assertThat(e.problem()).contains("'y' is not declared");
  }

  @Test
  void unknownKeyInAnOp() {
    ScenarioException e = error(withOp("- { op: nop, vectr: 3 }"));
    assertThat(e.key()).endsWith("ops[0].vectr");
    assertThat(e.problem()).startsWith("unknown key 'vectr'");
  }

  @Test
  void readOnlyRegisterCannotBeWritten() {
    ScenarioException e = error(withOp("- { op: apic-write, reg: PPR, value: 0 }"));
    assertThat(e.problem()).isEqualTo("register PPR is read-only");
  }

  @Test
  void yamlSyntaxErrorHasAPosition() {
    ScenarioException e = error(withOp("- { op: nop"));
    assertThat(e.line()).isGreaterThan(0);
    assertThat(e.problem()).startsWith("YAML syntax error");
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void duplicateKeysAreRefused() {
    ScenarioException e = error(withOp("- { op: nop, op: cli }"));
    assertThat(e.problem()).contains("duplicate key");
  }

  @Test
  void aliasBombStopsQuickly() {
    StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'j'; c++) {
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i > 0 ? ", " : "").append('*').append(prev);
      }
      sb.append("]\n");
      prev = String.valueOf(c);
    }
    ScenarioException e = error(sb.toString());
    assertThat(e.getMessage()).contains("bad.yaml:").doesNotContain("\n");
    assertThat(e.line()).isGreaterThan(0);
  }

  @Test
  void hugeFileIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    byte[] line =
        ("# " + "x".repeat(1022) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (var out = Files.newOutputStream(big)) {
      out.write("format: apicflow/1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (int i = 0; i < 50 * 1024; i++) {
        out.write(line);
      }
    }
    assertThatThrownBy(() -> ScenarioLoader.load(big))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("big.yaml:1:1:")
        .hasMessageContaining("larger than 4 MB, the limit for a scenario file; --max-file-size");
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("nope.yaml")))
        .isInstanceOf(ScenarioException.class)
        .hasMessageEndingWith("nope.yaml:1:1: no such file");
  }

  @Test
  void notUtf8IsAClearError(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("latin1.yaml");
    Files.write(f, new byte[] {'i', 'd', ':', ' ', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> ScenarioLoader.load(f)).hasMessageContaining("not UTF-8");
  }

  @Test
  void wrongFormatIsRefused() {
    ScenarioException e = error(withOp("- { op: nop }").replace("apicflow/1", "apicflow/2"));
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.problem()).contains("unsupported format");
  }

  @Test
  void emptyFileIsRefused() {
    assertThat(error("").problem()).isEqualTo("the file is empty");
  }

  @Test
  void aCallCycleLoadsAndIsAHangNotAnError() throws ScenarioException {
    String text =
        withOp("- { op: call, fn: a }")
            + "      a:\n        ops: [ { op: call, fn: b }, { op: nop } ]\n"
            + "      b:\n        ops: [ { op: call, fn: a }, { op: nop } ]\n";
    Scenario s = ScenarioLoader.parse("cycle.yaml", text);
    assertThat(s.program("none").kernel(0).functions()).extracting("name").contains("a", "b");
  }

  @Test
  void fixReplacingAMissingKernelIsNamed() {
    String text =
        withOp("- { op: nop }")
            + "fixes:\n  f:\n    replace:\n      second.main: { ops: [ { op: nop } ] }\n";
    ScenarioException e = error(text);
    assertThat(e.key()).isEqualTo("fixes.f.replace.second.main");
    assertThat(e.problem()).contains("no kernel named 'second'");
  }

  @Test
  void expectationOnUnknownFixIsNamed() {
    String text = withOp("- { op: nop }") + "expect:\n  - { fix: blockng, outcome: ok }\n";
    ScenarioException e = error(text);
    assertThat(e.key()).isEqualTo("expect[0].fix");
    assertThat(e.problem()).contains("no fix named 'blockng'");
  }

  @Test
  void successMustBeAMarkThatExists() {
    String text = withOp("- { op: nop }") + "success: vmcore-saved\n";
    ScenarioException e = error(text);
    assertThat(e.key()).isEqualTo("success");
    assertThat(e.problem()).contains("vmcore-saved");
  }
}
