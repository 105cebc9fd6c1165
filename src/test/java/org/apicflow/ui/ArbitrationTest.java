package org.apicflow.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Arbitration;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;

/** The why line, on the built-in pending-ipi scenario. */
class ArbitrationTest {
  @Test
  void aPendingVectorWithInterruptsOffWaitsForIf() throws Exception {
    Scenario s = UiTestSupport.pendingIpi();
    Trace t = Simulator.run(s.program("none"));
    int at = t.firstMark("irr-set").orElseThrow().event() + 1;
    Arbitration a = Arbitration.of(t.stateAt(at), 0);
    assertThat(a.vector()).isEqualTo(0xFB);
    assertThat(a.verdict()).isEqualTo(Arbitration.Verdict.IF_CLEAR);
    assertThat(a.text()).isEqualTo("0xFB waits in IRR: IF = 0");
  }

  @Test
  void atTheCaptureKernelsFirstIrqEnableTheBitIsHeldByTheSoftwareDisabledApic() throws Exception {
    // The 2.6.14 crash path software-disabled the APIC; with the default quirk (hold) the
    // capture kernel's first local_irq_enable does not take 0xFB.
    Scenario s = UiTestSupport.pendingIpi();
    Trace t = Simulator.run(s.program("none"));
    int at = t.firstMark("irq-enable").orElseThrow().event() + 1;
    Arbitration a = Arbitration.of(t.stateAt(at), 0);
    assertThat(a.vector()).isEqualTo(0xFB);
    assertThat(a.verdict()).isEqualTo(Arbitration.Verdict.SOFTWARE_DISABLED);
  }

  @Test
  void afterTheOopsTheVectorStaysInServiceWithNoEoi() throws Exception {
    Scenario s = UiTestSupport.pendingIpi();
    Trace t = Simulator.run(s.program("none"));
    Arbitration a = Arbitration.of(t.stateAt(t.size()), 0);
    assertThat(a.vector()).isEqualTo(0xFB);
    assertThat(a.text()).contains("ISR 0xFB in service").contains("oopsed before the EOI");
  }

  @Test
  void aStaleIsrBitBlocksItsClassThroughPpr() throws Exception {
    Scenario s = ScenarioLoader.load(UiTestSupport.scenario("stale-isr-test.yaml"));
    Trace t = Simulator.run(s.program("none"));
    int at = t.firstMark("waiting").orElseThrow().event() + 1;
    Arbitration a = Arbitration.of(t.stateAt(at), 0);
    assertThat(a.verdict()).isEqualTo(Arbitration.Verdict.BLOCKED_BY_PPR);
    assertThat(a.text()).isEqualTo("0x31 blocked: PPR class 3 (stale ISR 0x31)");
  }
}
