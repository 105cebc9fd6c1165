package org.apicflow.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Simulator;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  static Outcome run(String ops, String success) throws Exception {
    String text =
        String.join(
            "\n",
            "format: apicflow/1",
            "id: outcome",
            "machine: { cpus: 2, horizon: 1ms }",
            "kernels:",
            "  first:",
            "    vars: { x: 0 }",
            "    start: { cpu0: main }",
            "    functions:",
            "      main:",
            "        ops: " + ops,
            "      other: { ops: [ { op: mark, name: never } ] }",
            success,
            "");
    return Simulator.run(ScenarioLoader.parse("o.yaml", text).program("none")).outcome();
  }

  @Test
  void aHangNamesTheHltTheCpuSleepsOn() throws Exception {
    Outcome o = run("[ { op: cli }, { op: hlt }, { op: nop } ]", "success: never");
    assertThat(o.kind()).isEqualTo(Outcome.Kind.HANG);
    assertThat(o.cpu()).isZero();
    assertThat(o.where()).isEqualTo("main: hlt");
    assertThat(o.reason()).startsWith("never never reached; CPU 0 halted in main: hlt");
  }

  @Test
  void aSpinningCpuIsNamedWithItsOp() throws Exception {
    Outcome o = run("[ { op: wait-var, var: x, until: 1 } ]", "");
    assertThat(o.kind()).isEqualTo(Outcome.Kind.HANG);
    assertThat(o.reason()).startsWith("CPU 0 spinning in main: wait-var");
  }

  @Test
  void withoutASuccessMarkRunningToTheEndIsOk() throws Exception {
    Outcome o = run("[ { op: nop } ]", "");
    assertThat(o.kind()).isEqualTo(Outcome.Kind.OK);
    assertThat(o.reason()).isEqualTo("every started CPU ran to its end");
  }

  @Test
  void anOopsNamesTheCpuFunctionAndMessage() throws Exception {
    Outcome o = run("[ { op: deref, var: x } ]", "");
    assertThat(o.kind()).isEqualTo(Outcome.Kind.OOPS);
    assertThat(o.reason()).isEqualTo("CPU 0 oopsed: NULL pointer dereference of x in main: deref");
  }
}
