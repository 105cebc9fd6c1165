package org.apicflow.machine;

import static org.apicflow.apic.ApicRegister.ICR;
import static org.apicflow.apic.ApicRegister.ICR2;
import static org.apicflow.apic.ApicRegister.LVT_LINT0;
import static org.apicflow.apic.ApicRegister.LVT_MASKED;
import static org.apicflow.apic.ApicRegister.SVR;
import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.Shorthand;
import org.apicflow.apic.SoftDisabledFixed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A software-disabled APIC (SVR bit 8 = 0; SDM "Spurious-Interrupt Vector Register"): what happens
 * to fixed interrupts is a machine quirk (hold: QEMU, drop: KVM, deliver: Bochs and old gem5); NMI,
 * INIT and start-up work regardless (DOMAIN.md 1).
 */
class SoftwareDisableTest {

  static int fixed(int vector) {
    return IcrCommand.encodeLow(vector, DeliveryMode.FIXED, false, true, false, Shorthand.NONE);
  }

  static int mode(DeliveryMode m, int vector) {
    return IcrCommand.encodeLow(vector, m, false, true, false, Shorthand.NONE);
  }

  static Bench disabledTarget(String quirk) {
    Bench b = Bench.idle(2, "quirks: { soft-disabled-fixed: " + quirk + " }").settle();
    b.write(1, SVR, 0xFF);
    assertThat(b.apic(1).softwareEnabled()).isFalse();
    return b;
  }

  @Test
  void holdQuirkKeepsAFixedInterruptInIrrAndDeliversItAfterReEnable() {
    Bench b = disabledTarget("hold");
    b.send(0, 1, fixed(0x40));
    b.settle();
    assertThat(b.deliveries(1)).containsExactly(EventKind.Delivery.IRR_SET);
    assertThat(b.irr(1).toArray()).containsExactly(0x40);
    assertThat(b.taken(1)).isEmpty();
    b.write(1, SVR, 0x1FF);
    b.settle();
    assertThat(b.taken(1)).containsExactly(0x40);
    assertThat(b.irr(1).isEmpty()).isTrue();
  }

  @Test
  void dropQuirkDiscardsAFixedInterruptOnArrival() {
    Bench b = disabledTarget("drop");
    b.send(0, 1, fixed(0x40));
    b.settle();
    assertThat(b.deliveries(1)).containsExactly(EventKind.Delivery.DROPPED);
    assertThat(b.irr(1).isEmpty()).isTrue();
    b.write(1, SVR, 0x1FF);
    b.settle();
    assertThat(b.taken(1)).isEmpty();
  }

  @Test
  void deliverQuirkDeliversAFixedInterruptWhileDisabled() {
    Bench b = disabledTarget("deliver");
    b.send(0, 1, fixed(0x40));
    b.settle();
    assertThat(b.taken(1)).containsExactly(0x40);
    assertThat(b.apic(1).softwareEnabled()).isFalse();
  }

  @Test
  void holdIsTheDefaultQuirk() {
    Bench b = Bench.idle(2).settle();
    assertThat(b.apic(1).softDisabledFixed()).isEqualTo(SoftDisabledFixed.HOLD);
  }

  @Test
  void softwareDisableMasksEveryLvtAndKeepsThemMasked() {
    Bench b = Bench.idle(2).settle();
    b.write(1, LVT_LINT0, 0x700);
    assertThat(b.read(1, LVT_LINT0) & LVT_MASKED).isZero();
    b.write(1, SVR, 0xFF);
    assertThat(b.read(1, LVT_LINT0) & LVT_MASKED).isNotZero();
    b.write(1, LVT_LINT0, 0x700);
    assertThat(b.read(1, LVT_LINT0) & LVT_MASKED).isNotZero();
  }

  @ParameterizedTest
  @EnumSource(SoftDisabledFixed.class)
  void nmiStillWorksWhileSoftwareDisabled(SoftDisabledFixed quirk) {
    Bench b = disabledTarget(quirk.name().toLowerCase(java.util.Locale.ROOT));
    b.send(0, 1, mode(DeliveryMode.NMI, 0));
    b.settle();
    assertThat(b.count(1, EventKind.NMI_ENTRY)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SoftDisabledFixed.class)
  void initAndStartupStillWorkWhileSoftwareDisabled(SoftDisabledFixed quirk) {
    Bench b = disabledTarget(quirk.name().toLowerCase(java.util.Locale.ROOT));
    b.write(0, ICR2, 1 << 24);
    b.write(0, ICR, mode(DeliveryMode.INIT, 0));
    b.settle();
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.WAIT_SIPI);
    assertThat(b.apic(1).softwareEnabled()).isFalse();
    b.write(0, ICR, mode(DeliveryMode.STARTUP, 0x9A));
    b.settle();
    assertThat(b.count(1, EventKind.SIPI)).isEqualTo(1);
    // ap-entry of the bench is the idle loop: the CPU runs again.
    assertThat(b.m.cpu(1).state()).isEqualTo(Cpu.RunState.HALTED);
    assertThat(b.m.cpu(1).interruptsEnabled()).isTrue();
  }

  @Test
  void smiIsAcceptedWhileSoftwareDisabledAndNeverTouchesIrr() {
    Bench b = disabledTarget("drop");
    b.send(0, 1, mode(DeliveryMode.SMI, 0));
    b.settle();
    assertThat(b.deliveries(1)).containsExactly(EventKind.Delivery.SMI);
    assertThat(b.irr(1).isEmpty()).isTrue();
  }
}
