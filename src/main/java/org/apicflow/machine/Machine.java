package org.apicflow.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apicflow.apic.ApicMode;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.LocalApic;
import org.apicflow.machine.Cpu.Frame;
import org.apicflow.machine.Cpu.RunState;
import org.apicflow.machine.Cpu.Wait;
import org.apicflow.machine.EventKind.Delivery;

/**
 * The simulated machine: CPUs with their local APICs on one APIC bus, device sources, kernel
 * memory, and the deterministic event scheduler that runs the op interpreter.
 *
 * <p>Virtual time is in nanoseconds. One queue ordered by (time, sequence number) holds every
 * pending action, so ties break the same way every run. A waiting loop (poll, wait-var, delay, hlt)
 * is parked: nothing is queued for it until something that can end it happens, so a hang of seconds
 * costs a handful of steps. A copy of the machine is a complete snapshot: running a copy forward
 * gives exactly the steps the original gives.
 */
public final class Machine {

  /** Why a run stopped. */
  public enum End {
    /** Still running. */
    NONE,
    /** The success mark was reached. */
    SUCCESS,
    /** A CPU oopsed. */
    OOPS,
    /** Nothing is left that could ever happen. */
    QUIET,
    /** The next action lies past the horizon. */
    HORIZON,
    /** The step budget ran out (a loop that never waits). */
    BUDGET
  }

  private static final int CPU_STEP = 0;
  private static final int DELIVER = 1;
  private static final int SOURCE = 2;
  private static final int TIMER = 3;

  /** Call depth beyond which a CPU is stopped as runaway recursion. */
  public static final int MAX_CALL_DEPTH = 512;

  private record Item(long time, long seq, int type, int a, int b, int gen)
      implements Comparable<Item> {
    @Override
    public int compareTo(Item o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final Program program;
  private final MachineConfig config;
  private final boolean busyModel;
  private EventSink sink = EventSink.NONE;

  private long now;
  private long seq;
  private long steps;
  private final PriorityQueue<Item> queue;
  private final Cpu[] cpus;
  private final long[][] vars;
  private final int[][] handlers;
  private final TreeMap<Integer, IpiMessage> live;
  private int nextMessageId;
  private final boolean[] sourceEnabled;
  private final int[] sourceGen;
  private final int[] timerGen;
  private final int[] handlerCalls;
  private final ArrayList<Long> records;
  private End end = End.NONE;
  private long endTime;
  private int oopsCpu = -1;
  private String oopsMessage = "";
  private long stepBudget = Long.MAX_VALUE;

  public Machine(Program program) {
    this.program = program;
    this.config = program.config();
    this.busyModel = config.icrBusyUntilAccepted() && config.apic() == ApicMode.XAPIC;
    this.queue = new PriorityQueue<>();
    this.cpus = new Cpu[config.cpus()];
    this.vars = new long[program.kernels().size()][];
    this.handlers = new int[program.kernels().size()][];
    for (int k = 0; k < vars.length; k++) {
      loadKernel(k);
    }
    this.live = new TreeMap<>();
    this.sourceEnabled = new boolean[config.sources().size()];
    this.sourceGen = new int[config.sources().size()];
    this.timerGen = new int[config.cpus()];
    this.handlerCalls = new int[257];
    this.records = new ArrayList<>();
    Kernel first = program.kernel(0);
    for (int i = 0; i < cpus.length; i++) {
      LocalApic apic = new LocalApic(config.apicId(i), config.apic(), config.quirks());
      if (config.apicInitEnabled()) {
        apic.bootEnabled();
      }
      Cpu cpu = new Cpu(i, apic);
      cpus[i] = cpu;
      Integer startFn = first.start().get(i);
      if (startFn != null) {
        cpu.frames.add(new Frame(startFn, 0));
        cpu.started = true;
        cpu.setState(RunState.RUNNING, 0);
        schedule(cpu, 0);
      } else {
        cpu.wait = new Wait(Wait.Kind.SIPI);
      }
    }
    for (int s = 0; s < sourceEnabled.length; s++) {
      MachineConfig.SourceConfig src = config.sources().get(s);
      if (src.enabled()) {
        enableSource(s);
      }
    }
  }

  private Machine(Machine o) {
    this.program = o.program;
    this.config = o.config;
    this.busyModel = o.busyModel;
    this.now = o.now;
    this.seq = o.seq;
    this.steps = o.steps;
    this.queue = new PriorityQueue<>(o.queue);
    this.cpus = new Cpu[o.cpus.length];
    for (int i = 0; i < cpus.length; i++) {
      cpus[i] = new Cpu(o.cpus[i]);
    }
    this.vars = new long[o.vars.length][];
    this.handlers = new int[o.handlers.length][];
    for (int k = 0; k < vars.length; k++) {
      vars[k] = o.vars[k].clone();
      handlers[k] = o.handlers[k].clone();
    }
    this.live = new TreeMap<>();
    for (var e : o.live.entrySet()) {
      live.put(e.getKey(), new IpiMessage(e.getValue()));
    }
    this.nextMessageId = o.nextMessageId;
    this.sourceEnabled = o.sourceEnabled.clone();
    this.sourceGen = o.sourceGen.clone();
    this.timerGen = o.timerGen.clone();
    this.handlerCalls = o.handlerCalls.clone();
    this.records = new ArrayList<>(o.records);
    this.end = o.end;
    this.endTime = o.endTime;
    this.oopsCpu = o.oopsCpu;
    this.oopsMessage = o.oopsMessage;
    this.stepBudget = o.stepBudget;
  }

  /** A complete, independent snapshot (the sink is not copied). */
  public Machine copy() {
    return new Machine(this);
  }

  public void setSink(EventSink sink) {
    this.sink = sink;
  }

  /** Stops the run as a hang after this many steps (a loop that never waits). */
  public void setStepBudget(long budget) {
    this.stepBudget = budget;
  }

  private void loadKernel(int k) {
    Kernel kernel = program.kernel(k);
    vars[k] = kernel.varInit().clone();
    int[] h = new int[257];
    Arrays.fill(h, -1);
    kernel.handlers().forEach((v, fn) -> h[v] = fn);
    handlers[k] = h;
  }

  // ================================================================ the scheduler

  private void push(long time, int type, int a, int b, int gen) {
    queue.add(new Item(time, seq++, type, a, b, gen));
  }

  private void schedule(Cpu cpu, long time) {
    cpu.gen++;
    cpu.scheduledAt = time;
    push(time, CPU_STEP, cpu.index, 0, cpu.gen);
  }

  private void unschedule(Cpu cpu) {
    cpu.gen++;
    cpu.scheduledAt = Long.MAX_VALUE;
  }

  public boolean isOver() {
    return end != End.NONE;
  }

  /**
   * Runs one step: the next live action in the queue, and the wake-up checks after it. Returns
   * false when the run is over (and then emits the closing events once).
   */
  public boolean step() {
    if (end != End.NONE) {
      return false;
    }
    while (true) {
      Item item = queue.peek();
      if (item == null) {
        finish(End.QUIET, Math.max(now, config.horizonNs()));
        return false;
      }
      if (item.time > config.horizonNs()) {
        finish(End.HORIZON, config.horizonNs());
        return false;
      }
      if (steps >= stepBudget) {
        finish(End.BUDGET, now);
        return false;
      }
      queue.poll();
      if (!isLive(item)) {
        continue;
      }
      now = item.time;
      steps++;
      switch (item.type) {
        case CPU_STEP -> {
          Cpu cpu = cpus[item.a];
          cpu.scheduledAt = Long.MAX_VALUE;
          cpuStep(cpu);
        }
        case DELIVER -> deliver(item.a, item.b);
        case SOURCE -> sourceTick(item.a);
        case TIMER -> timerFire(item.a);
        default -> throw new IllegalStateException("unknown item " + item.type);
      }
      if (end == End.NONE) {
        wakeParked();
      }
      return true;
    }
  }

  private boolean isLive(Item item) {
    return switch (item.type) {
      case CPU_STEP -> cpus[item.a].gen == item.gen;
      case SOURCE -> sourceGen[item.a] == item.gen && sourceEnabled[item.a];
      case TIMER -> timerGen[item.a] == item.gen;
      default -> true;
    };
  }

  /** Runs to the end. */
  public void run() {
    while (step()) {
      // each step reports through the sink
    }
  }

  private void finish(End why, long at) {
    end = why;
    endTime = at;
    if (why == End.QUIET || why == End.HORIZON || why == End.BUDGET) {
      for (Cpu cpu : cpus) {
        if (isHung(cpu)) {
          emit(at, cpu, EventKind.HANG, cpu.state.ordinal(), 0);
        }
      }
    }
  }

  /** A CPU that was started and neither finished nor faulted is part of a hang. */
  public boolean isHung(Cpu cpu) {
    return cpu.started && cpu.state != RunState.FINISHED && cpu.state != RunState.OOPS;
  }

  /** After every step: a parked CPU whose wait may have ended is given a step. */
  private void wakeParked() {
    for (Cpu cpu : cpus) {
      if (!cpu.state.isParked() || cpu.wait == null) {
        continue;
      }
      if (interruptible(cpu)) {
        if (cpu.scheduledAt > now) {
          schedule(cpu, now);
        }
        continue;
      }
      if (cpu.wait.kind == Wait.Kind.SPIN && spinCondition(cpu)) {
        Wait w = cpu.wait;
        long k = Math.max(ceilDiv(now - w.start, w.period), w.lastChecked + 1);
        long t = w.start + k * w.period;
        if (t < cpu.scheduledAt) {
          schedule(cpu, t);
        }
      }
    }
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  /** Could the CPU take something right now: INIT, start-up, NMI, or a fixed interrupt? */
  private boolean interruptible(Cpu cpu) {
    if (cpu.state.isDone()) {
      return false;
    }
    if (cpu.initPending) {
      return true;
    }
    if (cpu.state == RunState.WAIT_SIPI) {
      return cpu.sipiPending >= 0;
    }
    if (cpu.nmiPending && !cpu.nmiBlocked) {
      return true;
    }
    return cpu.iflag && cpu.stiShadow == 0 && cpu.apic.offered() >= 0;
  }

  // ================================================================ a CPU step

  private void cpuStep(Cpu cpu) {
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
    if (cpu.wait != null) {
      continueWait(cpu);
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
    abandonWaiting(cpu.index);
    cpu.frames.clear();
    cpu.iflag = false;
    cpu.stiShadow = 0;
    cpu.nmiBlocked = false;
    cpu.nmiPending = false;
    cpu.sipiPending = -1;
    cpu.wait = new Wait(Wait.Kind.SIPI);
    timerGen[cpu.index]++;
    cpu.setState(RunState.WAIT_SIPI, now);
    emit(cpu, EventKind.INIT, 0, 0);
    // INIT emptied the NMI latch: a message waiting behind the old latch is accepted now (and
    // blocked, since the CPU waits for a start-up IPI), or its sender's ICR would stay busy.
    admitWaitingNmi(cpu);
  }

  private void doStartup(Cpu cpu) {
    int vector = cpu.sipiPending;
    cpu.sipiPending = -1;
    Kernel k = program.kernel(cpu.kernel);
    if (k.apEntry() < 0) {
      stop(cpu, "kernel '" + k.name() + "' has no ap-entry function for a start-up IPI");
      return;
    }
    cpu.wait = null;
    cpu.started = true;
    cpu.frames.add(new Frame(k.apEntry(), 0));
    cpu.setState(RunState.RUNNING, now);
    emit(cpu, EventKind.SIPI, vector, 0);
    schedule(cpu, now + config.opNs());
  }

  private void takeNmi(Cpu cpu) {
    cpu.nmiPending = false;
    cpu.nmiBlocked = true;
    int fn = handlers[cpu.kernel][Kernel.NMI_SLOT];
    if (fn < 0) {
      fn = program.kernel(cpu.kernel).defaultNmi();
    }
    enterHandler(cpu, Kernel.NMI_SLOT, fn);
    emit(cpu, EventKind.NMI_ENTRY, Kernel.NMI_SLOT, fn);
    admitWaitingNmi(cpu);
    schedule(cpu, now + config.opNs());
  }

  /** The latch is free again: an NMI message waiting at this CPU enters it now. */
  private void admitWaitingNmi(Cpu cpu) {
    if (!cpu.waitingNmis.isEmpty()) {
      int id = cpu.waitingNmis.remove(0);
      IpiMessage m = live.get(id);
      boolean blocked = cpu.state == RunState.WAIT_SIPI;
      cpu.nmiPending = !blocked;
      settle(m, m.slot(cpu.index), IpiMessage.Status.ACCEPTED);
      Delivery d = blocked ? Delivery.NMI_BLOCKED : Delivery.NMI_ACCEPTED_LATE;
      emit(cpu, EventKind.IPI_DELIVER, id, d.ordinal());
    }
  }

  private void takeFixed(Cpu cpu) {
    int vector = cpu.apic.acknowledge();
    int fn = handlers[cpu.kernel][vector];
    if (fn < 0) {
      fn = program.kernel(cpu.kernel).defaultIrq();
    }
    enterHandler(cpu, vector, fn);
    emit(cpu, EventKind.IRQ_ENTRY, vector, fn);
    schedule(cpu, now + config.opNs());
  }

  /** Pushes the interrupted position and IF, clears IF, enters the handler. */
  private void enterHandler(Cpu cpu, int interrupt, int fn) {
    handlerCalls[interrupt]++;
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
    cpu.setState(RunState.RUNNING, now);
  }

  private void continueWait(Cpu cpu) {
    Wait w = cpu.wait;
    switch (w.kind) {
      case SPIN -> {
        long k = Math.max(0, (now - w.start) / w.period);
        boolean ok = spinCondition(cpu);
        Op op = currentOp(cpu);
        long max = op instanceof Op.Poll p ? p.maxPolls() : ((Op.WaitVar) op).maxPolls();
        long polls = w.pollsBefore + k + 1;
        if (ok || (max > 0 && polls >= max)) {
          endSpin(cpu, polls);
        } else {
          w.lastChecked = k;
          scheduleGiveUp(cpu);
        }
      }
      case DELAY -> {
        if (now >= w.end) {
          cpu.wait = null;
          cpu.setState(RunState.RUNNING, now);
          emit(cpu, EventKind.DELAY_END, 0, 0);
          advance(cpu);
          schedule(cpu, now);
        } else {
          schedule(cpu, w.end);
        }
      }
      default -> {
        // hlt, halt-forever and wait-for-SIPI end only through an interrupt
      }
    }
  }

  private void scheduleGiveUp(Cpu cpu) {
    Wait w = cpu.wait;
    Op op = currentOp(cpu);
    long max = op instanceof Op.Poll p ? p.maxPolls() : ((Op.WaitVar) op).maxPolls();
    if (max > 0) {
      long remaining = max - w.pollsBefore;
      schedule(cpu, w.start + (remaining - 1) * w.period);
    } else {
      unschedule(cpu);
    }
  }

  private boolean spinCondition(Cpu cpu) {
    Op op = currentOp(cpu);
    if (op instanceof Op.Poll p) {
      return (readReg(cpu, p.reg()) & p.mask()) == p.until();
    }
    Op.WaitVar wv = (Op.WaitVar) op;
    long v = vars[cpu.kernel][wv.var()];
    long until = value(wv.until(), vars[cpu.kernel], cpu);
    return wv.atLeast() ? v >= until : v == until;
  }

  private long spinValue(Cpu cpu) {
    Op op = currentOp(cpu);
    if (op instanceof Op.Poll p) {
      return readReg(cpu, p.reg()) & p.mask();
    }
    return vars[cpu.kernel][((Op.WaitVar) op).var()];
  }

  private void endSpin(Cpu cpu, long polls) {
    Op op = currentOp(cpu);
    long value = spinValue(cpu);
    int into = op instanceof Op.Poll p ? p.into() : ((Op.WaitVar) op).into();
    if (into >= 0) {
      vars[cpu.kernel][into] = value;
    }
    long cost = op instanceof Op.Poll ? config.mmioNs() : config.opNs();
    cpu.wait = null;
    cpu.setState(RunState.RUNNING, now);
    emit(cpu, EventKind.SPIN_END, value, polls);
    advance(cpu);
    schedule(cpu, now + cost);
  }

  private Op currentOp(Cpu cpu) {
    Frame f = cpu.top();
    return program.kernel(cpu.kernel).function(f.fn).ops().get(f.pc);
  }

  private void advance(Cpu cpu) {
    cpu.top().pc++;
  }

  private int readReg(Cpu cpu, int offset) {
    return cpu.apic.read(offset, now, config.timerTickNs());
  }

  // ================================================================ the op interpreter

  /** Resolves jumps and function ends; returns false when the CPU has nothing left to run. */
  private boolean normalize(Cpu cpu) {
    while (true) {
      if (cpu.frames.isEmpty()) {
        cpu.setState(RunState.FINISHED, now);
        emit(cpu, EventKind.FINISH, 0, 0);
        return false;
      }
      Frame f = cpu.top();
      List<Op> ops = program.kernel(cpu.kernel).function(f.fn).ops();
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
      cpu.setState(RunState.FINISHED, now);
      emit(cpu, EventKind.FINISH, 0, 0);
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
      emit(cpu, EventKind.IRQ_EXIT, -1, 0);
      return;
    }
    Frame f = cpu.frames.get(i);
    while (cpu.frames.size() > i) {
      cpu.frames.remove(cpu.frames.size() - 1);
    }
    cpu.iflag = f.savedIf;
    emit(cpu, EventKind.IRQ_EXIT, f.interrupt, 0);
    if (f.savedWait != null) {
      Wait w = f.savedWait;
      if (w.kind == Wait.Kind.SPIN) {
        w.pollsBefore += Math.max(0, w.lastChecked + 1);
        w.start = now;
        w.lastChecked = -1;
      }
      cpu.wait = w;
      cpu.setState(f.savedState, now);
      if (w.kind == Wait.Kind.DELAY || w.kind == Wait.Kind.SPIN) {
        schedule(cpu, now);
      } else {
        unschedule(cpu);
      }
    } else {
      cpu.setState(RunState.RUNNING, now);
    }
  }

  private void execute(Cpu cpu) {
    if (!normalize(cpu)) {
      return;
    }
    Frame f = cpu.top();
    Kernel kernel = program.kernel(cpu.kernel);
    Op op = kernel.function(f.fn).ops().get(f.pc);
    long[] mem = vars[cpu.kernel];
    long cost = config.opNs();
    if (op instanceof Op.Nop n) {
      emit(cpu, EventKind.OP, 0, 0);
      f.pc++;
    } else if (op instanceof Op.Cli c) {
      cpu.iflag = false;
      cpu.stiShadow = 0;
      emit(cpu, EventKind.IRQ_DISABLE, 0, 0);
      f.pc++;
    } else if (op instanceof Op.Sti s) {
      // SDM Vol. 2 "STI": when IF was 0, interrupts stay blocked until the next instruction ran.
      cpu.stiShadow = cpu.iflag ? 0 : 2;
      cpu.iflag = true;
      emit(cpu, EventKind.IRQ_ENABLE, 0, 0);
      f.pc++;
    } else if (op instanceof Op.ApicWrite w) {
      int value = (int) value(w.value(), mem, cpu);
      apicWrite(cpu, w.reg(), value);
      if (end != End.NONE) {
        return;
      }
      f.pc++;
      cost = config.mmioNs();
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
      emit(cpu, EventKind.APIC_READ, r.reg(), value & 0xFFFF_FFFFL);
      f.pc++;
      cost = config.mmioNs();
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
      cpu.apic.loadDestination(IcrCommand.encodeHigh(dest, config.apic()));
      apicWrite(cpu, ApicRegister.ICR, low);
      f.pc++;
      cost = 2 * config.mmioNs();
    } else if (op instanceof Op.Eoi e) {
      apicWrite(cpu, ApicRegister.EOI, 0);
      f.pc++;
      cost = config.mmioNs();
    } else if (op instanceof Op.Iret i) {
      f.pc++;
      doIret(cpu);
      if (cpu.wait != null) {
        return;
      }
    } else if (op instanceof Op.Poll p) {
      startSpin(cpu, config.mmioNs() + p.delay(), p.maxPolls());
      return;
    } else if (op instanceof Op.WaitVar w) {
      startSpin(cpu, config.opNs() + w.delay(), w.maxPolls());
      return;
    } else if (op instanceof Op.Delay d) {
      Wait w = new Wait(Wait.Kind.DELAY);
      w.start = now;
      w.end = now + d.time();
      cpu.wait = w;
      cpu.setState(RunState.DELAYING, now);
      emit(cpu, EventKind.DELAY_BEGIN, w.end, 0);
      schedule(cpu, w.end);
      return;
    } else if (op instanceof Op.Set s) {
      mem[s.var()] = value(s.value(), mem, cpu);
      emit(cpu, EventKind.OP, s.var(), mem[s.var()]);
      f.pc++;
    } else if (op instanceof Op.Add a) {
      mem[a.var()] += value(a.value(), mem, cpu);
      emit(cpu, EventKind.OP, a.var(), mem[a.var()]);
      f.pc++;
    } else if (op instanceof Op.IfNot i) {
      boolean taken = condition(cpu, i.cond(), mem);
      emit(cpu, EventKind.OP, taken ? 1 : 0, 0);
      f.pc = taken ? f.pc + 1 : i.elseTarget();
    } else if (op instanceof Op.Jump) {
      throw new IllegalStateException("jumps are resolved by normalize");
    } else if (op instanceof Op.SetHandler h) {
      if (h.vector() == Op.SetHandler.ALL) {
        Arrays.fill(handlers[cpu.kernel], 16, 256, h.fn());
      } else {
        handlers[cpu.kernel][h.vector()] = h.fn();
      }
      emit(cpu, EventKind.OP, h.vector(), h.fn());
      f.pc++;
    } else if (op instanceof Op.Call c) {
      emit(cpu, EventKind.OP, c.fn(), 0);
      f.pc++;
      if (isTailPosition(kernel, f)) {
        // A call whose caller has nothing left to do replaces the caller's frame, so a
        // function that calls itself last is a loop (the idle loop, a retry loop).
        f.fn = c.fn();
        f.pc = 0;
      } else if (cpu.frames.size() >= MAX_CALL_DEPTH) {
        stop(cpu, "runaway recursion: more than " + MAX_CALL_DEPTH + " nested calls");
        return;
      } else {
        cpu.frames.add(new Frame(c.fn(), 0));
      }
    } else if (op instanceof Op.Return r) {
      emit(cpu, EventKind.OP, 0, 0);
      f.pc++;
      if (!doReturn(cpu)) {
        return;
      }
    } else if (op instanceof Op.Deref d) {
      if (mem[d.var()] == 0) {
        oops(cpu, "NULL pointer dereference of " + kernel.varNames().get(d.var()), 1);
        return;
      }
      emit(cpu, EventKind.OP, d.var(), mem[d.var()]);
      f.pc++;
    } else if (op instanceof Op.Oops o) {
      oops(cpu, o.message(), 0);
      return;
    } else if (op instanceof Op.Hlt h) {
      f.pc++;
      park(cpu, Wait.Kind.HLT, RunState.HALTED, EventKind.HLT);
      return;
    } else if (op instanceof Op.HaltForever h) {
      cpu.iflag = false;
      park(cpu, Wait.Kind.HALT_FOREVER, RunState.HALTED_FOREVER, EventKind.HALT_FOREVER);
      return;
    } else if (op instanceof Op.Source s) {
      if (s.enabled()) {
        enableSource(s.source());
      } else {
        sourceEnabled[s.source()] = false;
        sourceGen[s.source()]++;
      }
      emit(cpu, EventKind.OP, s.source(), s.enabled() ? 1 : 0);
      f.pc++;
    } else if (op instanceof Op.Mark m) {
      emit(cpu, EventKind.MARK, cpu.inHandler(), 0);
      f.pc++;
      if (!program.success().isEmpty() && program.success().equals(m.mark())) {
        emit(cpu, EventKind.SUCCESS, 0, 0);
        end = End.SUCCESS;
        endTime = now;
        return;
      }
    } else if (op instanceof Op.Phase p) {
      emit(cpu, EventKind.PHASE, 0, 0);
      f.pc++;
    } else if (op instanceof Op.Record r) {
      long v = value(r.value(), mem, cpu);
      records.add(v);
      emit(cpu, EventKind.RECORD, v, 0);
      f.pc++;
    } else if (op instanceof Op.Kexec k) {
      emit(cpu, EventKind.KEXEC, k.kernel(), 0);
      kexec(cpu, k.kernel());
      return;
    }
    if (!cpu.state.isDone() && cpu.wait == null && end == End.NONE) {
      schedule(cpu, now + cost);
    }
  }

  /** Parks a CPU in a wait that only an interrupt ends (hlt, halt-forever). */
  private void park(Cpu cpu, Wait.Kind kind, RunState state, EventKind event) {
    Wait w = new Wait(kind);
    w.start = now;
    cpu.wait = w;
    cpu.setState(state, now);
    emit(cpu, event, 0, 0);
  }

  private static boolean isTailPosition(Kernel kernel, Frame f) {
    List<Op> ops = kernel.function(f.fn).ops();
    int pc = f.pc;
    while (pc < ops.size() && ops.get(pc) instanceof Op.Jump j) {
      pc = j.target();
    }
    return pc >= ops.size() || ops.get(pc) instanceof Op.Return;
  }

  private void startSpin(Cpu cpu, long period, long maxPolls) {
    Wait w = new Wait(Wait.Kind.SPIN);
    w.start = now;
    w.period = Math.max(1, period);
    cpu.wait = w;
    long first = spinValue(cpu);
    if (spinCondition(cpu) || maxPolls == 1) {
      endSpin(cpu, 1);
      return;
    }
    w.lastChecked = 0;
    cpu.setState(RunState.SPINNING, now);
    emit(cpu, EventKind.SPIN_BEGIN, first, 0);
    scheduleGiveUp(cpu);
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

  private static long value(Op.Value v, long[] mem, Cpu cpu) {
    if (v.isCpu()) {
      return cpu.index;
    }
    return v.isVar() ? mem[v.var()] : v.literal();
  }

  private void oops(Cpu cpu, String message, int kind) {
    cpu.setState(RunState.OOPS, now);
    cpu.wait = null;
    unschedule(cpu);
    oopsCpu = cpu.index;
    oopsMessage = message;
    emit(cpu, EventKind.OOPS, kind, 0);
    end = End.OOPS;
    endTime = now;
  }

  private void stop(Cpu cpu, String reason) {
    cpu.stuckReason = reason;
    cpu.wait = null;
    unschedule(cpu);
    cpu.setState(RunState.STUCK, now);
    emit(cpu, EventKind.STUCK, 0, 0);
  }

  private void kexec(Cpu cpu, int target) {
    loadKernel(target);
    cpu.kernel = target;
    cpu.frames.clear();
    cpu.wait = null;
    cpu.iflag = false;
    cpu.stiShadow = 0;
    Integer startFn = program.kernel(target).start().get(cpu.index);
    if (startFn == null) {
      stop(
          cpu,
          "kernel '"
              + program.kernel(target).name()
              + "' has no start function for CPU "
              + cpu.index);
      return;
    }
    cpu.frames.add(new Frame(startFn, 0));
    cpu.setState(RunState.RUNNING, now);
    schedule(cpu, now + config.opNs());
  }

  // ================================================================ the APIC bus

  /** A register write from software, with everything it sets off. Emits the write's event. */
  private void apicWrite(Cpu cpu, int reg, int value) {
    LocalApic.WriteEffect effect = cpu.apic.write(reg, value, now);
    if (effect instanceof LocalApic.WriteEffect.Eoi e) {
      emit(cpu, EventKind.EOI, e.vector(), 0);
      return;
    }
    if (effect instanceof LocalApic.WriteEffect.Fault f) {
      generalProtection(cpu, f.reason());
      return;
    }
    emit(cpu, EventKind.APIC_WRITE, reg, value & 0xFFFF_FFFFL);
    if (effect instanceof LocalApic.WriteEffect.Illegal) {
      errorInterrupt(cpu);
    } else if (effect instanceof LocalApic.WriteEffect.Send s) {
      send(cpu, s.command());
    } else if (effect instanceof LocalApic.WriteEffect.TimerChanged) {
      armTimer(cpu);
    }
  }

  /**
   * Writes a register of CPU {@code cpu} from outside any program (tests, the register interface).
   * Runs the same path an apic-write op runs.
   */
  public void writeRegister(int cpu, int reg, int value) {
    apicWrite(cpus[cpu], reg, value);
    // An op's write is followed by the wake-up checks of its step; this write is not part of a
    // step, so run them here: lowering TPR, an EOI or re-enabling SVR must wake a CPU in hlt
    // that can now take a held interrupt (SDM "Interrupt Acceptance for Fixed Interrupts").
    if (end == End.NONE) {
      wakeParked();
    }
  }

  /**
   * Reads a register of CPU {@code cpu} from outside any program, as an apic-read op would: in
   * x2APIC mode an RDMSR of a register that does not exist or is write-only raises #GP, which ends
   * the run as an oops of that CPU (the value returned is then 0).
   */
  public int readRegister(int cpu, int reg) {
    String gp = cpus[cpu].apic.readFault(reg);
    if (gp != null) {
      generalProtection(cpus[cpu], gp);
      return 0;
    }
    return readReg(cpus[cpu], reg);
  }

  /**
   * Writes the whole ICR of CPU {@code cpu} at once: x2APIC's single 64-bit WRMSR to 0x830
   * (destination in bits 63:32), or xAPIC's ICR high then ICR low.
   */
  public void writeIcr(int cpu, long value) {
    Cpu c = cpus[cpu];
    if (config.apic() == ApicMode.X2APIC) {
      c.apic.loadDestination((int) (value >>> 32));
      writeRegister(cpu, ApicRegister.ICR, (int) value);
    } else {
      writeRegister(cpu, ApicRegister.ICR2, (int) (value >>> 32));
      writeRegister(cpu, ApicRegister.ICR, (int) value);
    }
  }

  /**
   * #GP(0) from a register access. The project models a fault the way the kernel of the time would
   * end up: the CPU oopses and the run ends (as a NULL dereference does).
   */
  private void generalProtection(Cpu cpu, String reason) {
    oops(cpu, "general protection fault: " + reason, 2);
  }

  /**
   * The APIC detected an error (ESR): with the LVT Error entry unmasked, its vector is raised as a
   * fixed interrupt on this CPU (SDM "Error Handling").
   */
  private void errorInterrupt(Cpu cpu) {
    int bits = cpu.apic.takeNewErrors();
    if (bits == 0) {
      return;
    }
    Delivery d = Delivery.MASKED;
    if (!cpu.apic.errorMasked() && cpu.apic.softwareEnabled()) {
      d = fixed(cpu, cpu.apic.errorVector(), false);
      // An illegal vector in the LVT Error entry is one more error; it raises nothing further.
      cpu.apic.takeNewErrors();
    }
    emit(cpu, EventKind.APIC_ERROR, bits, d.ordinal());
  }

  private void send(Cpu sender, IcrCommand cmd) {
    // MP spec B-3: rewriting ICR low while busy abandons the message where it waits at a target
    // that could not accept it. Messages still in transit arrive as usual.
    abandonWaiting(sender.index);
    DeliveryMode mode = cmd.mode().orElse(null);
    int[] targets = targets(sender, cmd);
    if (mode != null && mode.usesIrr() && cmd.vector() < 16) {
      sender.apic.flagSendIllegalVector();
      errorInterrupt(sender);
    }
    int id = nextMessageId++;
    long arrives = now + config.ipiLatencyNs();
    IpiMessage m = new IpiMessage(id, sender.index, cmd, now, arrives, targets);
    if (targets.length > 0) {
      live.put(id, m);
      sender.apic.sendPending(targets.length);
      for (int t : targets) {
        push(arrives, DELIVER, id, t, 0);
      }
    }
    emit(
        sender,
        EventKind.IPI_SEND,
        id,
        ((long) cmd.destination() << 32) | (sender.apic.icrLow() & 0xFFFF_FFFFL));
  }

  private void abandonWaiting(int sender) {
    List<Integer> done = new ArrayList<>();
    for (IpiMessage m : live.values()) {
      if (m.sender != sender) {
        continue;
      }
      for (int i = 0; i < m.targets.length; i++) {
        if (m.status[i] == IpiMessage.Status.WAITING) {
          Cpu t = cpus[m.targets[i]];
          t.waitingNmis.remove(Integer.valueOf(m.id));
          m.status[i] = IpiMessage.Status.ABANDONED;
          cpus[sender].apic.sendPending(-1);
          emit(t, EventKind.IPI_ABANDON, m.id, 0);
        }
      }
      if (m.settled()) {
        done.add(m.id);
      }
    }
    done.forEach(live::remove);
  }

  /** The CPUs a message reaches: shorthand, then physical or logical destination matching. */
  private int[] targets(Cpu sender, IcrCommand cmd) {
    List<Integer> out = new ArrayList<>();
    for (Cpu c : cpus) {
      boolean match =
          switch (cmd.shorthand()) {
            case SELF -> c == sender;
            case ALL -> true;
            case OTHERS -> c != sender;
            case NONE -> c.apic.matches(cmd.destination(), cmd.logical());
          };
      if (match) {
        out.add(c.index);
      }
    }
    if (cmd.mode().orElse(null) == DeliveryMode.LOWEST && out.size() > 1) {
      return lowestPriority(out);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * SDM "Lowest Priority Delivery Mode": of the destinations, the processor with the lowest
   * processor priority (PPR) takes the interrupt. A software-disabled APIC and a CPU waiting for a
   * start-up IPI cannot take a fixed interrupt, so they are not candidates (unless no destination
   * can, and then the lowest-priority rule picks among all of them). Ties: quirk
   * lowest-priority-tie, lowest APIC ID (QEMU) or highest (P6 bus arbitration).
   */
  private int[] lowestPriority(List<Integer> destinations) {
    List<Integer> able = new ArrayList<>();
    for (int c : destinations) {
      if (cpus[c].apic.softwareEnabled() && cpus[c].state != RunState.WAIT_SIPI) {
        able.add(c);
      }
    }
    List<Integer> candidates = able.isEmpty() ? destinations : able;
    boolean highestId = config.quirks().lowestPriorityTieToHighestId();
    int best = candidates.get(0);
    for (int c : candidates) {
      int p = cpus[c].apic.ppr();
      int bp = cpus[best].apic.ppr();
      int id = cpus[c].apic.id();
      int bid = cpus[best].apic.id();
      if (p < bp || (p == bp && (highestId ? id > bid : id < bid))) {
        best = c;
      }
    }
    return new int[] {best};
  }

  private void deliver(int messageId, int target) {
    IpiMessage m = live.get(messageId);
    if (m == null) {
      return;
    }
    int slot = m.slot(target);
    if (m.status[slot] != IpiMessage.Status.IN_TRANSIT) {
      return;
    }
    Cpu cpu = cpus[target];
    Delivery d = accept(cpu, m.command, true, m.sender);
    if (d == Delivery.NMI_WAITING) {
      m.status[slot] = IpiMessage.Status.WAITING;
      cpu.waitingNmis.add(m.id);
    } else {
      settle(m, slot, IpiMessage.Status.ACCEPTED);
    }
    emit(cpu, EventKind.IPI_DELIVER, m.id, d.ordinal());
    if (d == Delivery.ILLEGAL) {
      errorInterrupt(cpu);
    }
  }

  private void settle(IpiMessage m, int slot, IpiMessage.Status status) {
    m.status[slot] = status;
    cpus[m.sender].apic.sendPending(-1);
    if (m.settled()) {
      live.remove(m.id);
    }
  }

  /** The target side of delivery (SDM "Interrupt Acceptance"; DOMAIN.md 1). */
  private Delivery accept(Cpu cpu, IcrCommand cmd, boolean fromMessage, int sender) {
    DeliveryMode mode = cmd.mode().orElse(null);
    if (mode == null) {
      return Delivery.RESERVED;
    }
    return switch (mode) {
      // Quirk level-ipi-tmr: the P4 and Xeon ignore an IPI's trigger mode; QEMU and KVM keep it.
      case FIXED, LOWEST ->
          fixed(cpu, cmd.vector(), cmd.levelTriggered() && config.quirks().levelIpiSetsTmr());
      case NMI -> nmi(cpu, fromMessage, sender);
      case SMI -> Delivery.SMI;
      case INIT -> {
        if (cmd.isInitDeassert()) {
          yield Delivery.INIT_DEASSERT;
        }
        cpu.initPending = true;
        yield Delivery.INIT;
      }
      case STARTUP -> {
        if (cpu.state == RunState.WAIT_SIPI && !cpu.initPending) {
          // The start-up IPI starts the CPU in the kernel that sent it.
          cpu.kernel = cpus[sender].kernel;
          cpu.sipiPending = cmd.vector();
          yield Delivery.STARTUP;
        }
        yield Delivery.STARTUP_IGNORED;
      }
    };
  }

  private static Delivery fixed(Cpu cpu, int vector, boolean level) {
    return switch (cpu.apic.acceptFixed(vector, level)) {
      case SET -> Delivery.IRR_SET;
      case COLLAPSED -> Delivery.COLLAPSED;
      case DROPPED -> Delivery.DROPPED;
      case ILLEGAL -> Delivery.ILLEGAL;
    };
  }

  /**
   * An NMI is accepted when the CPU can take it or latch it. With the latch full, a message waits
   * at the target in the busy model (replacing an earlier one from the same sender, since the
   * sender's ICR holds one command); otherwise, and always for a device, it collapses.
   */
  private Delivery nmi(Cpu cpu, boolean fromMessage, int sender) {
    if (cpu.state == RunState.WAIT_SIPI && !cpu.initPending) {
      // SDM Vol. 3 "Blocking of Events in Activity States": the wait-for-SIPI state blocks NMIs.
      // The APIC accepts the message (the sender's ICR goes idle); the core keeps nothing.
      return Delivery.NMI_BLOCKED;
    }
    if (!cpu.nmiPending) {
      cpu.nmiPending = true;
      return cpu.nmiBlocked ? Delivery.NMI_LATCHED : Delivery.NMI_PENDING;
    }
    if (busyModel && fromMessage) {
      for (int id : List.copyOf(cpu.waitingNmis)) {
        IpiMessage earlier = live.get(id);
        if (earlier.sender == sender) {
          cpu.waitingNmis.remove(Integer.valueOf(id));
          settle(earlier, earlier.slot(cpu.index), IpiMessage.Status.ABANDONED);
          emit(cpu, EventKind.IPI_ABANDON, id, 0);
        }
      }
      return Delivery.NMI_WAITING;
    }
    return Delivery.NMI_COLLAPSED;
  }

  // ================================================================ devices

  private void enableSource(int s) {
    MachineConfig.SourceConfig src = config.sources().get(s);
    sourceEnabled[s] = true;
    sourceGen[s]++;
    long t;
    if (src.period() <= 0) {
      t = Math.max(src.start(), now);
    } else if (now <= src.start()) {
      t = src.start();
    } else {
      long k = (now - src.start() + src.period() - 1) / src.period();
      t = src.start() + k * src.period();
    }
    push(t, SOURCE, s, 0, sourceGen[s]);
  }

  private void sourceTick(int s) {
    MachineConfig.SourceConfig src = config.sources().get(s);
    Cpu cpu = cpus[src.cpu()];
    Delivery d = src.nmi() ? nmi(cpu, false, -1) : fixed(cpu, src.vector(), false);
    emit(cpu, EventKind.IRQ_RAISE, s, d.ordinal());
    if (src.period() > 0) {
      push(now + src.period(), SOURCE, s, 0, sourceGen[s]);
    } else {
      sourceEnabled[s] = false;
    }
  }

  private void armTimer(Cpu cpu) {
    timerGen[cpu.index]++;
    LocalApic a = cpu.apic;
    if (a.timerInitial() != 0) {
      long period = config.timerTickNs() * a.timerDivisor() * (a.timerInitial() & 0xFFFF_FFFFL);
      push(a.timerArmedAt() + period, TIMER, cpu.index, 0, timerGen[cpu.index]);
    }
  }

  private void timerFire(int c) {
    Cpu cpu = cpus[c];
    LocalApic a = cpu.apic;
    Delivery d = Delivery.MASKED;
    if (!a.timerMasked()) {
      d = fixed(cpu, a.timerVector(), false);
    }
    emit(cpu, EventKind.TIMER_FIRE, a.timerVector(), d.ordinal());
    if (a.timerPeriodic()) {
      a.timerReload(now);
      armTimer(cpu);
    } else {
      a.timerExpired();
    }
  }

  // ================================================================ events

  private void emit(Cpu cpu, EventKind kind, long a, long b) {
    emit(now, cpu, kind, a, b);
  }

  private void emit(long time, Cpu cpu, EventKind kind, long a, long b) {
    int fn = -1;
    int pc = -1;
    if (!cpu.frames.isEmpty()) {
      fn = cpu.top().fn;
      pc = cpu.top().pc;
    }
    sink.event(time, cpu.index, kind, cpu.kernel, fn, pc, a, b);
  }

  // ================================================================ read-only view

  public Program program() {
    return program;
  }

  public MachineConfig config() {
    return config;
  }

  public long now() {
    return now;
  }

  public long steps() {
    return steps;
  }

  public End end() {
    return end;
  }

  public long endTime() {
    return endTime;
  }

  public int oopsCpu() {
    return oopsCpu;
  }

  public String oopsMessage() {
    return oopsMessage;
  }

  public int cpuCount() {
    return cpus.length;
  }

  public Cpu cpu(int i) {
    return cpus[i];
  }

  public long var(int kernel, int var) {
    return vars[kernel][var];
  }

  /** The handler function for a vector (256 = NMI) in a kernel, or -1 for the default. */
  public int handler(int kernel, int vector) {
    return handlers[kernel][vector];
  }

  public int handlerCalls(int vector) {
    return handlerCalls[vector];
  }

  public List<Long> records() {
    return List.copyOf(records);
  }

  /** Messages on the bus or waiting at a target, oldest first. */
  public Collection<IpiMessage> liveMessages() {
    return List.copyOf(live.values());
  }

  public boolean busyModel() {
    return busyModel;
  }

  /** Value equality over the complete state, for snapshot tests. */
  public boolean sameState(Machine o) {
    if (cpus.length != o.cpus.length || live.size() != o.live.size()) {
      return false;
    }
    for (int i = 0; i < cpus.length; i++) {
      if (!cpus[i].sameState(o.cpus[i])) {
        return false;
      }
    }
    for (var e : live.entrySet()) {
      IpiMessage other = o.live.get(e.getKey());
      if (other == null || !e.getValue().sameAs(other)) {
        return false;
      }
    }
    if (!Arrays.equals(queue.stream().sorted().toArray(), o.queue.stream().sorted().toArray())) {
      return false;
    }
    for (int k = 0; k < vars.length; k++) {
      if (!Arrays.equals(vars[k], o.vars[k]) || !Arrays.equals(handlers[k], o.handlers[k])) {
        return false;
      }
    }
    return program == o.program
        && now == o.now
        && seq == o.seq
        && steps == o.steps
        && nextMessageId == o.nextMessageId
        && Arrays.equals(sourceEnabled, o.sourceEnabled)
        && Arrays.equals(sourceGen, o.sourceGen)
        && Arrays.equals(timerGen, o.timerGen)
        && Arrays.equals(handlerCalls, o.handlerCalls)
        && records.equals(o.records)
        && end == o.end
        && endTime == o.endTime
        && oopsCpu == o.oopsCpu
        && oopsMessage.equals(o.oopsMessage);
  }
}
