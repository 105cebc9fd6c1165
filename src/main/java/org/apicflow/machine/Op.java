package org.apicflow.machine;

import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.Shorthand;

/**
 * One compiled op of a kernel function (format apicflow/1 "ops"). Variables and functions are
 * resolved to indices of their kernel at compile time; {@code if} is compiled into {@link IfNot}
 * and {@link Jump} so a program position is a plain (function, pc) pair.
 */
public sealed interface Op {
  OpInfo info();

  /** The op's name as scenario files spell it. */
  String name();

  /** Display data: the pseudo-C line, the narration, the source line and nesting depth. */
  record OpInfo(String code, String note, int line, int depth) {
    public static final OpInfo NONE = new OpInfo("", "", 0, 0);
  }

  /** A literal, a kernel variable, or the number of the CPU running the op ({@code $cpu}). */
  record Value(long literal, int var) {
    static final int CPU = -2;

    public static Value of(long literal) {
      return new Value(literal, -1);
    }

    public static Value ofVar(int var) {
      return new Value(0, var);
    }

    /** The running CPU's number (smp_processor_id()). */
    public static Value ofCpu() {
      return new Value(0, CPU);
    }

    public boolean isVar() {
      return var >= 0;
    }

    public boolean isCpu() {
      return var == CPU;
    }
  }

  /** A branch condition. */
  sealed interface Cond {
    /** var == value (or !=). */
    record VarIs(int var, long value, boolean negate) implements Cond {}

    /** A bit of IRR, ISR or TMR is set (or clear). */
    record RegBit(int baseOffset, int vector, boolean set) implements Cond {}

    /** The running CPU is CPU n. */
    record CpuIs(int cpu) implements Cond {}
  }

  record Nop(OpInfo info) implements Op {
    public String name() {
      return "nop";
    }
  }

  record Cli(OpInfo info) implements Op {
    public String name() {
      return "cli";
    }
  }

  record Sti(OpInfo info) implements Op {
    public String name() {
      return "sti";
    }
  }

  record ApicWrite(OpInfo info, int reg, Value value) implements Op {
    public String name() {
      return "apic-write";
    }
  }

  record ApicRead(OpInfo info, int reg, int into) implements Op {
    public String name() {
      return "apic-read";
    }
  }

  record SendIpi(
      OpInfo info,
      int vector,
      DeliveryMode mode,
      Value dest,
      boolean logical,
      Shorthand shorthand,
      boolean levelAssert,
      boolean levelTriggered)
      implements Op {
    public String name() {
      return "send-ipi";
    }
  }

  record Eoi(OpInfo info) implements Op {
    public String name() {
      return "eoi";
    }
  }

  record Iret(OpInfo info) implements Op {
    public String name() {
      return "iret";
    }
  }

  /** maxPolls 0 = never gives up; into -1 = none. */
  record Poll(OpInfo info, int reg, int mask, int until, long maxPolls, long delay, int into)
      implements Op {
    public String name() {
      return "poll";
    }
  }

  record WaitVar(
      OpInfo info, int var, Value until, boolean atLeast, long maxPolls, long delay, int into)
      implements Op {
    public String name() {
      return "wait-var";
    }
  }

  record Delay(OpInfo info, long time) implements Op {
    public String name() {
      return "delay";
    }
  }

  record Set(OpInfo info, int var, Value value) implements Op {
    public String name() {
      return "set";
    }
  }

  record Add(OpInfo info, int var, Value value) implements Op {
    public String name() {
      return "add";
    }
  }

  /** Jumps to {@code elseTarget} when the condition is false (the compiled {@code if}). */
  record IfNot(OpInfo info, Cond cond, int elseTarget) implements Op {
    public String name() {
      return "if";
    }
  }

  /** The compiled end of a then-branch; costs nothing and emits no event. */
  record Jump(OpInfo info, int target) implements Op {
    public String name() {
      return "jump";
    }
  }

  /** vector: 0..255, {@link #NMI} or {@link #ALL}. */
  record SetHandler(OpInfo info, int vector, int fn) implements Op {
    public static final int NMI = 256;
    public static final int ALL = -1;

    public String name() {
      return "set-handler";
    }
  }

  record Call(OpInfo info, int fn) implements Op {
    public String name() {
      return "call";
    }
  }

  record Return(OpInfo info) implements Op {
    public String name() {
      return "return";
    }
  }

  record Deref(OpInfo info, int var) implements Op {
    public String name() {
      return "deref";
    }
  }

  record Oops(OpInfo info, String message) implements Op {
    public String name() {
      return "oops";
    }
  }

  record Hlt(OpInfo info) implements Op {
    public String name() {
      return "hlt";
    }
  }

  record HaltForever(OpInfo info) implements Op {
    public String name() {
      return "halt-forever";
    }
  }

  record Source(OpInfo info, int source, boolean enabled) implements Op {
    public String name() {
      return "source";
    }
  }

  record Mark(OpInfo info, String mark, String label) implements Op {
    public String name() {
      return "mark";
    }
  }

  record Phase(OpInfo info, String phase) implements Op {
    public String name() {
      return "phase";
    }
  }

  record Record(OpInfo info, Value value) implements Op {
    public String name() {
      return "record";
    }
  }

  record Kexec(OpInfo info, int kernel) implements Op {
    public String name() {
      return "kexec";
    }
  }

  /** outb to an 8259 or ELCR port. */
  record Outb(OpInfo info, int port, Value value) implements Op {
    public String name() {
      return "outb";
    }
  }

  /** inb from an 8259 or ELCR port into a variable (-1: none). */
  record Inb(OpInfo info, int port, int into) implements Op {
    public String name() {
      return "inb";
    }
  }

  /** IOREGSEL = index, then IOWIN = value (io_apic_write). */
  record IoApicWrite(OpInfo info, int index, Value value) implements Op {
    public String name() {
      return "ioapic-write";
    }
  }

  /** IOREGSEL = index, then read IOWIN into a variable (io_apic_read). */
  record IoApicRead(OpInfo info, int index, int into) implements Op {
    public String name() {
      return "ioapic-read";
    }
  }

  /** Drives a device source's line: asserted (high) or deasserted. */
  record IrqLine(OpInfo info, int source, boolean high) implements Op {
    public String name() {
      return "irq-line";
    }
  }
}
