package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  static final String SELF_IPI = "src/test/resources/scenarios/self-ipi.yaml";

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ApicflowCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void checkPassesAndPrintsTheClosingLine() {
    Result r = run("check", SELF_IPI);
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("PASS self-ipi [none]");
    assertThat(r.out().strip()).endsWith("5 passed, 0 failed");
  }

  @Test
  void checkExitsOneWhenAnExpectationFails(@TempDir Path dir) throws IOException {
    String text =
        Files.readString(Path.of(SELF_IPI))
            .replace("{ count: 0xfb, equals: 1 }", "{ count: 0xfb, equals: 2 }");
    Path f = dir.resolve("wrong.yaml");
    Files.writeString(f, text);
    Result r = run("check", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL self-ipi [none] {count: 0xfb, equals: 2}: handler for 0xFB ran 1 times");
    assertThat(r.out().strip()).endsWith("4 passed, 1 failed");
  }

  @Test
  void checkExitsTwoOnAnInvalidFileWithOneLineAndNoStackTrace(@TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("broken.yaml");
    Files.writeString(f, "format: apicflow/1\nid: x\nmachine: { cpus: 300 }\nkernels: {}\n");
    Result r = run("check", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .contains("broken.yaml:3:18: machine.cpus: value 300 is out of range 1..255");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void runPrintsOutcomeMarksAndRegisters() {
    Result r = run("run", SELF_IPI);
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("self-ipi [none]: ok: reached done");
    assertThat(r.out()).contains("pending").contains("registers at the end:").contains("CPU 1");
  }

  @Test
  void runJsonHasOutcomeReasonMarksAndRegisters() throws IOException {
    Result r = run("run", SELF_IPI, "--json");
    assertThat(r.code()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("outcome").asText()).isEqualTo("ok");
    assertThat(j.get("reason").asText()).isEqualTo("reached done");
    assertThat(j.get("marks"))
        .anySatisfy(m -> assertThat(m.get("name").asText()).isEqualTo("pending"));
    JsonNode cpu0 = j.get("cpus").get(0);
    assertThat(cpu0.get("irr")).isEmpty();
    assertThat(cpu0.get("icr").asLong()).isEqualTo(0x48FB);
    assertThat(j.get("marks").get(0).get("time").asLong()).isEqualTo(10);
  }

  @Test
  void runWithUnknownFixExitsTwo() {
    Result r = run("run", SELF_IPI, "--fix", "blocking");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("has no fix 'blocking' (it has: none)");
  }

  @Test
  void unknownBuiltInExitsTwo() {
    Result r = run("run", "no-such-scenario");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no-such-scenario:1:1:");
  }

  @Test
  void badOptionExitsTwo() {
    Result r = run("run", SELF_IPI, "--frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option");
  }

  @Test
  void matrixOfOneScenario() {
    Result r = run("matrix", SELF_IPI);
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("scenario  none\nself-ipi  ok\n");
  }

  @Test
  void exportWritesJsonAndRefusesToOverwrite(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("t.json");
    Result r = run("export", SELF_IPI, "--format", "json", "--out", out.toString());
    assertThat(r.code()).isZero();
    assertThat(new ObjectMapper().readTree(out.toFile()).get("traceEvents").size()).isPositive();
    Result again = run("export", SELF_IPI, "--out", out.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("exists already");
  }

  @Test
  void exportToAMissingFolderExitsTwoAndWritesNothing(@TempDir Path dir) {
    Path out = dir.resolve("no/such/folder/t.csv");
    Result r = run("export", SELF_IPI, "--format", "csv", "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("does not exist");
    assertThat(Files.exists(out)).isFalse();
  }
}
