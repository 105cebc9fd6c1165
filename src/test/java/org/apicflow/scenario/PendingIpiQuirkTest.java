package org.apicflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apicflow.apic.Quirk;
import org.apicflow.apic.Quirks;
import org.apicflow.machine.Machine;
import org.apicflow.machine.Outcome;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * pending-ipi replays the 2.6.14 crash path, which software-disables the crashing CPU's local APIC
 * and turns interrupts back on in lapic_shutdown. When the core takes the held IRR bit 0xFB is the
 * quirk soft-disabled-fixed; each setting ends the run in its own place, all computed here.
 */
class PendingIpiQuirkTest {

  static Trace run(String option, String fix) throws ScenarioException {
    Scenario s =
        Catalogue.load("pending-ipi")
            .withQuirks(Quirks.defaults().with(Quirk.SOFT_DISABLED_FIXED, option));
    return Simulator.run(s.program(fix));
  }

  static long mark(Trace t, String name) {
    return t.marks().stream()
        .filter(m -> m.name().equals(name))
        .mapToLong(Mark::time)
        .findFirst()
        .orElse(-1);
  }

  @Test
  void holdKeepsTheBitPastTheFirstLocalIrqEnableAndOopsesWhenSetupLocalApicReEnables()
      throws Exception {
    for (String option : List.of("hold", "drop")) {
      Trace t = run(option, "none");
      Outcome o = t.outcome();
      assertThat(o.kind()).as(option).isEqualTo(Outcome.Kind.OOPS);
      Machine end = t.finalState();
      assertThat(end.program().kernel(end.cpu(0).kernel()).name()).isEqualTo("second");
      // Not at the first local_irq_enable: later, after setup_local_APIC set SVR bit 8.
      assertThat(o.time()).isGreaterThan(mark(t, "irq-enable"));
      assertThat(end.cpu(0).apic().softwareEnabled()).isTrue();
    }
  }

  @Test
  void deliverTakesTheBitAlreadyInLapicShutdownAndTheFirstKernelOopses() throws Exception {
    Trace t = run("deliver", "none");
    Outcome o = t.outcome();
    assertThat(o.kind()).isEqualTo(Outcome.Kind.OOPS);
    Machine end = t.finalState();
    assertThat(end.program().kernel(end.cpu(0).kernel()).name()).isEqualTo("first");
    assertThat(mark(t, "kexec")).isEqualTo(-1);
    assertThat(end.cpu(0).apic().softwareEnabled()).isFalse();
    // The blocking fix guards only the capture kernel's handler: it cannot help here.
    assertThat(run("deliver", "blocking").outcome().kind()).isEqualTo(Outcome.Kind.OOPS);
    // Draining while the APIC is still enabled does.
    assertThat(run("deliver", "clear-pending").outcome().kind()).isEqualTo(Outcome.Kind.OK);
  }

  @Test
  void theCrashPathSoftDisablesTheApicBeforeKexec() throws Exception {
    Trace t = run("hold", "none");
    Machine atKexec =
        t.stateAt(
            t.marks().stream()
                .filter(m -> m.name().equals("kexec"))
                .findFirst()
                .orElseThrow()
                .event());
    assertThat(atKexec.cpu(0).apic().softwareEnabled()).isFalse();
    assertThat(atKexec.cpu(0).apic().irr().get(0xFB)).isTrue();
  }
}
