package org.apicflow.ui.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apicflow.trace.kvm.KvmEvent;
import org.apicflow.trace.kvm.KvmImport;
import org.apicflow.trace.kvm.KvmTrace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trace view's frames, computed with no FX thread, on the real SeaBIOS capture. */
class KvmViewModelTest {
  static KvmTrace real;
  static KvmTrace handmade;

  @BeforeAll
  static void load() throws Exception {
    real = KvmImport.load(Path.of("src/test/resources/kvm/real-seabios-ftrace.txt"));
    handmade = KvmImport.load(Path.of("src/test/resources/kvm/handmade-ftrace.txt"));
  }

  static int first(KvmTrace t, KvmEvent e) {
    for (int i = 0; i < t.size(); i++) {
      if (t.event(i) == e) {
        return i;
      }
    }
    throw new AssertionError("no " + e);
  }

  @Test
  void atTheStartEveryBitIsUnknown() {
    KvmViewModel.Frame f = KvmViewModel.frameAt(real, 0);
    assertThat(f.cards()).hasSize(2);
    for (KvmCardState c : f.cards()) {
      assertThat(c.irr().unknown().size()).isEqualTo(256);
      assertThat(c.isr().summary()).isEqualTo("unknown");
    }
  }

  @Test
  void atTheInitIpiTheBusShowsItFromVcpu0ToVcpu1AndTheCodePaneTheRawLine() {
    int ipi = first(real, KvmEvent.APIC_IPI);
    KvmViewModel.Frame f = KvmViewModel.frameAt(real, ipi + 1);
    assertThat(f.envelope().label()).isEqualTo("INIT");
    assertThat(f.envelope().from()).isZero();
    assertThat(f.envelope().to()).containsExactly(1);
    assertThat(f.rawLine())
        .contains("kvm_apic_ipi: dst 0 vec 0 (INIT|physical|assert|edge|all-but-self)");
    assertThat(f.where())
        .isEqualTo("real-seabios-ftrace.txt:" + real.lineNumber(ipi) + " · kvm_apic_ipi");
    assertThat(f.narration()).isEqualTo("vCPU 0 wrote ICR: INIT IPI to all but self");
    assertThat(f.fields())
        .anyMatch(x -> x.name().equals("ICR low") && x.value().equals("0x000C4500"));
  }

  @Test
  void atTheEoiVcpu0sIsrIsKnownEmpty() {
    int eoi = first(real, KvmEvent.EOI);
    KvmViewModel.Frame f = KvmViewModel.frameAt(real, eoi + 1);
    KvmCardState c0 = f.cards().get(0);
    assertThat(c0.active()).isTrue();
    assertThat(c0.isr().unknown().isEmpty()).isTrue();
    assertThat(c0.isr().set().isEmpty()).isTrue();
    assertThat(f.narration()).contains("vCPU 0 wrote EOI with nothing in service (vector -1)");
    // vCPU 1 accepted INIT but logged nothing of its own after it: still unknown
    assertThat(f.cards().get(1).mode()).isEqualTo("INIT accepted · reset pending");
    assertThat(f.cards().get(1).isr().summary()).isEqualTo("unknown");
  }

  @Test
  void anAcceptedFixedIpiSetsTheIrrBitAndSaysSo() {
    int accept = first(handmade, KvmEvent.APIC_ACCEPT_IRQ);
    KvmViewModel.Frame f = KvmViewModel.frameAt(handmade, accept + 1);
    assertThat(f.narration()).isEqualTo("vCPU 1 accepted fixed 0xFD: IRR bit set");
    KvmCardState c1 = f.cards().get(1);
    assertThat(c1.irr().set().get(0xFD)).isTrue();
    assertThat(c1.irr().changed().get(0xFD)).isTrue();
    assertThat(f.envelope().label()).isEqualTo("fixed 0xFD");
  }

  @Test
  void markersJumpToIpisAndEois() {
    KvmViewModel vm = new KvmViewModel();
    vm.load(real, 0);
    assertThat(vm.next(KvmViewModel.MarkKind.IPI)).isTrue();
    assertThat(real.event(vm.getPosition() - 1)).isEqualTo(KvmEvent.APIC_IPI);
    assertThat(vm.next(KvmViewModel.MarkKind.EOI)).isTrue();
    assertThat(real.event(vm.getPosition() - 1)).isEqualTo(KvmEvent.EOI);
    assertThat(vm.previous(KvmViewModel.MarkKind.IPI)).isTrue();
    assertThat(real.event(vm.getPosition() - 1)).isEqualTo(KvmEvent.APIC_IPI);
  }
}
