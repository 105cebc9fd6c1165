package org.apicflow.trace.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rules of {@link Reconstruction}, one behaviour each, through parsed lines. */
class ReconstructionTest {
  private final KvmLineParser parser = new KvmLineParser();
  private final Reconstruction rec = new Reconstruction();

  private void apply(String line, int vcpu) {
    KvmRecord r = new KvmRecord();
    assertThat(parser.parse(line, r)).as(line).isEqualTo(KvmLineParser.Kind.EVENT);
    rec.apply(r, Reconstruction.selfOf(r, vcpu));
  }

  @Test
  void stateBeforeAVcpusFirstEventIsUnknown() {
    rec.declare(3);
    assertThat(rec.apic(3).irr.noneKnown()).isTrue();
    assertThat(rec.apic(3).isr.noneKnown()).isTrue();
    assertThat(rec.apic(3).tmr.noneKnown()).isTrue();
  }

  @Test
  void acceptedFixedSetsOnlyItsIrrBitAndTmrByTrigger() {
    apply("kvm_apic_accept_irq: apicid 1 vec 236 (Fixed|level)", -1);
    ApicKnowledge k = rec.apic(1);
    assertThat(k.irr.isSet(0xEC)).isTrue();
    assertThat(k.tmr.isSet(0xEC)).isTrue();
    assertThat(k.irr.isKnown(0xEB)).isFalse();
    assertThat(rec.acceptedFixed(1)).isEqualTo(1);
  }

  @Test
  void eoiClearsItsVectorAndEveryVectorAbove() {
    apply("kvm_eoi: apicid 0 vector 48", -1);
    ApicKnowledge k = rec.apic(0);
    assertThat(k.isr.isClear(0x30)).isTrue();
    assertThat(k.isr.isClear(0xFF)).isTrue();
    assertThat(k.isr.isKnown(0x2F)).isFalse();
  }

  @Test
  void eoiWithVectorMinusOneClearsTheWholeIsr() {
    apply("kvm_eoi: apicid 0 vector -1", -1);
    assertThat(rec.apic(0).isr.allKnown()).isTrue();
    assertThat(rec.apic(0).isr.setList()).isEmpty();
  }

  @Test
  void injectionMovesIrrToIsrOnlyWhenThePicCannotDeliver() {
    apply("kvm_apic_accept_irq: apicid 1 vec 253 (Fixed|edge)", -1);
    apply("kvm_inj_virq: IRQ 0xfd", 1);
    // LVT0 not known: the PIC might have delivered 0xFD, so neither bit is decided
    assertThat(rec.apic(1).irr.isKnown(0xFD)).isFalse();
    assertThat(rec.apic(1).isr.isKnown(0xFD)).isFalse();

    apply("kvm_apic: apic_write APIC_LVT0 = 0x10700", 1);
    apply("kvm_apic_accept_irq: apicid 1 vec 253 (Fixed|edge)", -1);
    apply("kvm_inj_virq: IRQ 0xfd", 1);
    assertThat(rec.apic(1).irr.isClear(0xFD)).isTrue();
    assertThat(rec.apic(1).isr.isSet(0xFD)).isTrue();
  }

  @Test
  void registerReadsDecideThirtyTwoBits() {
    apply("kvm_msr: msr_read 827 = 0x20000000", 2);
    apply("kvm_apic: apic_read 0x170 = 0x1", 2);
    assertThat(rec.apic(2).irr.isSet(0xFD)).isTrue();
    assertThat(rec.apic(2).irr.isClear(0xE0)).isTrue();
    assertThat(rec.apic(2).isr.isSet(0xE0)).isTrue();
    assertThat(rec.apic(2).irr.isKnown(0xDF)).isFalse();
  }

  @Test
  void initResetsTheApicAtTheVcpusNextOwnEvent() {
    apply("kvm_apic_accept_irq: apicid 1 vec 0 (INIT|edge)", -1);
    assertThat(rec.apic(1).irr.noneKnown()).isTrue();
    apply("kvm_apic_accept_irq: apicid 1 vec 16 (SIPI|edge)", -1);
    apply("kvm_entry: vcpu 1", 1);
    assertThat(rec.apic(1).irr.allKnown()).isTrue();
    assertThat(rec.apic(1).isr.setList()).isEmpty();
    assertThat(rec.apic(1).lvt0()).isEqualTo(0x10000);
  }

  @Test
  void apicvMakesDeliveredStateUnknownWhenTheVcpuRuns() {
    apply("kvm_eoi: apicid 0 vector -1", 0);
    apply("kvm_msr: msr_read 821 = 0x0", 0);
    apply("kvm_apicv_accept_irq: apicid 0 vec 48 (Fixed|edge)", -1);
    assertThat(rec.apic(0).irr.isSet(0x30)).isTrue();
    apply("kvm_entry: vcpu 0", 0);
    assertThat(rec.apic(0).irr.isKnown(0x30)).isFalse();
    assertThat(rec.apic(0).isr.isKnown(0x30)).isFalse();
    // 0x31 was known clear in IRR, so no unlogged delivery can have set it in ISR
    assertThat(rec.apic(0).isr.isClear(0x31)).isTrue();
    // 0x50 was not known in IRR: the CPU may have delivered it
    assertThat(rec.apic(0).isr.isKnown(0x50)).isFalse();
  }

  @Test
  void seekingEqualsReplayingFromTheStart() throws Exception {
    KvmTrace t = KvmImport.load(Path.of("src/test/resources/kvm/real-seabios-trace-pipe.txt"));
    Random rnd = new Random(14);
    for (int k = 0; k < 20; k++) {
      int p = rnd.nextInt(t.size() + 1);
      Reconstruction replay = new Reconstruction();
      for (int id : t.apicIds()) {
        replay.declare(id);
      }
      KvmRecord r = new KvmRecord();
      for (int i = 0; i < p; i++) {
        replay.apply(t.record(i, r), t.vcpu(i));
      }
      Map<Integer, ApicKnowledge> seek = t.stateAt(p);
      for (ApicKnowledge a : replay.apics()) {
        assertThat(seek.get(a.apicId).irr).as("seed 14, position " + p).isEqualTo(a.irr);
        assertThat(seek.get(a.apicId).isr).as("seed 14, position " + p).isEqualTo(a.isr);
      }
    }
  }
}
