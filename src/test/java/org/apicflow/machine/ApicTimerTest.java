package org.apicflow.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The local APIC timer (SDM "APIC Timer"): LVT timer mode bits 18:17 (00 one-shot, 01 periodic),
 * mask bit 16, divide configuration, initial count. Ticks are machine.timing.timer-tick (10 ns by
 * default), so divide-by-1 and an initial count of 100 fire every 1 us of virtual time.
 */
class ApicTimerTest {

  static Bench run(String lvt) {
    Bench b =
        new Bench(
            Bench.program(
                """
                format: apicflow/1
                id: timer
                machine: { cpus: 1 }
                kernels:
                  first:
                    start: { cpu0: main }
                    functions:
                      main:
                        ops:
                          - { op: apic-write, reg: LVT-TIMER, value: %s }
                          - { op: apic-write, reg: TIMER-DIV, value: 0xb }
                          - { op: sti }
                          - { op: apic-write, reg: TIMER-INIT, value: 100 }
                          - { op: delay, time: 5500ns }
                          - { op: apic-write, reg: TIMER-INIT, value: 0 }
                          - { op: delay, time: 5us }
                """
                    .formatted(lvt)));
    b.m.run();
    return b;
  }

  @Test
  void periodicTimerFiresEveryPeriodUntilStopped() {
    Bench b = run("0x20031");
    assertThat(b.entries(0, 0x31)).isEqualTo(5);
    assertThat(b.irr(0).isEmpty()).isTrue();
  }

  @Test
  void oneShotTimerFiresOnce() {
    Bench b = run("0x31");
    assertThat(b.entries(0, 0x31)).isEqualTo(1);
  }

  @Test
  void maskedTimerNeverReachesIrr() {
    Bench b = run("0x30031");
    assertThat(b.count(0, EventKind.TIMER_FIRE)).isEqualTo(5);
    assertThat(b.entries(0, 0x31)).isZero();
    assertThat(b.irr(0).isEmpty()).isTrue();
  }
}
