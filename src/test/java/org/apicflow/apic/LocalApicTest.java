package org.apicflow.apic;

import static org.apicflow.apic.ApicRegister.DFR;
import static org.apicflow.apic.ApicRegister.EOI;
import static org.apicflow.apic.ApicRegister.ESR;
import static org.apicflow.apic.ApicRegister.ESR_ILLEGAL_REGISTER;
import static org.apicflow.apic.ApicRegister.ESR_RECEIVE_ILLEGAL_VECTOR;
import static org.apicflow.apic.ApicRegister.ICR;
import static org.apicflow.apic.ApicRegister.ICR2;
import static org.apicflow.apic.ApicRegister.ID;
import static org.apicflow.apic.ApicRegister.IRR0;
import static org.apicflow.apic.ApicRegister.ISR0;
import static org.apicflow.apic.ApicRegister.LDR;
import static org.apicflow.apic.ApicRegister.LVTS;
import static org.apicflow.apic.ApicRegister.LVT_MASKED;
import static org.apicflow.apic.ApicRegister.PPR;
import static org.apicflow.apic.ApicRegister.SVR;
import static org.apicflow.apic.ApicRegister.TMR0;
import static org.apicflow.apic.ApicRegister.TPR;
import static org.apicflow.apic.ApicRegister.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One local APIC through its register file by MMIO offset: priority, IRR/ISR/TMR, EOI, destination
 * matching, reset. Cross-checked against QEMU hw/intc/apic.c (apic_get_ppr, apic_eoi,
 * apic_match_dest) and KVM arch/x86/kvm/lapic.c (apic_update_ppr, kvm_apic_match_logical_addr).
 */
class LocalApicTest {

  static LocalApic enabled(int id) {
    LocalApic a = new LocalApic(id, ApicMode.XAPIC, true, SoftDisabledFixed.HOLD);
    a.bootEnabled();
    return a;
  }

  /** Puts {@code vector} in service the way the core does: accept, then acknowledge. */
  static void inService(LocalApic a, int vector) {
    int tpr = a.tpr();
    a.write(TPR, 0, 0);
    a.acceptFixed(vector, false);
    assertThat(a.acknowledge()).isEqualTo(vector);
    a.write(TPR, tpr, 0);
  }

  @ParameterizedTest(name = "TPR 0x{0} with ISRV 0x{1} gives PPR 0x{2}")
  @CsvSource({
    "00, -1, 00",
    "35, -1, 35",
    "35, 41, 40",
    "45, 4F, 45",
    "4F, 41, 4F",
    "50, 41, 50",
    "00, FB, F0",
    "FF, FB, FF",
  })
  void pprIsTprWhenItsClassIsAtLeastIsrvsElseIsrvClass(String tpr, String isrv, String ppr) {
    LocalApic a = enabled(0);
    if (!isrv.equals("-1")) {
      inService(a, Integer.parseInt(isrv, 16));
    }
    a.write(TPR, Integer.parseInt(tpr, 16), 0);
    assertThat(a.read(PPR)).isEqualTo(Integer.parseInt(ppr, 16));
  }

  @Test
  void pprUsesTheHighestInServiceVector() {
    LocalApic a = enabled(0);
    inService(a, 0x41);
    inService(a, 0x92);
    assertThat(a.read(PPR)).isEqualTo(0x90);
  }

  @Test
  void pprIsReadOnlyAndAWriteToItIsIgnoredWithoutAnError() {
    // SDM "Error Status Register": bit 7 is for addresses that hold no register at all.
    LocalApic a = enabled(0);
    assertThat(a.write(PPR, 0x50, 0)).isSameAs(LocalApic.WriteEffect.NONE);
    assertThat(a.read(PPR)).isZero();
    a.write(ESR, 0, 0);
    assertThat(a.read(ESR) & ESR_ILLEGAL_REGISTER).isZero();
  }

  @Test
  void aReservedAddressSetsEsrBit7() {
    LocalApic a = enabled(0);
    assertThat(a.write(0x040, 1, 0)).isInstanceOf(LocalApic.WriteEffect.Illegal.class);
    a.write(ESR, 0, 0);
    assertThat(a.read(ESR)).isEqualTo(ESR_ILLEGAL_REGISTER);
    // xAPIC has no SELF IPI register: 0x3F0 is a reserved address there.
    assertThat(a.write(0x3F0, 0x40, 0)).isInstanceOf(LocalApic.WriteEffect.Illegal.class);
  }

  @Test
  void acceptingAFixedInterruptSetsItsIrrBit() {
    LocalApic a = enabled(0);
    assertThat(a.acceptFixed(0xFB, false)).isEqualTo(LocalApic.Acceptance.SET);
    assertThat(a.read(IRR0 + 0x70)).isEqualTo(1 << (0xFB & 31));
    assertThat(a.read(ISR0 + 0x70)).isZero();
  }

  @Test
  void aSecondRequestOfAPendingVectorCollapses() {
    LocalApic a = enabled(0);
    a.acceptFixed(0x40, false);
    assertThat(a.acceptFixed(0x40, false)).isEqualTo(LocalApic.Acceptance.COLLAPSED);
    assertThat(a.irr().size()).isEqualTo(1);
  }

  @Test
  void levelTriggeredAcceptanceSetsTmrAndEdgeClearsIt() {
    LocalApic a = enabled(0);
    a.acceptFixed(0x61, true);
    assertThat(a.read(TMR0 + 0x30)).isEqualTo(1 << 1);
    a.write(TPR, 0, 0);
    a.acknowledge();
    a.acceptFixed(0x61, false);
    assertThat(a.read(TMR0 + 0x30)).isZero();
  }

  @Test
  void vectorsBelowSixteenAreRefusedWithReceiveIllegalVector() {
    for (int v = 0; v < 16; v++) {
      LocalApic a = enabled(0);
      assertThat(a.acceptFixed(v, false)).isEqualTo(LocalApic.Acceptance.ILLEGAL);
      assertThat(a.irr().isEmpty()).isTrue();
      a.write(ESR, 0, 0);
      assertThat(a.read(ESR)).isEqualTo(ESR_RECEIVE_ILLEGAL_VECTOR);
    }
  }

  @Test
  void esrShowsErrorsOnlyAfterAWriteAndTheNextWriteClearsThem() {
    LocalApic a = enabled(0);
    a.acceptFixed(3, false);
    assertThat(a.read(ESR)).isZero();
    a.write(ESR, 0, 0);
    assertThat(a.read(ESR)).isEqualTo(ESR_RECEIVE_ILLEGAL_VECTOR);
    a.write(ESR, 0, 0);
    assertThat(a.read(ESR)).isZero();
  }

  @Test
  void onlyAClassAbovePprIsOffered() {
    LocalApic a = enabled(0);
    a.write(TPR, 0x50, 0);
    a.acceptFixed(0x5F, false);
    assertThat(a.offered()).isEqualTo(-1);
    a.acceptFixed(0x60, false);
    assertThat(a.offered()).isEqualTo(0x60);
  }

  @Test
  void acknowledgeMovesTheHighestOfferedVectorFromIrrToIsr() {
    LocalApic a = enabled(0);
    a.acceptFixed(0x40, false);
    a.acceptFixed(0x80, false);
    assertThat(a.acknowledge()).isEqualTo(0x80);
    assertThat(a.irr().toArray()).containsExactly(0x40);
    assertThat(a.isr().toArray()).containsExactly(0x80);
    assertThat(a.read(PPR)).isEqualTo(0x80);
    assertThat(a.offered()).as("0x40 is below PPR now").isEqualTo(-1);
  }

  @Test
  void staleIsrBitBlocksItsOwnClassAndLowerButNotHigher() {
    LocalApic a = enabled(0);
    inService(a, 0x31);
    a.acceptFixed(0x25, false);
    a.acceptFixed(0x31, false);
    a.acceptFixed(0x3F, false);
    assertThat(a.offered()).isEqualTo(-1);
    a.acceptFixed(0x41, false);
    assertThat(a.offered()).isEqualTo(0x41);
  }

  @Test
  void eoiClearsTheHighestInServiceVectorFirst() {
    LocalApic a = enabled(0);
    inService(a, 0x40);
    inService(a, 0x80);
    inService(a, 0xA3);
    assertThat(a.write(EOI, 0, 0)).isEqualTo(new LocalApic.WriteEffect.Eoi(0xA3));
    assertThat(a.write(EOI, 0, 0)).isEqualTo(new LocalApic.WriteEffect.Eoi(0x80));
    assertThat(a.write(EOI, 0, 0)).isEqualTo(new LocalApic.WriteEffect.Eoi(0x40));
    assertThat(a.isr().isEmpty()).isTrue();
  }

  @Test
  void eoiWithEmptyIsrDoesNothing() {
    LocalApic a = enabled(0);
    a.write(TPR, 0x20, 0);
    a.acceptFixed(0x30, true);
    LocalApic before = a.copy();
    assertThat(a.write(EOI, 0x1234, 0)).isEqualTo(new LocalApic.WriteEffect.Eoi(-1));
    assertThat(a.sameState(before)).isTrue();
  }

  @Test
  void eoiNeverClearsIrr() {
    LocalApic a = enabled(0);
    a.acceptFixed(0xFB, false);
    for (int i = 0; i < 8; i++) {
      a.write(EOI, 0, 0);
    }
    assertThat(a.irr().toArray()).containsExactly(0xFB);
  }

  @Test
  void resetIsThePowerUpState() {
    LocalApic a = enabled(3);
    a.write(TPR, 0x40, 0);
    a.write(LDR, 0x0800_0000, 0);
    a.write(DFR, 0x0FFF_FFFF, 0);
    a.write(LVTS[3], 0x700, 0);
    a.acceptFixed(0x50, true);
    inService(a, 0x60);
    a.write(ICR2, 0x0100_0000, 0);
    a.write(ICR, 0x4040, 0);
    a.reset();
    assertThat(a.read(ID)).isEqualTo(3 << 24);
    assertThat(a.read(TPR)).isZero();
    assertThat(a.read(LDR)).isZero();
    assertThat(a.read(DFR)).isEqualTo(0xFFFF_FFFF);
    assertThat(a.read(SVR)).isEqualTo(0xFF);
    assertThat(a.read(ICR)).isZero();
    assertThat(a.read(ICR2)).isZero();
    assertThat(a.irr().isEmpty() && a.isr().isEmpty() && a.tmr().isEmpty()).isTrue();
    for (int lvt : LVTS) {
      assertThat(a.read(lvt) & LVT_MASKED).isNotZero();
    }
  }

  @Test
  void bootedStateIsEnabledFlatWithOneBitLogicalIds() {
    assertThat(enabled(2).read(SVR)).isEqualTo(0x1FF);
    assertThat(enabled(2).read(LDR)).isEqualTo(0x0400_0000);
    assertThat(enabled(9).read(LDR)).isZero();
    assertThat(enabled(2).isFlat()).isTrue();
  }

  @Test
  void versionIsAP4EraXapic() {
    assertThat(enabled(0).read(VERSION) & 0xFF).isEqualTo(0x14);
  }

  @Test
  void icrWriteSendsTheDecodedCommandAndDeliveryStatusIsNotWritable() {
    LocalApic a = enabled(0);
    a.write(ICR2, 0x0312_3456, 0);
    assertThat(a.read(ICR2)).isEqualTo(0x0300_0000);
    LocalApic.WriteEffect e = a.write(ICR, 0x000C_CDFB | IcrCommand.DELIVERY_STATUS, 0);
    assertThat(e).isInstanceOf(LocalApic.WriteEffect.Send.class);
    IcrCommand c = ((LocalApic.WriteEffect.Send) e).command();
    assertThat(c.vector()).isEqualTo(0xFB);
    assertThat(c.mode()).contains(DeliveryMode.INIT);
    assertThat(c.logical()).isTrue();
    assertThat(c.levelAssert()).isTrue();
    assertThat(c.levelTriggered()).isTrue();
    assertThat(c.shorthand()).isEqualTo(Shorthand.OTHERS);
    assertThat(c.destination()).isEqualTo(3);
    assertThat(a.read(ICR) & IcrCommand.DELIVERY_STATUS).isZero();
  }

  @Test
  void deliveryStatusReadsBusyOnlyInTheBusyModelWithUnacceptedSends() {
    LocalApic busy = enabled(0);
    busy.sendPending(1);
    assertThat(busy.read(ICR) & IcrCommand.DELIVERY_STATUS).isNotZero();
    busy.sendPending(-1);
    assertThat(busy.read(ICR) & IcrCommand.DELIVERY_STATUS).isZero();
    LocalApic kvm = new LocalApic(0, ApicMode.XAPIC, false, SoftDisabledFixed.HOLD);
    kvm.sendPending(1);
    assertThat(kvm.read(ICR) & IcrCommand.DELIVERY_STATUS).isZero();
    LocalApic x2 = new LocalApic(0, ApicMode.X2APIC, true, SoftDisabledFixed.HOLD);
    x2.sendPending(1);
    assertThat(x2.read(ICR) & IcrCommand.DELIVERY_STATUS).isZero();
  }

  @Test
  void physicalMatchesTheIdAndFfIsABroadcast() {
    LocalApic a = enabled(5);
    assertThat(a.matches(5, false)).isTrue();
    assertThat(a.matches(4, false)).isFalse();
    assertThat(a.matches(0xFF, false)).isTrue();
  }

  @Test
  void flatLogicalMatchesWhenMdaAndLdrShareABit() {
    LocalApic a = enabled(0);
    a.write(LDR, 0x2400_0000, 0);
    assertThat(a.matches(0x04, true)).isTrue();
    assertThat(a.matches(0x21, true)).isTrue();
    assertThat(a.matches(0x42, true)).isFalse();
    assertThat(a.matches(0xFF, true)).isTrue();
  }

  @Test
  void clusterLogicalMatchesEqualHighNibbleAndSharedLowBit() {
    LocalApic a = enabled(0);
    a.write(DFR, 0x0FFF_FFFF, 0);
    a.write(LDR, 0x3600_0000, 0);
    assertThat(a.isFlat()).isFalse();
    assertThat(a.matches(0x32, true)).isTrue();
    assertThat(a.matches(0x3C, true)).isTrue();
    assertThat(a.matches(0x39, true)).isFalse();
    assertThat(a.matches(0x26, true)).isFalse();
    assertThat(a.matches(0x06, true)).isFalse();
    assertThat(a.matches(0xFF, true)).isTrue();
  }

  @Test
  void dfrKeepsItsReservedBitsAsOnes() {
    LocalApic a = enabled(0);
    a.write(DFR, 0, 0);
    assertThat(a.read(DFR)).isEqualTo(0x0FFF_FFFF);
  }

  @Test
  void x2apicHasADerivedClusterLdr() {
    LocalApic a = new LocalApic(0x23, ApicMode.X2APIC, true, SoftDisabledFixed.HOLD);
    a.bootEnabled();
    assertThat(a.read(LDR)).isEqualTo((0x2 << 16) | (1 << 3));
    assertThat(a.matches((0x2 << 16) | 0x8, true)).isTrue();
    assertThat(a.matches((0x3 << 16) | 0x8, true)).isFalse();
    assertThat(a.matches(0x23, false)).isTrue();
    assertThat(a.matches(0xFFFF_FFFF, false)).isTrue();
    // LDR is read-only in x2APIC mode: a WRMSR raises #GP.
    assertThat(a.write(LDR, 0, 0)).isInstanceOf(LocalApic.WriteEffect.Fault.class);
  }

  @Test
  void softwareDisabledHoldsIrrExceptWithTheDeliverQuirk() {
    LocalApic hold = new LocalApic(0, ApicMode.XAPIC, true, SoftDisabledFixed.HOLD);
    hold.acceptFixed(0x40, false);
    assertThat(hold.offered()).isEqualTo(-1);
    hold.write(SVR, 0x1FF, 0);
    assertThat(hold.offered()).isEqualTo(0x40);
    LocalApic deliver = new LocalApic(0, ApicMode.XAPIC, true, SoftDisabledFixed.DELIVER);
    deliver.acceptFixed(0x40, false);
    assertThat(deliver.offered()).isEqualTo(0x40);
    LocalApic drop = new LocalApic(0, ApicMode.XAPIC, true, SoftDisabledFixed.DROP);
    assertThat(drop.acceptFixed(0x40, false)).isEqualTo(LocalApic.Acceptance.DROPPED);
    assertThat(drop.irr().isEmpty()).isTrue();
  }
}
