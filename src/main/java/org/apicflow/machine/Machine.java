package org.apicflow.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apicflow.apic.ApicMode;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.IoApic;
import org.apicflow.apic.LocalApic;
import org.apicflow.apic.PicPair;
import org.apicflow.machine.Cpu.Frame;
import org.apicflow.machine.Cpu.RunState;
import org.apicflow.machine.Cpu.Wait;

/**
 * The simulated machine: CPUs with their local APICs on one APIC bus, device sources, kernel
 * memory, and the deterministic event scheduler that runs the op interpreter.
 *
 * <p>This class owns the state and the public interface. The rules live in four parts, each named
 * after the SDM's own seams: {@link Scheduler} (the event queue, parked waits and their wake-ups),
 * {@link Interpreter} (a CPU step: taking INIT, start-up, NMI and fixed interrupts, executing ops),
 * {@link ApicBus} (what a register write sets off, destination matching, lowest-priority
 * arbitration, delivery and acceptance) and {@link Devices} (device sources, the APIC timer).
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

  /** Call depth beyond which a CPU is stopped as runaway recursion. */
  public static final int MAX_CALL_DEPTH = 512;

  final Program program;
  final MachineConfig config;
  final boolean busyModel;
  EventSink sink = EventSink.NONE;

  long now;
  long seq;
  long steps;
  final PriorityQueue<Scheduler.Item> queue;
  final Cpu[] cpus;
  final long[][] vars;
  final int[][] handlers;
  final TreeMap<Integer, IpiMessage> live;
  int nextMessageId;
  final boolean[] sourceEnabled;
  final int[] sourceGen;
  final int[] timerGen;
  final int[] handlerCalls;
  final ArrayList<Long> records;
  final IoApic ioapic;
  final PicPair pic;
  End end = End.NONE;
  long endTime;
  int oopsCpu = -1;
  String oopsMessage = "";
  long stepBudget = Long.MAX_VALUE;

  // The parts that apply the rules; they keep no state of their own, so a copy gets fresh ones.
  final ApicBus bus = new ApicBus(this);
  final Devices devices = new Devices(this);
  final Scheduler scheduler = new Scheduler(this);
  final Interpreter interpreter = new Interpreter(this);

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
    this.ioapic = new IoApic();
    this.pic = new PicPair();
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
        scheduler.schedule(cpu, 0);
      } else {
        cpu.wait = new Wait(Wait.Kind.SIPI);
      }
    }
    for (int s = 0; s < sourceEnabled.length; s++) {
      MachineConfig.SourceConfig src = config.sources().get(s);
      if (src.enabled()) {
        devices.enableSource(s);
      }
    }
  }

  private Machine(Machine o) {
    this(o, null); // nothing to share: every part is copied
  }

  /**
   * A keyframe: a snapshot of this machine that shares with {@code previous} (an earlier keyframe
   * of the same run, or null) every part that is equal in both: each CPU with its local APIC (or
   * the APIC alone where only the CPU changed), the IO-APIC, the 8259s, each message in flight,
   * each kernel's variables and handler table, and the recorded values. Only what changed since
   * {@code previous} is copied, so at many CPUs, where a few hundred events touch a few CPUs,
   * keyframes can be dense for little memory.
   *
   * <p>Parts are shared only when value-equal ({@code sameState}), so the keyframe is equal to
   * {@link #copy()} in every respect. A keyframe must never be run or changed: a run starts from
   * its {@link #copy()}, which copies every part.
   */
  public Machine keyframe(Machine previous) {
    return new Machine(this, previous);
  }

  /**
   * How many of this keyframe's local APICs are the very objects of {@code previous}'s (shared,
   * with or without their CPU).
   */
  public int apicsSharedWith(Machine previous) {
    int n = 0;
    if (previous != null && previous.cpus.length == cpus.length) {
      for (int i = 0; i < cpus.length; i++) {
        if (cpus[i].apic == previous.cpus[i].apic) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Of this keyframe's CPUs that are copies (not shared with {@code previous}), how many share
   * their whole call stack, their wait in progress, and each register set (IRR, ISR, TMR, LVT;
   * counted one by one) of a copied APIC with {@code previous}'s: {stacks, waits, register sets}.
   */
  public int[] partsSharedWith(Machine previous) {
    int[] n = new int[3];
    if (previous != null && previous.cpus.length == cpus.length) {
      for (int i = 0; i < cpus.length; i++) {
        Cpu c = cpus[i];
        Cpu b = previous.cpus[i];
        if (c == b) {
          continue;
        }
        n[0] += c.frames == b.frames ? 1 : 0;
        n[1] += c.wait != null && c.wait == b.wait ? 1 : 0;
        if (c.apic != b.apic) {
          n[2] += c.apic.registerSetsSharedWith(b.apic);
        }
      }
    }
    return n;
  }

  /** How many of this keyframe's CPUs are the very objects of {@code previous}'s (shared). */
  public int cpusSharedWith(Machine previous) {
    int n = 0;
    if (previous != null && previous.cpus.length == cpus.length) {
      for (int i = 0; i < cpus.length; i++) {
        if (cpus[i] == previous.cpus[i]) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * A copy of {@code o} sharing the parts equal in {@code p} (see {@link #keyframe}); with {@code
   * p} null, a complete copy.
   */
  private Machine(Machine o, Machine p) {
    this.program = o.program;
    this.config = o.config;
    this.busyModel = o.busyModel;
    this.now = o.now;
    this.seq = o.seq;
    this.steps = o.steps;
    this.queue = new PriorityQueue<>(o.queue); // items are immutable records: shared by copies
    boolean same = p != null && p.cpus.length == o.cpus.length && p.vars.length == o.vars.length;
    this.cpus = new Cpu[o.cpus.length];
    for (int i = 0; i < cpus.length; i++) {
      if (!same) {
        cpus[i] = new Cpu(o.cpus[i]);
      } else if (p.cpus[i].sameState(o.cpus[i])) {
        cpus[i] = p.cpus[i];
      } else if (p.cpus[i].apic.sameState(o.cpus[i].apic)) {
        // the CPU moved on (its stack, its wait, its clock) but its APIC is as it was: a CPU
        // that took an IPI and returned from its handler has the same IRR, ISR and TMR again
        cpus[i] = new Cpu(o.cpus[i], p.cpus[i].apic, p.cpus[i]);
      } else {
        cpus[i] = new Cpu(o.cpus[i], o.cpus[i].apic.keyframeCopy(p.cpus[i].apic), p.cpus[i]);
      }
    }
    this.vars = new long[o.vars.length][];
    this.handlers = new int[o.handlers.length][];
    for (int k = 0; k < vars.length; k++) {
      vars[k] = same && Arrays.equals(p.vars[k], o.vars[k]) ? p.vars[k] : o.vars[k].clone();
      handlers[k] =
          same && Arrays.equals(p.handlers[k], o.handlers[k])
              ? p.handlers[k]
              : o.handlers[k].clone();
    }
    this.live = new TreeMap<>();
    for (var e : o.live.entrySet()) {
      IpiMessage before = same ? p.live.get(e.getKey()) : null;
      live.put(
          e.getKey(),
          before != null && before.sameAs(e.getValue()) ? before : new IpiMessage(e.getValue()));
    }
    this.nextMessageId = o.nextMessageId;
    this.sourceEnabled =
        same && Arrays.equals(p.sourceEnabled, o.sourceEnabled)
            ? p.sourceEnabled
            : o.sourceEnabled.clone();
    this.sourceGen =
        same && Arrays.equals(p.sourceGen, o.sourceGen) ? p.sourceGen : o.sourceGen.clone();
    this.timerGen = same && Arrays.equals(p.timerGen, o.timerGen) ? p.timerGen : o.timerGen.clone();
    this.handlerCalls =
        same && Arrays.equals(p.handlerCalls, o.handlerCalls)
            ? p.handlerCalls
            : o.handlerCalls.clone();
    this.records = same && p.records.equals(o.records) ? p.records : new ArrayList<>(o.records);
    this.ioapic = same && p.ioapic.sameState(o.ioapic) ? p.ioapic : o.ioapic.copy();
    this.pic = same && p.pic.sameState(o.pic) ? p.pic : o.pic.copy();
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

  void loadKernel(int k) {
    Kernel kernel = program.kernel(k);
    vars[k] = kernel.varInit().clone();
    int[] h = new int[257];
    Arrays.fill(h, -1);
    kernel.handlers().forEach((v, fn) -> h[v] = fn);
    handlers[k] = h;
  }

  // ================================================================ running

  public boolean isOver() {
    return end != End.NONE;
  }

  /**
   * Runs one step: the next live action in the queue, and the wake-up checks after it. Returns
   * false when the run is over (and then emits the closing events once).
   */
  public boolean step() {
    return scheduler.step();
  }

  /** Runs to the end. */
  public void run() {
    while (step()) {
      // each step reports through the sink
    }
  }

  /** A CPU that was started and neither finished nor faulted is part of a hang. */
  public boolean isHung(Cpu cpu) {
    return cpu.started && cpu.state != RunState.FINISHED && cpu.state != RunState.OOPS;
  }

  // ================================================================ the register interface

  /**
   * Writes a register of CPU {@code cpu} from outside any program (tests, the register interface).
   * Runs the same path an apic-write op runs.
   */
  public void writeRegister(int cpu, int reg, int value) {
    bus.apicWrite(cpus[cpu], reg, value);
    // An op's write is followed by the wake-up checks of its step; this write is not part of a
    // step, so run them here: lowering TPR, an EOI or re-enabling SVR must wake a CPU in hlt
    // that can now take a held interrupt (SDM "Interrupt Acceptance for Fixed Interrupts").
    if (end == End.NONE) {
      scheduler.wakeParked();
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
      interpreter.generalProtection(cpus[cpu], gp);
      return 0;
    }
    return interpreter.readReg(cpus[cpu], reg);
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

  // ================================================================ IO-APIC and 8259 interface

  /**
   * outb by CPU {@code cpu} from outside any program (tests): the 8259 ports 0x20/0x21, 0xA0/0xA1
   * and the ELCR 0x4D0/0x4D1, with the same effects as an outb op.
   */
  public void portWrite(int cpu, int port, int value) {
    devices.portWrite(cpus[cpu], port, value);
    afterOutsideAccess();
  }

  /** inb by CPU {@code cpu} from outside any program (tests). */
  public int portRead(int cpu, int port) {
    int v = devices.portRead(cpus[cpu], port);
    afterOutsideAccess();
    return v;
  }

  /** A write to the IO-APIC's MMIO window: {@link IoApic#IOREGSEL} or {@link IoApic#IOWIN}. */
  public void ioapicMmioWrite(int cpu, int offset, int value) {
    devices.ioapicMmioWrite(cpus[cpu], offset, value);
    afterOutsideAccess();
  }

  /** A read of the IO-APIC's MMIO window. */
  public int ioapicMmioRead(int cpu, int offset) {
    return offset == IoApic.IOWIN ? ioapic.readWindow() : ioapic.selected();
  }

  /** A device drives IO-APIC pin {@code pin} (asserted or not). */
  public void setIoApicPin(int pin, boolean asserted) {
    devices.setIoApicPin(pin, asserted);
    afterOutsideAccess();
  }

  /** A device drives 8259 IRQ {@code irq} (0-15) high or low. */
  public void setPicIrq(int irq, boolean high) {
    devices.setPicIrq(irq, high);
    afterOutsideAccess();
  }

  private void afterOutsideAccess() {
    if (end == End.NONE) {
      scheduler.wakeParked();
    }
  }

  // ================================================================ events

  void emit(Cpu cpu, EventKind kind, long a, long b) {
    emit(now, cpu, kind, a, b);
  }

  void emit(long time, Cpu cpu, EventKind kind, long a, long b) {
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

  /** The IO-APIC; callers outside the machine must not modify it. */
  public IoApic ioapic() {
    return ioapic;
  }

  /** The cascaded 8259s; callers outside the machine must not modify them. */
  public PicPair pic() {
    return pic;
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
        && ioapic.sameState(o.ioapic)
        && pic.sameState(o.pic)
        && end == o.end
        && endTime == o.endTime
        && oopsCpu == o.oopsCpu
        && oopsMessage.equals(o.oopsMessage);
  }
}
