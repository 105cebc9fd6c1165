package org.apicflow.machine;

import java.util.Arrays;
import java.util.List;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.IcrCommand;
import org.apicflow.machine.Cpu.Frame;
import org.apicflow.machine.Cpu.RunState;
import org.apicflow.machine.Cpu.Wait;

/**
 * The op interpreter: one CPU step, taking INIT, start-up, NMI and fixed interrupts at an
 * instruction boundary, executing one op, calls, returns and IRET, faults and kexec.
 */
final class Interpreter {

  private final Machine machine;

  Interpreter(Machine machine) {
    this.machine = machine;
  }

  /**
   * One step of a CPU at an instruction boundary. It takes the first of: a pending INIT, a start-up
   * IPI (in wait-for-SIPI), an NMI unless NMIs are blocked, a fixed interrupt the APIC offers with
   * IF = 1 and no STI shadow; otherwise a wait in progress goes on or the next op runs.
   */
  void cpuStep(Cpu cpu) {
    if (cpu.state.isDone()) {
      return;
    }
    if (cpu.initPending) {
      doInit(cpu);
      return;
    }
    if (cpu.state == RunState.WAIT_SIPI) {
      if (cpu.sipiPending >= 0) {
        doStartup(cpu);
      }
      return;
    }
    if (cpu.nmiPending && !cpu.nmiBlocked) {
      takeNmi(cpu);
      return;
    }
    if (cpu.iflag && cpu.stiShadow == 0 && cpu.apic.offered() >= 0) {
      takeFixed(cpu);
      return;
    }
    // An external interrupt (INTR: LINT0 in ExtINT mode, or an ExtINT message from the IO-APIC)
    // is maskable by IF like a fixed one; the local APIC's own requests go first, as in QEMU's
    // cpu_get_pic_interrupt.
    if (cpu.iflag && cpu.stiShadow == 0 && machine.devices.extIntRequested(cpu)) {
      takeExtInt(cpu);
      return;
    }
    if (cpu.wait != null) {
      machine.scheduler.continueWait(cpu);
      return;
    }
    execute(cpu);
    if (cpu.stiShadow > 0) {
      cpu.stiShadow--;
    }
  }

  private void doInit(Cpu cpu) {
    cpu.initPending = false;
    cpu.apic.reset();
    // INIT clears ICR, delivery status included (SDM "Local APIC State After an INIT Reset"): a
    // message this CPU sent that waits at a target is abandoned, as a rewrite of ICR low does.
    machine.bus.abandonWaiting(cpu.index);
    cpu.frames.clear();
    cpu.iflag = false;
    cpu.stiShadow = 0;
    cpu.nmiBlocked = false;
    cpu.nmiPending = false;
    cpu.sipiPending = -1;
    cpu.wait = new Wait(Wait.Kind.SIPI);
    machine.timerGen[cpu.index]++;
    cpu.setState(RunState.WAIT_SIPI, machine.now);
    machine.emit(cpu, EventKind.INIT, 0, 0);
    // INIT emptied the NMI latch: a message waiting behind the old latch is accepted now (and
    // blocked, since the CPU waits for a start-up IPI), or its sender's ICR would stay busy.
    machine.bus.admitWaitingNmi(cpu);
  }

  private void doStartup(Cpu cpu) {
    int vector = cpu.sipiPending;
    cpu.sipiPending = -1;
    Kernel k = machine.program.kernel(cpu.kernel);
    if (k.apEntry() < 0) {
      stop(cpu, "kernel '" + k.name() + "' has no ap-entry function for a start-up IPI");
      return;
    }
    cpu.wait = null;
    cpu.started = true;
    cpu.frames.add(new Frame(k.apEntry(), 0));
    cpu.setState(RunState.RUNNING, machine.now);
    machine.emit(cpu, EventKind.SIPI, vector, 0);
    machine.scheduler.schedule(cpu, machine.now + machine.config.opNs());
  }

  private void takeNmi(Cpu cpu) {
    cpu.nmiPending = false;
    cpu.nmiBlocked = true;
    int fn = machine.handlers[cpu.kernel][Kernel.NMI_SLOT];
    if (fn < 0) {
      fn = machine.program.kernel(cpu.kernel).defaultNmi();
    }
    enterHandler(cpu, Kernel.NMI_SLOT, fn);
    machine.emit(cpu, EventKind.NMI_ENTRY, Kernel.NMI_SLOT, fn);
    machine.bus.admitWaitingNmi(cpu);
    machine.scheduler.schedule(cpu, machine.now + machine.config.opNs());
  }

  private void takeFixed(Cpu cpu) {
    int vector = cpu.apic.acknowledge();
    int fn = machine.handlers[cpu.kernel][vector];
    if (fn < 0) {
      fn = machine.program.kernel(cpu.kernel).defaultIrq();
    }
    enterHandler(cpu, vector, fn);
    machine.emit(cpu, EventKind.IRQ_ENTRY, vector, fn);
    machine.scheduler.schedule(cpu, machine.now + machine.config.opNs());
  }

  /**
   * SDM "ExtINT": the core runs an INTA cycle to the external 8259, which supplies the vector. The
   * local APIC's IRR, ISR and PPR are untouched, and the handler's EOI belongs at the 8259.
   */
  private void takeExtInt(Cpu cpu) {
    int info = machine.devices.acknowledgeExtInt(cpu);
    int vector = info & 0xFF;
    int fn = machine.handlers[cpu.kernel][vector];
    if (fn < 0) {
      fn = machine.program.kernel(cpu.kernel).defaultIrq();
    }
    enterHandler(cpu, vector, fn);
    machine.emit(cpu, EventKind.EXTINT_ENTRY, info, fn);
    machine.scheduler.schedule(cpu, machine.now + machine.config.opNs());
  }

  /** Pushes the interrupted position and IF, clears IF, enters the handler. */
  private void enterHandler(Cpu cpu, int interrupt, int fn) {
    machine.handlerCalls[interrupt]++;
    Frame f = new Frame(fn, 0);
    f.interrupt = interrupt;
    f.savedIf = cpu.iflag;
    f.savedState = cpu.state;
    if (cpu.wait != null && cpu.wait.kind != Wait.Kind.HLT) {
      f.savedWait = cpu.wait;
    } else if (cpu.wait != null) {
      f.savedState = RunState.RUNNING;
    }
    cpu.wait = null;
    cpu.iflag = false;
    cpu.stiShadow = 0;
    cpu.frames.add(f);
    cpu.setState(RunState.RUNNING, machine.now);
  }

  Op currentOp(Cpu cpu) {
    Frame f = cpu.top();
    return machine.program.kernel(cpu.kernel).function(f.fn).ops().get(f.pc);
  }

  void advance(Cpu cpu) {
    cpu.top().pc++;
  }

  int readReg(Cpu cpu, int offset) {
    return cpu.apic.read(offset, machine.now, machine.config.timerTickNs());
  }

  /** Resolves jumps and function ends; returns false when the CPU has nothing left to run. */
  private boolean normalize(Cpu cpu) {
    while (true) {
      if (cpu.frames.isEmpty()) {
        cpu.setState(RunState.FINISHED, machine.now);
        machine.emit(cpu, EventKind.FINISH, 0, 0);
        return false;
      }
      Frame f = cpu.top();
      List<Op> ops = machine.program.kernel(cpu.kernel).function(f.fn).ops();
      if (f.pc >= ops.size()) {
        if (!doReturn(cpu) || cpu.wait != null) {
          return false;
        }
        continue;
      }
      if (ops.get(f.pc) instanceof Op.Jump j) {
        f.pc = j.target();
        continue;
      }
      return true;
    }
  }

  /**
   * Leaves the current function. A handler's first function returning is an IRET (the entry
   * stub's); the start function returning finishes the CPU. Returns false when the CPU finished.
   */
  private boolean doReturn(Cpu cpu) {
    Frame f = cpu.top();
    if (f.interrupt >= 0) {
      doIret(cpu);
      return true;
    }
    cpu.frames.remove(cpu.frames.size() - 1);
    if (cpu.frames.isEmpty()) {
      cpu.setState(RunState.FINISHED, machine.now);
      machine.emit(cpu, EventKind.FINISH, 0, 0);
      return false;
    }
    return true;
  }

  /** IRET: back to the interrupted position, IF restored, NMI blocking ended after an NMI. */
  private void doIret(Cpu cpu) {
    // SDM "NMI Handling": NMIs stay blocked "until the next execution of the IRET instruction",
    // whichever handler it returns from: a handler nested in the NMI handler (after sti), or the
    // first handler of a kernel that kexec entered from NMI context (kexec is no IRET).
    cpu.nmiBlocked = false;
    int i = cpu.frames.size() - 1;
    while (i >= 0 && cpu.frames.get(i).interrupt < 0) {
      i--;
    }
    if (i < 0) {
      // An iret outside any handler: a fault in real life; here it only restores nothing.
      machine.emit(cpu, EventKind.IRQ_EXIT, -1, 0);
      return;
    }
    Frame f = cpu.frames.get(i);
    while (cpu.frames.size() > i) {
      cpu.frames.remove(cpu.frames.size() - 1);
    }
    cpu.iflag = f.savedIf;
    machine.emit(cpu, EventKind.IRQ_EXIT, f.interrupt, 0);
    if (f.savedWait != null) {
      Wait w = f.savedWait;
      if (w.kind == Wait.Kind.SPIN) {
        w.pollsBefore += Math.max(0, w.lastChecked + 1);
        w.start = machine.now;
        w.lastChecked = -1;
      }
      cpu.wait = w;
      cpu.setState(f.savedState, machine.now);
      if (w.kind == Wait.Kind.DELAY || w.kind == Wait.Kind.SPIN) {
        machine.scheduler.schedule(cpu, machine.now);
      } else {
        machine.scheduler.unschedule(cpu);
      }
    } else {
      cpu.setState(RunState.RUNNING, machine.now);
    }
  }

  private void execute(Cpu cpu) {
    if (!normalize(cpu)) {
      return;
    }
    Frame f = cpu.top();
    Kernel kernel = machine.program.kernel(cpu.kernel);
    Op op = kernel.function(f.fn).ops().get(f.pc);
    long[] mem = machine.vars[cpu.kernel];
    long cost = machine.config.opNs();
    if (op instanceof Op.Nop n) {
      machine.emit(cpu, EventKind.OP, 0, 0);
      f.pc++;
    } else if (op instanceof Op.Cli c) {
      cpu.iflag = false;
      cpu.stiShadow = 0;
      machine.emit(cpu, EventKind.IRQ_DISABLE, 0, 0);
      f.pc++;
    } else if (op instanceof Op.Sti s) {
      // SDM Vol. 2 "STI": when IF was 0, interrupts stay blocked until the next instruction ran.
      cpu.stiShadow = cpu.iflag ? 0 : 2;
      cpu.iflag = true;
      machine.emit(cpu, EventKind.IRQ_ENABLE, 0, 0);
      f.pc++;
    } else if (op instanceof Op.ApicWrite w) {
      int value = (int) value(w.value(), mem, cpu);
      machine.bus.apicWrite(cpu, w.reg(), value);
      if (machine.end != Machine.End.NONE) {
        return;
      }
      f.pc++;
      cost = machine.config.mmioNs();
    } else if (op instanceof Op.ApicRead r) {
      String gp = cpu.apic.readFault(r.reg());
      if (gp != null) {
        generalProtection(cpu, gp);
        return;
      }
      int value = readReg(cpu, r.reg());
      if (r.into() >= 0) {
        mem[r.into()] = value & 0xFFFF_FFFFL;
      }
      machine.emit(cpu, EventKind.APIC_READ, r.reg(), value & 0xFFFF_FFFFL);
      f.pc++;
      cost = machine.config.mmioNs();
    } else if (op instanceof Op.SendIpi s) {
      int dest = (int) value(s.dest(), mem, cpu);
      int low =
          IcrCommand.encodeLow(
              s.vector(),
              s.mode(),
              s.logical(),
              s.levelAssert(),
              s.levelTriggered(),
              s.shorthand());
      cpu.apic.loadDestination(IcrCommand.encodeHigh(dest, machine.config.apic()));
      machine.bus.apicWrite(cpu, ApicRegister.ICR, low);
      f.pc++;
      cost = 2 * machine.config.mmioNs();
    } else if (op instanceof Op.Eoi e) {
      machine.bus.apicWrite(cpu, ApicRegister.EOI, 0);
      f.pc++;
      cost = machine.config.mmioNs();
    } else if (op instanceof Op.Iret i) {
      f.pc++;
      doIret(cpu);
      if (cpu.wait != null) {
        return;
      }
    } else if (op instanceof Op.Poll p) {
      machine.scheduler.startSpin(cpu, machine.config.mmioNs() + p.delay(), p.maxPolls());
      return;
    } else if (op instanceof Op.WaitVar w) {
      machine.scheduler.startSpin(cpu, machine.config.opNs() + w.delay(), w.maxPolls());
      return;
    } else if (op instanceof Op.Delay d) {
      Wait w = new Wait(Wait.Kind.DELAY);
      w.start = machine.now;
      w.end = machine.now + d.time();
      cpu.wait = w;
      cpu.setState(RunState.DELAYING, machine.now);
      machine.emit(cpu, EventKind.DELAY_BEGIN, w.end, 0);
      machine.scheduler.schedule(cpu, w.end);
      return;
    } else if (op instanceof Op.Set s) {
      mem[s.var()] = value(s.value(), mem, cpu);
      machine.emit(cpu, EventKind.OP, s.var(), mem[s.var()]);
      f.pc++;
    } else if (op instanceof Op.Add a) {
      mem[a.var()] += value(a.value(), mem, cpu);
      machine.emit(cpu, EventKind.OP, a.var(), mem[a.var()]);
      f.pc++;
    } else if (op instanceof Op.IfNot i) {
      boolean taken = condition(cpu, i.cond(), mem);
      machine.emit(cpu, EventKind.OP, taken ? 1 : 0, 0);
      f.pc = taken ? f.pc + 1 : i.elseTarget();
    } else if (op instanceof Op.Jump) {
      throw new IllegalStateException("jumps are resolved by normalize");
    } else if (op instanceof Op.SetHandler h) {
      if (h.vector() == Op.SetHandler.ALL) {
        Arrays.fill(machine.handlers[cpu.kernel], 16, 256, h.fn());
      } else {
        machine.handlers[cpu.kernel][h.vector()] = h.fn();
      }
      machine.emit(cpu, EventKind.OP, h.vector(), h.fn());
      f.pc++;
    } else if (op instanceof Op.Call c) {
      machine.emit(cpu, EventKind.OP, c.fn(), 0);
      f.pc++;
      if (isTailPosition(kernel, f)) {
        // A call whose caller has nothing left to do replaces the caller's frame, so a
        // function that calls itself last is a loop (the idle loop, a retry loop).
        f.fn = c.fn();
        f.pc = 0;
      } else if (cpu.frames.size() >= Machine.MAX_CALL_DEPTH) {
        stop(cpu, "runaway recursion: more than " + Machine.MAX_CALL_DEPTH + " nested calls");
        return;
      } else {
        cpu.frames.add(new Frame(c.fn(), 0));
      }
    } else if (op instanceof Op.Return r) {
      machine.emit(cpu, EventKind.OP, 0, 0);
      f.pc++;
      if (!doReturn(cpu)) {
        return;
      }
    } else if (op instanceof Op.Deref d) {
      if (mem[d.var()] == 0) {
        oops(cpu, "NULL pointer dereference of " + kernel.varNames().get(d.var()), 1);
        return;
      }
      machine.emit(cpu, EventKind.OP, d.var(), mem[d.var()]);
      f.pc++;
    } else if (op instanceof Op.Oops o) {
      oops(cpu, o.message(), 0);
      return;
    } else if (op instanceof Op.Hlt h) {
      f.pc++;
      machine.scheduler.park(cpu, Wait.Kind.HLT, RunState.HALTED, EventKind.HLT);
      return;
    } else if (op instanceof Op.HaltForever h) {
      cpu.iflag = false;
      machine.scheduler.park(
          cpu, Wait.Kind.HALT_FOREVER, RunState.HALTED_FOREVER, EventKind.HALT_FOREVER);
      return;
    } else if (op instanceof Op.Source s) {
      if (s.enabled()) {
        machine.devices.enableSource(s.source());
      } else {
        machine.sourceEnabled[s.source()] = false;
        machine.sourceGen[s.source()]++;
      }
      machine.emit(cpu, EventKind.OP, s.source(), s.enabled() ? 1 : 0);
      f.pc++;
    } else if (op instanceof Op.Mark m) {
      machine.emit(cpu, EventKind.MARK, cpu.inHandler(), 0);
      f.pc++;
      if (!machine.program.success().isEmpty() && machine.program.success().equals(m.mark())) {
        machine.emit(cpu, EventKind.SUCCESS, 0, 0);
        machine.end = Machine.End.SUCCESS;
        machine.endTime = machine.now;
        return;
      }
    } else if (op instanceof Op.Phase p) {
      machine.emit(cpu, EventKind.PHASE, 0, 0);
      f.pc++;
    } else if (op instanceof Op.Record r) {
      long v = value(r.value(), mem, cpu);
      machine.records.add(v);
      machine.emit(cpu, EventKind.RECORD, v, 0);
      f.pc++;
    } else if (op instanceof Op.Outb o) {
      machine.devices.portWrite(cpu, o.port(), (int) value(o.value(), mem, cpu));
      f.pc++;
      cost = machine.config.mmioNs();
    } else if (op instanceof Op.Inb in) {
      int v = machine.devices.portRead(cpu, in.port());
      if (in.into() >= 0) {
        mem[in.into()] = v;
      }
      f.pc++;
      cost = machine.config.mmioNs();
    } else if (op instanceof Op.IoApicWrite w) {
      machine.devices.ioapicWrite(cpu, w.index(), (int) value(w.value(), mem, cpu));
      f.pc++;
      cost = 2 * machine.config.mmioNs();
    } else if (op instanceof Op.IoApicRead r) {
      int v = machine.devices.ioapicRead(cpu, r.index());
      if (r.into() >= 0) {
        mem[r.into()] = v & 0xFFFF_FFFFL;
      }
      f.pc++;
      cost = 2 * machine.config.mmioNs();
    } else if (op instanceof Op.IrqLine l) {
      machine.emit(cpu, EventKind.OP, l.source(), l.high() ? 1 : 0);
      machine.devices.setLine(machine.config.sources().get(l.source()), l.high());
      f.pc++;
    } else if (op instanceof Op.Kexec k) {
      machine.emit(cpu, EventKind.KEXEC, k.kernel(), 0);
      kexec(cpu, k.kernel());
      return;
    }
    if (!cpu.state.isDone() && cpu.wait == null && machine.end == Machine.End.NONE) {
      machine.scheduler.schedule(cpu, machine.now + cost);
    }
  }

  private static boolean isTailPosition(Kernel kernel, Frame f) {
    List<Op> ops = kernel.function(f.fn).ops();
    int pc = f.pc;
    while (pc < ops.size() && ops.get(pc) instanceof Op.Jump j) {
      pc = j.target();
    }
    return pc >= ops.size() || ops.get(pc) instanceof Op.Return;
  }

  private boolean condition(Cpu cpu, Op.Cond cond, long[] mem) {
    if (cond instanceof Op.Cond.VarIs v) {
      return (mem[v.var()] == v.value()) != v.negate();
    }
    if (cond instanceof Op.Cond.RegBit r) {
      var set =
          r.baseOffset() == ApicRegister.IRR0
              ? cpu.apic.irr()
              : r.baseOffset() == ApicRegister.ISR0 ? cpu.apic.isr() : cpu.apic.tmr();
      return set.get(r.vector()) == r.set();
    }
    return cpu.index == ((Op.Cond.CpuIs) cond).cpu();
  }

  static long value(Op.Value v, long[] mem, Cpu cpu) {
    if (v.isCpu()) {
      return cpu.index;
    }
    return v.isVar() ? mem[v.var()] : v.literal();
  }

  private void oops(Cpu cpu, String message, int kind) {
    cpu.setState(RunState.OOPS, machine.now);
    cpu.wait = null;
    machine.scheduler.unschedule(cpu);
    machine.oopsCpu = cpu.index;
    machine.oopsMessage = message;
    machine.emit(cpu, EventKind.OOPS, kind, 0);
    machine.end = Machine.End.OOPS;
    machine.endTime = machine.now;
  }

  private void stop(Cpu cpu, String reason) {
    cpu.stuckReason = reason;
    cpu.wait = null;
    machine.scheduler.unschedule(cpu);
    cpu.setState(RunState.STUCK, machine.now);
    machine.emit(cpu, EventKind.STUCK, 0, 0);
  }

  private void kexec(Cpu cpu, int target) {
    machine.loadKernel(target);
    cpu.kernel = target;
    cpu.frames.clear();
    cpu.wait = null;
    cpu.iflag = false;
    cpu.stiShadow = 0;
    Integer startFn = machine.program.kernel(target).start().get(cpu.index);
    if (startFn == null) {
      stop(
          cpu,
          "kernel '"
              + machine.program.kernel(target).name()
              + "' has no start function for CPU "
              + cpu.index);
      return;
    }
    cpu.frames.add(new Frame(startFn, 0));
    cpu.setState(RunState.RUNNING, machine.now);
    machine.scheduler.schedule(cpu, machine.now + machine.config.opNs());
  }

  /**
   * #GP(0) from a register access. The project models a fault the way the kernel of the time would
   * end up: the CPU oopses and the run ends (as a NULL dereference does).
   */
  void generalProtection(Cpu cpu, String reason) {
    oops(cpu, "general protection fault: " + reason, 2);
  }
}
