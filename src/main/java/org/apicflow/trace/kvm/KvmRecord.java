package org.apicflow.trace.kvm;

/**
 * One parsed trace line, reused from line to line while streaming (so reading a gigabyte makes no
 * garbage per line). The meaning of the numbers depends on the event:
 *
 * <ul>
 *   <li>APIC_IPI: a = destination, b = vector, c = ICR low bits 8..19 rebuilt from the flags (mode,
 *       logical, assert, level, shorthand), so {@code (c << 8) | b} is the ICR low word.
 *   <li>APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ: a = APIC ID, b = vector, c = delivery mode, d = 1 for
 *       level.
 *   <li>INJ_VIRQ: b = vector, c = 1 for soft (INTn), d = 1 when reinjected.
 *   <li>EOI, PV_EOI: a = APIC ID, b = vector (-1 when nothing was in service).
 *   <li>APIC: c = 1 for a write, a = register offset, value = the value.
 *   <li>MSR: c = 1 for a write, a = MSR index, value = the value, d = 1 when it faulted (#GP).
 *   <li>PIC_SET_IRQ: a = chip, b = pin, d = 1 for level, c = 1 when masked.
 *   <li>IOAPIC_SET_IRQ: a = destination, b = vector, c = delivery mode, d = pin; flags in e: bit 0
 *       logical, bit 1 level, bit 2 masked.
 *   <li>SET_IRQ: a = gsi, b = level, c = source.
 *   <li>ENTRY: a = vCPU id.
 *   <li>EXIT: a = vCPU id or -1 when the kernel's format has none; reason = the exit reason.
 * </ul>
 */
public final class KvmRecord {
  public KvmEvent event;

  /** 1-based line number in the file. */
  public long line;

  /** Byte offset of the line in the file. */
  public long offset;

  /** Time stamp in nanoseconds, or -1 when the line has none. */
  public long time;

  /** The logging thread's id, or -1 when the line names none. */
  public int pid;

  /** The logging thread's name as printed ("CPU 1/KVM", "qemu-system-x86", "<...>"), or "". */
  public String comm = "";

  /** The host CPU in brackets, or -1. */
  public int cpu;

  public int a;
  public int b;
  public int c;
  public int d;
  public int e;
  public long value;
  public String reason = "";

  /** The whole line, and where the event's own text starts in it. */
  String raw = "";

  int textStart;

  /** The event's own text (after "name:"), as printed. */
  public String text() {
    return raw.substring(Math.min(textStart, raw.length())).trim();
  }

  void clear() {
    event = null;
    time = -1;
    pid = -1;
    comm = "";
    cpu = -1;
    a = b = c = d = e = 0;
    value = 0;
    reason = "";
    raw = "";
    textStart = 0;
  }

  /** The key of the logging thread: its id, else its name, else null (the line names none). */
  public Object taskKey() {
    if (pid >= 0) {
      return pid;
    }
    return comm.isEmpty() ? null : comm;
  }
}
