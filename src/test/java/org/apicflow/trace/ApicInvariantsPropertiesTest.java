package org.apicflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.LocalApic;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.IpiMessage;
import org.apicflow.machine.Machine;
import org.apicflow.testing.Seeds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DESIGN.md "Tests": APIC invariants after every event of random scenarios. */
class ApicInvariantsPropertiesTest {

  static java.util.stream.Stream<Long> seeds() {
    return Seeds.seeds(200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void apicInvariantsHoldAfterEveryStep(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          Machine m = new Machine(RandomScenarios.compile(yaml));
          m.setStepBudget(Simulator.STEP_BUDGET);
          check(m);
          while (m.step()) {
            check(m);
          }
          check(m);
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void interruptsAreTakenAndEndedOnlyByTheRules(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          String yaml = RandomScenarios.scenario(rnd);
          Machine m = new Machine(RandomScenarios.compile(yaml));
          m.setStepBudget(Simulator.STEP_BUDGET);
          List<long[]> step = new ArrayList<>();
          m.setSink((t, c, k, kernel, fn, pc, a, b) -> step.add(new long[] {c, k.ordinal(), a}));
          Machine before = m.copy();
          while (m.step()) {
            for (long[] e : step) {
              int c = (int) e[0];
              EventKind kind = EventKind.values()[(int) e[1]];
              Cpu was = before.cpu(c);
              LocalApic apic = was.apic();
              String at = kind + " on CPU " + c + " at " + m.now() + "ns";
              if (kind == EventKind.IRQ_ENTRY) {
                // The core takes the highest IRR vector, only with IF = 1 and its class above
                // PPR's.
                assertThat(was.interruptsEnabled()).as("IF, " + at).isTrue();
                assertThat(e[2]).as("vector, " + at).isEqualTo(apic.irr().highest());
                assertThat(e[2] >> 4).as("class above PPR, " + at).isGreaterThan(apic.ppr() >> 4);
                assertThat(m.cpu(c).apic().isr().get((int) e[2])).as("now in ISR, " + at).isTrue();
              } else if (kind == EventKind.NMI_ENTRY) {
                assertThat(was.nmiBlocked()).as("NMI not blocked before, " + at).isFalse();
                assertThat(m.cpu(c).nmiBlocked()).as("NMI blocked after, " + at).isTrue();
              } else if (kind == EventKind.EOI) {
                // EOI clears the highest ISR bit, or nothing with ISR empty.
                assertThat(e[2]).as("EOI vector, " + at).isEqualTo(apic.isr().highest());
                assertThat(m.cpu(c).apic().irr()).as("EOI leaves IRR, " + at).isEqualTo(apic.irr());
              }
            }
            step.clear();
            before = m.copy();
          }
        });
  }

  static void check(Machine m) {
    for (int c = 0; c < m.cpuCount(); c++) {
      Cpu cpu = m.cpu(c);
      LocalApic a = cpu.apic();
      String at = "CPU " + c + " at " + m.now() + "ns, step " + m.steps();

      // PPR = TPR if TPR[7:4] >= ISRV[7:4], else ISRV & 0xF0 (SDM "Processor Priority Register").
      int isrv = Math.max(a.isr().highest(), 0);
      int tpr = a.read(ApicRegister.TPR);
      int ppr = (tpr >> 4) >= (isrv >> 4) ? tpr : isrv & 0xF0;
      assertThat(a.read(ApicRegister.PPR)).as("PPR, " + at).isEqualTo(ppr);

      // Vectors 0-15 never reach IRR or ISR.
      for (int w = 0; w < 8; w++) {
        int irr = a.read(ApicRegister.IRR0 + 0x10 * w);
        int isr = a.read(ApicRegister.ISR0 + 0x10 * w);
        int illegal = w == 0 ? 0xFFFF : 0;
        assertThat(irr & illegal).as("IRR0 low vectors, " + at).isZero();
        assertThat(isr & illegal).as("ISR0 low vectors, " + at).isZero();
      }

      // At most one NMI is latched; a message waits only behind a full latch, at most one per
      // sender (a sender's ICR holds one command), and only in the busy model.
      var waiting = cpu.waitingNmiMessages();
      if (!m.busyModel()) {
        assertThat(waiting).as("waiting NMI messages without the busy model, " + at).isEmpty();
      }
      if (!waiting.isEmpty()) {
        assertThat(cpu.nmiLatched()).as("a message waits only behind a full latch, " + at).isTrue();
      }
      Set<Integer> senders = new HashSet<>();
      for (int id : waiting) {
        IpiMessage msg =
            m.liveMessages().stream().filter(x -> x.id() == id).findFirst().orElseThrow();
        assertThat(senders.add(msg.sender())).as("one waiting message per sender, " + at).isTrue();
      }

      // Delivery status: busy only in the busy model, and then exactly while a message this
      // APIC sent is unaccepted somewhere.
      boolean busy = (a.read(ApicRegister.ICR) & IcrCommand.DELIVERY_STATUS) != 0;
      boolean unaccepted = false;
      for (IpiMessage msg : m.liveMessages()) {
        if (msg.sender() != c) {
          continue;
        }
        for (int i = 0; i < msg.targetCount(); i++) {
          if (msg.status(i) == IpiMessage.Status.IN_TRANSIT
              || msg.status(i) == IpiMessage.Status.WAITING) {
            unaccepted = true;
          }
        }
      }
      assertThat(busy).as("ICR delivery status, " + at).isEqualTo(m.busyModel() && unaccepted);
      if (!m.busyModel()) {
        assertThat(busy).isFalse();
      }
    }
  }
}
