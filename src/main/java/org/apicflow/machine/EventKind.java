package org.apicflow.machine;

/**
 * What one trace event records. Names follow Linux tracepoints where one exists
 * (include/trace/events/ipi.h, irq.h), so an exported trace reads beside a real capture.
 *
 * <p>Payload meaning of the two longs {@code a} and {@code b} is given per kind.
 */
public enum EventKind {
  /** A plain op ran (nop, set, add, if, call, return, record, source, set-handler, jump). */
  OP("op"),
  /** cli. */
  IRQ_DISABLE("irq_disable"),
  /** sti. */
  IRQ_ENABLE("irq_enable"),
  /** a = register offset, b = value read. */
  APIC_READ("apic_read"),
  /** a = register offset, b = value written. */
  APIC_WRITE("apic_write"),
  /** An ICR write sent a message. a = message id, b = ICR high << 32 | ICR low. */
  IPI_SEND("ipi_send_cpumask"),
  /**
   * A message reached this CPU's APIC. a = message id, b = {@link Delivery} ordinal. Logged on the
   * target CPU.
   */
  IPI_DELIVER("ipi_deliver"),
  /** A message was abandoned where it waited (the sender rewrote ICR). a = message id. */
  IPI_ABANDON("ipi_abandon"),
  /** A device source raised its interrupt. a = source index, b = {@link Delivery} ordinal. */
  IRQ_RAISE("irq_raise"),
  /**
   * The APIC detected an error (SDM "Error Handling"). a = ESR bits detected, b = {@link Delivery}
   * ordinal of the LVT Error interrupt ({@code MASKED} when the entry is masked).
   */
  APIC_ERROR("apic_error"),
  /** The APIC timer fired. a = vector, b = {@link Delivery} ordinal. */
  TIMER_FIRE("local_timer_entry"),
  /** The core took a fixed interrupt: IRR -> ISR, handler entered. a = vector, b = handler fn. */
  IRQ_ENTRY("ipi_entry"),
  /** The core took an NMI. b = handler fn. */
  NMI_ENTRY("nmi_handler"),
  /** iret. a = vector of the frame left (256 for NMI). */
  IRQ_EXIT("ipi_exit"),
  /** EOI written. a = the vector that left ISR, or -1 when ISR was empty. */
  EOI("apic_eoi"),
  /** A poll or wait-var started spinning. a = value first read. */
  SPIN_BEGIN("spin_begin"),
  /** A poll or wait-var ended. a = last value (masked), b = number of reads. */
  SPIN_END("spin_end"),
  /** A delay started. a = its end time. */
  DELAY_BEGIN("delay_begin"),
  /** A delay ended. */
  DELAY_END("delay_end"),
  /** hlt: the CPU sleeps until an interrupt. */
  HLT("cpu_idle"),
  /** halt-forever: cli; hlt for ever. */
  HALT_FOREVER("halt_forever"),
  /** A mark op (or a built-in handler's mark). a = the interrupt being handled, or -1. */
  MARK("mark"),
  /** A phase op. */
  PHASE("phase"),
  /** kexec. a = the kernel jumped to. */
  KEXEC("kexec"),
  /** The CPU faulted and stopped. a = 1 for a NULL dereference, 0 for an oops op. */
  OOPS("oops"),
  /** INIT reset this CPU: it waits for a start-up IPI. */
  INIT("cpu_init"),
  /** A start-up IPI started this CPU. a = vector (start page). */
  SIPI("cpu_startup"),
  /** The CPU ran off the end of its start function. */
  FINISH("cpu_finish"),
  /** record op. a = value. */
  RECORD("record"),
  /** Runaway recursion: the call stack passed its limit; the CPU stops (a hang). */
  STUCK("cpu_stuck"),
  /** End of run: this CPU was still waiting at the horizon. a = state ordinal. */
  HANG("hang"),
  /** The success mark was reached: the run ends. */
  SUCCESS("success"),
  /**
   * outb by this CPU (KVM kvm_pio, direction write). a = port, b = value | the 8259's
   * initialization state before the write << 8 (1-3: the data port took ICW2-4).
   */
  PIO_WRITE("pio_write"),
  /** inb by this CPU (KVM kvm_pio, direction read). a = port, b = value read. */
  PIO_READ("pio_read"),
  /**
   * An IO-APIC register written through IOREGSEL then IOWIN. a = register index, b = value (the
   * entry's low half as it reads afterwards for a redirection entry).
   */
  IOAPIC_WRITE("ioapic_write"),
  /** An IO-APIC register read through IOREGSEL then IOWIN. a = register index, b = value. */
  IOAPIC_READ("ioapic_read"),
  /**
   * A device line changed level (KVM kvm_set_irq). Logged on CPU 0. a = the line id ({@link
   * #PIC_LINE}) of the line, b = level (1 asserted).
   */
  SET_IRQ("set_irq"),
  /**
   * An 8259 input changed (KVM kvm_pic_set_irq). Logged on CPU 0. a = IRQ 0-15, b = level | IMR of
   * that chip << 8 | IRR after << 16 | ELCR << 24.
   */
  PIC_SET_IRQ("pic_set_irq"),
  /**
   * The IO-APIC sent a message for a pin (KVM kvm_ioapic_set_irq). Logged on the target CPU (CPU 0
   * when none matched). a = the 64-bit redirection entry, b = pin << 16 | {@link Delivery} ordinal.
   */
  IOAPIC_SET_IRQ("ioapic_set_irq"),
  /**
   * A local APIC EOI'd a vector whose TMR bit was set and broadcast the EOI to the IO-APIC (KVM
   * traces kvm_eoi at the local APIC and kvm_ack_irq for each pin). a = vector, b = the pins whose
   * remote IRR it cleared, one bit each.
   */
  EOI_BROADCAST("eoi_broadcast"),
  /**
   * The core took an external interrupt (ExtINT): the INTA cycle read the vector from the 8259s;
   * the local APIC's IRR and ISR are untouched. a = vector | IRQ << 8 (-1 & 0xFF for spurious) |
   * route << 16 (0 LVT LINT0, 1 IO-APIC message), b = handler fn.
   */
  EXTINT_ENTRY("extint_entry");

  /** {@link #SET_IRQ} line ids: IO-APIC pin n is n, PIC IRQ n is 0x100 + n. */
  public static final int PIC_LINE = 0x100;

  public final String traceName;

  EventKind(String traceName) {
    this.traceName = traceName;
  }

  /** What an interrupt message or device request did at its target. */
  public enum Delivery {
    /** Fixed: IRR bit set. */
    IRR_SET,
    /** Fixed: the IRR bit was already set; collapsed into it. */
    COLLAPSED,
    /** Fixed to a software-disabled APIC with the drop quirk. */
    DROPPED,
    /** A local source (the APIC timer) whose LVT entry is masked: nothing is raised. */
    MASKED,
    /** Fixed with a vector below 16: ESR error, nothing set. */
    ILLEGAL,
    /** NMI: the CPU will take it at its next instruction boundary. */
    NMI_PENDING,
    /** NMI: the CPU is in its NMI handler; the NMI waits in the latch until IRET. */
    NMI_LATCHED,
    /** NMI: the latch was already full; collapsed into it. */
    NMI_COLLAPSED,
    /** NMI: the latch is full; the message waits at the target (busy ICR model). */
    NMI_WAITING,
    /** A waiting NMI message entered the freed latch. */
    NMI_ACCEPTED_LATE,
    /** INIT: the CPU resets and waits for a start-up IPI. */
    INIT,
    /** INIT level de-assert: no effect on the core. */
    INIT_DEASSERT,
    /** Start-up: the waiting CPU starts. */
    STARTUP,
    /** Start-up to a CPU that is not waiting for one: ignored. */
    STARTUP_IGNORED,
    /** SMI: not modelled beyond acceptance. */
    SMI,
    /** A reserved delivery mode: nothing happens. */
    RESERVED,
    /**
     * NMI to a CPU waiting for a start-up IPI: blocked and not kept (SDM Vol. 3 "Blocking of Events
     * in Activity States": wait-for-SIPI blocks NMIs).
     */
    NMI_BLOCKED,
    /** An IO-APIC message whose destination matched no local APIC. */
    NO_TARGET,
    /** An ExtINT message: the core will ask the 8259 for the vector. */
    EXTINT,
    /** An IO-APIC pin sent nothing: masked, or remote IRR still set. */
    HELD
  }
}
