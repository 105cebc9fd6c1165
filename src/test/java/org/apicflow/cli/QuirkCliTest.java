package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apicflow.apic.Quirk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --quirk NAME=VALUE} on run, check, matrix and export; {@code run --json} "quirks". */
class QuirkCliTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ApicflowCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void runJsonReportsEveryQuirkInEffect() throws Exception {
    Result r = run("run", "pending-ipi", "--json");
    assertThat(r.code()).isZero();
    JsonNode q = new ObjectMapper().readTree(r.out()).get("quirks");
    assertThat(q.size()).isEqualTo(Quirk.values().length);
    for (Quirk k : Quirk.values()) {
      assertThat(q.get(k.key()).asText()).isEqualTo(k.defaultOption());
    }
  }

  @Test
  void aQuirkOnTheCommandLineChangesTheRunAndIsReported() throws Exception {
    Result r = run("run", "pending-ipi", "--quirk", "soft-disabled-fixed=deliver", "--json");
    assertThat(r.code()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("quirks").get("soft-disabled-fixed").asText()).isEqualTo("deliver");
    assertThat(j.get("outcome").asText()).isEqualTo("oops");
    // deliver: the core takes the held 0xFB already in the first kernel's lapic_shutdown.
    assertThat(j.get("cpus").get(0).get("kernel").asText()).isEqualTo("first");
  }

  @Test
  void theQuirkIsRepeatable() throws Exception {
    Result r =
        run(
            "run",
            "lesson-nmi",
            "--quirk",
            "icr-busy-until-accepted=false",
            "--quirk",
            "level-ipi-tmr=set",
            "--json");
    JsonNode q = new ObjectMapper().readTree(r.out()).get("quirks");
    assertThat(q.get("icr-busy-until-accepted").asText()).isEqualTo("false");
    assertThat(q.get("level-ipi-tmr").asText()).isEqualTo("set");
  }

  @Test
  void aBadQuirkIsOneLineAndExitTwoOnEveryCommand(@TempDir Path dir) {
    for (String[] args :
        new String[][] {
          {"run", "pending-ipi", "--quirk", "nonsense=1"},
          {"check", "pending-ipi", "--quirk", "soft-disabled-fixed=maybe"},
          {"matrix", "--quirk", "level-ipi-tmr"},
          {"export", "pending-ipi", "--quirk", "x=y", "--out", dir.resolve("a.png").toString()}
        }) {
      Result r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).contains("--quirk").doesNotContain("Exception");
    }
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void checkAndMatrixRunUnderAQuirk() {
    Result check = run("check", "stale-isr-timer", "--quirk", "soft-disabled-fixed=drop");
    assertThat(check.code()).isZero();
    Result matrix = run("matrix", "pending-ipi", "--quirk", "soft-disabled-fixed=deliver");
    assertThat(matrix.code()).isZero();
    // Under deliver the first kernel oopses before the capture kernel's guard can help.
    assertThat(matrix.out()).containsPattern("pending-ipi\\s+oops\\s+oops\\s+oops\\s+ok\\s+oops");
  }
}
