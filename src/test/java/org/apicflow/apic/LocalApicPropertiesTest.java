package org.apicflow.apic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apicflow.testing.Seeds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One local APIC under random register traffic (accept, acknowledge, EOI, TPR and SVR writes): the
 * priority rules of SDM "Interrupt, Task, and Processor Priority" hold after every operation.
 */
class LocalApicPropertiesTest {

  /** One operation: kind 0 accept (vector, level), 1 acknowledge, 2 EOI, 3 TPR, 4 SVR. */
  record Action(int kind, int value, boolean flag) {}

  static java.util.stream.Stream<Long> seeds() {
    return Seeds.seeds(500);
  }

  /** Up to 60 random operations. */
  static List<Action> actions(SplittableRandom r) {
    List<Action> out = new ArrayList<>();
    int n = r.nextInt(61);
    for (int i = 0; i < n; i++) {
      out.add(new Action(r.nextInt(5), r.nextInt(256), r.nextBoolean()));
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void priorityRulesHoldAfterEveryRegisterOperation(long seed) {
    Seeds.check(
        seed,
        rnd -> {
          SoftDisabledFixed quirk = Seeds.oneOf(rnd, SoftDisabledFixed.values());
          List<Action> actions = actions(rnd);
          LocalApic a = new LocalApic(0, ApicMode.XAPIC, true, quirk);
          a.bootEnabled();
          for (Action act : actions) {
            switch (act.kind()) {
              case 0 -> {
                VectorSet irrBefore = new VectorSet(a.irr());
                LocalApic.Acceptance r = a.acceptFixed(act.value(), act.flag());
                if (act.value() < 16) {
                  assertThat(r).isEqualTo(LocalApic.Acceptance.ILLEGAL);
                  assertThat(a.irr()).isEqualTo(irrBefore);
                } else if (r == LocalApic.Acceptance.DROPPED) {
                  assertThat(a.softwareEnabled()).isFalse();
                  assertThat(quirk).isEqualTo(SoftDisabledFixed.DROP);
                } else {
                  assertThat(r)
                      .isEqualTo(
                          irrBefore.get(act.value())
                              ? LocalApic.Acceptance.COLLAPSED
                              : LocalApic.Acceptance.SET);
                  assertThat(a.tmr().get(act.value())).isEqualTo(act.flag());
                }
              }
              case 1 -> {
                int offered = a.offered();
                if (offered >= 0) {
                  int ppr = a.ppr();
                  assertThat(offered).isEqualTo(a.irr().highest());
                  assertThat(offered >> 4).isGreaterThan(ppr >> 4);
                  assertThat(a.acknowledge()).isEqualTo(offered);
                  assertThat(a.isr().get(offered)).isTrue();
                  assertThat(a.irr().get(offered)).isFalse();
                }
              }
              case 2 -> {
                int highest = a.isr().highest();
                VectorSet irrBefore = new VectorSet(a.irr());
                assertThat(a.write(ApicRegister.EOI, 0, 0))
                    .isEqualTo(new LocalApic.WriteEffect.Eoi(highest));
                if (highest >= 0) {
                  assertThat(a.isr().get(highest)).isFalse();
                }
                assertThat(a.irr()).isEqualTo(irrBefore);
              }
              case 3 -> a.write(ApicRegister.TPR, act.value(), 0);
              default -> a.write(ApicRegister.SVR, act.flag() ? 0x1FF : 0xFF, 0);
            }
            int isrv = Math.max(a.isr().highest(), 0);
            int tpr = a.tpr();
            assertThat(a.read(ApicRegister.PPR))
                .isEqualTo((tpr >> 4) >= (isrv >> 4) ? tpr : isrv & 0xF0);
            assertThat(a.irr().lowest() < 0 || a.irr().lowest() >= 16).isTrue();
            assertThat(a.isr().lowest() < 0 || a.isr().lowest() >= 16).isTrue();
            int v = a.offered();
            boolean held = !a.softwareEnabled() && quirk != SoftDisabledFixed.DELIVER;
            int expected =
                held || a.irr().isEmpty() || (a.irr().highest() >> 4) <= (a.ppr() >> 4)
                    ? -1
                    : a.irr().highest();
            assertThat(v).isEqualTo(expected);
          }
        });
  }
}
