package org.apicflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.Op;
import org.apicflow.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** Every event an op causes is recorded at that op, so the code pane lights the right line. */
class EventLocationTest {
  @Test
  void eventsPointAtTheOpThatCausedThem() throws Exception {
    Trace t =
        Simulator.run(
            ScenarioLoader.load(Path.of("src/test/resources/scenarios/ops-tour.yaml"))
                .program("none"));
    int checked = 0;
    for (int i = 0; i < t.size(); i++) {
      Op op = t.op(i).orElse(null);
      EventKind k = t.kind(i);
      switch (k) {
        case IPI_SEND -> assertThat(op).isInstanceOf(Op.SendIpi.class);
        case APIC_WRITE -> assertThat(op).isInstanceOfAny(Op.ApicWrite.class, Op.SendIpi.class);
        case APIC_READ -> assertThat(op).isInstanceOf(Op.ApicRead.class);
        case RECORD -> assertThat(op).isInstanceOf(Op.Record.class);
        case MARK -> assertThat(op).isInstanceOf(Op.Mark.class);
        case SPIN_BEGIN -> assertThat(op).isInstanceOfAny(Op.Poll.class, Op.WaitVar.class);
        case EOI -> {
          if (op != null) {
            assertThat(op).isInstanceOfAny(Op.Eoi.class, Op.ApicWrite.class);
          }
        }
        default -> {
          continue;
        }
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
  }
}
