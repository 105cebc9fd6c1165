package org.apicflow.trace.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The column forms and the older kernels' event formats. */
class KvmLineParserTest {
  private final KvmLineParser p = new KvmLineParser();
  private final KvmRecord r = new KvmRecord();

  @Test
  void ftraceColumnsWithAThreadNameWithSpaces() {
    assertThat(p.parse("  CPU 1/KVM-2002 [001] d..1.  4211.000110: kvm_entry: vcpu 1, rip 0x0", r))
        .isEqualTo(KvmLineParser.Kind.EVENT);
    assertThat(r.comm).isEqualTo("CPU 1/KVM");
    assertThat(r.pid).isEqualTo(2002);
    assertThat(r.cpu).isEqualTo(1);
    assertThat(r.time).isEqualTo(4211_000_110_000L);
    assertThat(r.a).isEqualTo(1);
  }

  @Test
  void anUnknownCommIsShownAsDotsAndItsPid() {
    p.parse("           <...>-9684    [000] .....   345.055242: kvm_eoi: apicid 0 vector -1", r);
    assertThat(r.pid).isEqualTo(9684);
    assertThat(r.comm).isEqualTo("<...>");
    assertThat(r.b).isEqualTo(-1);
  }

  @Test
  void ftraceWithTgidColumn() {
    p.parse("   qemu-9684  (   9680) [000] d..1.   345.055242: kvm_entry: vcpu 0", r);
    assertThat(r.pid).isEqualTo(9684);
    assertThat(r.cpu).isZero();
  }

  @Test
  void perfScriptPaddedColumns() {
    p.parse(
        " qemu-system-x86 10299 [001]   376.061482:  kvm:kvm_apic_accept_irq: apicid 1 vec 0 (INIT|edge)",
        r);
    assertThat(p.perfPrefix()).isTrue();
    assertThat(r.pid).isEqualTo(10299);
    assertThat(r.comm).isEqualTo("qemu-system-x86");
    assertThat(r.c).isEqualTo(5);
  }

  @Test
  void traceCmdBufferPrefixAndPaddedName() {
    p.parse(
        "apicflow:        CPU 0/KVM-11453 [000]   465.266663: kvm_eoi:              apicid 0 vector 236",
        r);
    assertThat(r.comm).isEqualTo("CPU 0/KVM");
    assertThat(r.pid).isEqualTo(11453);
    assertThat(r.b).isEqualTo(236);
  }

  @Test
  void olderKernelFormats() {
    p.parse("kvm_exit: reason EXTERNAL_INTERRUPT rip 0xffffffff81000000 info 0 800000ec", r);
    assertThat(r.a).isEqualTo(-1);
    assertThat(r.reason).isEqualTo("EXTERNAL_INTERRUPT");
    p.parse("kvm_entry: vcpu 3", r);
    assertThat(r.a).isEqualTo(3);
    p.parse("kvm_inj_virq: irq 236", r);
    assertThat(r.b).isEqualTo(236);
    p.parse("kvm_apic_accept_irq: apicid 1 vec 236 (Fixed|edge) (coalesced)", r);
    assertThat(r.b).isEqualTo(236);
    p.parse("kvm_exit: vcpu 0 reason DE excp rip 0x0 info1 0x0", r);
    assertThat(r.reason).isEqualTo("DE excp");
  }

  @Test
  void otherKvmTracepointsAndOtherEventsAreNotRead() {
    assertThat(p.parse("  qemu-1 [000] .....  1.000001: kvm_pio: pio_write at 0x70 size 1", r))
        .isEqualTo(KvmLineParser.Kind.OTHER_KVM);
    assertThat(p.otherName()).isEqualTo("kvm_pio");
    assertThat(p.parse("  qemu-1 [000] .....  1.000001: sched_switch: prev_comm=kvm_x", r))
        .isNotEqualTo(KvmLineParser.Kind.EVENT);
    assertThat(p.parse("# tracer: nop", r)).isEqualTo(KvmLineParser.Kind.OTHER);
  }

  @Test
  void theIpiFlagsRebuildTheIcr() {
    p.parse("kvm_apic_ipi: dst 0 vec 16 (SIPI|physical|assert|edge|all-but-self)", r);
    assertThat(r.c << 8 | r.b).isEqualTo(0xC4610);
  }
}
