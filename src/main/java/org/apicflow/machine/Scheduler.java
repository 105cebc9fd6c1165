package org.apicflow.machine;

import org.apicflow.machine.Cpu.RunState;
import org.apicflow.machine.Cpu.Wait;

/**
 * The deterministic event scheduler: one queue ordered by (time, sequence number), so ties break
 * the same way every run, and the waits a CPU parks in (poll, wait-var, delay, hlt) with the checks
 * that wake it. A parked wait has nothing queued until something that can end it happens.
 */
final class Scheduler {

  private final Machine machine;

  Scheduler(Machine machine) {
    this.machine = machine;
  }

  // The kinds of queued action: a CPU's next step, a message reaching one target, a device source
  // firing, a local APIC timer expiring.
  static final int CPU_STEP = 0;
  static final int DELIVER = 1;
  static final int SOURCE = 2;
  static final int TIMER = 3;

  /** One queued action; (time, seq) orders the queue, gen tells a stale entry from a live one. */
  record Item(long time, long seq, int type, int a, int b, int gen) implements Comparable<Item> {
    @Override
    public int compareTo(Item o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  void push(long time, int type, int a, int b, int gen) {
    machine.queue.add(new Item(time, machine.seq++, type, a, b, gen));
  }

  void schedule(Cpu cpu, long time) {
    cpu.gen++;
    cpu.scheduledAt = time;
    push(time, CPU_STEP, cpu.index, 0, cpu.gen);
  }

  void unschedule(Cpu cpu) {
    cpu.gen++;
    cpu.scheduledAt = Long.MAX_VALUE;
  }

  /**
   * Runs one step: the next live action in the queue, and the wake-up checks after it. Returns
   * false when the run is over (and then emits the closing events once).
   */
  boolean step() {
    if (machine.end != Machine.End.NONE) {
      return false;
    }
    while (true) {
      Item item = machine.queue.peek();
      if (item == null) {
        finish(Machine.End.QUIET, Math.max(machine.now, machine.config.horizonNs()));
        return false;
      }
      if (item.time > machine.config.horizonNs()) {
        finish(Machine.End.HORIZON, machine.config.horizonNs());
        return false;
      }
      if (machine.steps >= machine.stepBudget) {
        finish(Machine.End.BUDGET, machine.now);
        return false;
      }
      machine.queue.poll();
      if (!isLive(item)) {
        continue;
      }
      machine.now = item.time;
      machine.steps++;
      switch (item.type) {
        case CPU_STEP -> {
          Cpu cpu = machine.cpus[item.a];
          cpu.scheduledAt = Long.MAX_VALUE;
          machine.interpreter.cpuStep(cpu);
        }
        case DELIVER -> machine.bus.deliver(item.a, item.b);
        case SOURCE -> machine.devices.sourceTick(item.a);
        case TIMER -> machine.devices.timerFire(item.a);
        default -> throw new IllegalStateException("unknown item " + item.type);
      }
      if (machine.end == Machine.End.NONE) {
        wakeParked();
      }
      return true;
    }
  }

  private boolean isLive(Item item) {
    return switch (item.type) {
      case CPU_STEP -> machine.cpus[item.a].gen == item.gen;
      case SOURCE -> machine.sourceGen[item.a] == item.gen && machine.sourceEnabled[item.a];
      case TIMER -> machine.timerGen[item.a] == item.gen;
      default -> true;
    };
  }

  private void finish(Machine.End why, long at) {
    machine.end = why;
    machine.endTime = at;
    if (why == Machine.End.QUIET || why == Machine.End.HORIZON || why == Machine.End.BUDGET) {
      for (Cpu cpu : machine.cpus) {
        if (machine.isHung(cpu)) {
          machine.emit(at, cpu, EventKind.HANG, cpu.state.ordinal(), 0);
        }
      }
    }
  }

  /** After every step: a parked CPU whose wait may have ended is given a step. */
  void wakeParked() {
    for (Cpu cpu : machine.cpus) {
      if (!cpu.state.isParked() || cpu.wait == null) {
        continue;
      }
      if (interruptible(cpu)) {
        if (cpu.scheduledAt > machine.now) {
          schedule(cpu, machine.now);
        }
        continue;
      }
      if (cpu.wait.kind == Wait.Kind.SPIN && spinCondition(cpu)) {
        Wait w = cpu.wait;
        long k = Math.max(ceilDiv(machine.now - w.start, w.period), w.lastChecked + 1);
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
    return cpu.iflag
        && cpu.stiShadow == 0
        && (cpu.apic.offered() >= 0 || machine.devices.extIntRequested(cpu));
  }

  void continueWait(Cpu cpu) {
    Wait w = cpu.wait;
    switch (w.kind) {
      case SPIN -> {
        long k = Math.max(0, (machine.now - w.start) / w.period);
        boolean ok = spinCondition(cpu);
        Op op = machine.interpreter.currentOp(cpu);
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
        if (machine.now >= w.end) {
          cpu.wait = null;
          cpu.setState(RunState.RUNNING, machine.now);
          machine.emit(cpu, EventKind.DELAY_END, 0, 0);
          machine.interpreter.advance(cpu);
          schedule(cpu, machine.now);
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
    Op op = machine.interpreter.currentOp(cpu);
    long max = op instanceof Op.Poll p ? p.maxPolls() : ((Op.WaitVar) op).maxPolls();
    if (max > 0) {
      long remaining = max - w.pollsBefore;
      schedule(cpu, w.start + (remaining - 1) * w.period);
    } else {
      unschedule(cpu);
    }
  }

  private boolean spinCondition(Cpu cpu) {
    Op op = machine.interpreter.currentOp(cpu);
    if (op instanceof Op.Poll p) {
      return (machine.interpreter.readReg(cpu, p.reg()) & p.mask()) == p.until();
    }
    Op.WaitVar wv = (Op.WaitVar) op;
    long v = machine.vars[cpu.kernel][wv.var()];
    long until = Interpreter.value(wv.until(), machine.vars[cpu.kernel], cpu);
    return wv.atLeast() ? v >= until : v == until;
  }

  private long spinValue(Cpu cpu) {
    Op op = machine.interpreter.currentOp(cpu);
    if (op instanceof Op.Poll p) {
      return machine.interpreter.readReg(cpu, p.reg()) & p.mask();
    }
    return machine.vars[cpu.kernel][((Op.WaitVar) op).var()];
  }

  private void endSpin(Cpu cpu, long polls) {
    Op op = machine.interpreter.currentOp(cpu);
    long value = spinValue(cpu);
    int into = op instanceof Op.Poll p ? p.into() : ((Op.WaitVar) op).into();
    if (into >= 0) {
      machine.vars[cpu.kernel][into] = value;
    }
    long cost = op instanceof Op.Poll ? machine.config.mmioNs() : machine.config.opNs();
    cpu.wait = null;
    cpu.setState(RunState.RUNNING, machine.now);
    machine.emit(cpu, EventKind.SPIN_END, value, polls);
    machine.interpreter.advance(cpu);
    schedule(cpu, machine.now + cost);
  }

  /** Parks a CPU in a wait that only an interrupt ends (hlt, halt-forever). */
  void park(Cpu cpu, Wait.Kind kind, RunState state, EventKind event) {
    Wait w = new Wait(kind);
    w.start = machine.now;
    cpu.wait = w;
    cpu.setState(state, machine.now);
    machine.emit(cpu, event, 0, 0);
  }

  void startSpin(Cpu cpu, long period, long maxPolls) {
    Wait w = new Wait(Wait.Kind.SPIN);
    w.start = machine.now;
    w.period = Math.max(1, period);
    cpu.wait = w;
    long first = spinValue(cpu);
    if (spinCondition(cpu) || maxPolls == 1) {
      endSpin(cpu, 1);
      return;
    }
    w.lastChecked = 0;
    cpu.setState(RunState.SPINNING, machine.now);
    machine.emit(cpu, EventKind.SPIN_BEGIN, first, 0);
    scheduleGiveUp(cpu);
  }
}
