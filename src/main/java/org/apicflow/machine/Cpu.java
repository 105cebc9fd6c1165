package org.apicflow.machine;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.apic.LocalApic;

/**
 * One logical CPU: EFLAGS.IF, NMI blocking and the one-deep NMI latch, pending INIT and start-up,
 * the call and handler stack of the kernel it runs, and its local APIC.
 */
public final class Cpu {

  /** What the CPU is doing, for arbitration and for the CPU card's badge. */
  public enum RunState {
    /** In wait-for-SIPI: never started, or reset by INIT. */
    WAIT_SIPI("waiting for SIPI"),
    RUNNING("running"),
    /** In a poll or wait-var loop. */
    SPINNING("spinning"),
    /** In a delay (mdelay / udelay). */
    DELAYING("delay"),
    /** hlt: asleep until an interrupt. */
    HALTED("halted"),
    /** cli; hlt for ever (the crash NMI callback's end). */
    HALTED_FOREVER("halted for ever"),
    /** Ran off the end of its start function. */
    FINISHED("finished"),
    OOPS("OOPS"),
    /** Runaway recursion or a kexec with no start function: stopped, counted as a hang. */
    STUCK("stuck");

    public final String label;

    RunState(String label) {
      this.label = label;
    }

    public boolean isParked() {
      return this == WAIT_SIPI
          || this == SPINNING
          || this == DELAYING
          || this == HALTED
          || this == HALTED_FOREVER;
    }

    public boolean isDone() {
      return this == FINISHED || this == OOPS || this == STUCK;
    }
  }

  /** One frame of the call stack; a handler's first frame carries the interrupt it entered for. */
  public static final class Frame {
    int fn;
    int pc;

    /** -1 for a plain call or a start function; 0..255 a vector; 256 an NMI. */
    int interrupt = -1;

    boolean savedIf;
    Wait savedWait;
    RunState savedState;

    Frame(int fn, int pc) {
      this.fn = fn;
      this.pc = pc;
    }

    Frame copy() {
      Frame f = new Frame(fn, pc);
      f.interrupt = interrupt;
      f.savedIf = savedIf;
      f.savedWait = savedWait == null ? null : savedWait.copy();
      f.savedState = savedState;
      return f;
    }

    public int fn() {
      return fn;
    }

    public int pc() {
      return pc;
    }

    /** -1, a vector, or 256 for NMI. */
    public int interrupt() {
      return interrupt;
    }

    boolean sameAs(Frame o) {
      return fn == o.fn
          && pc == o.pc
          && interrupt == o.interrupt
          && savedIf == o.savedIf
          && savedState == o.savedState
          && (savedWait == null ? o.savedWait == null : savedWait.sameAs(o.savedWait));
    }
  }

  /** A loop in progress: poll, wait-var, delay, hlt or halt-forever. */
  static final class Wait {
    enum Kind {
      SPIN,
      DELAY,
      HLT,
      HALT_FOREVER,
      SIPI
    }

    final Kind kind;

    /** Start of the current read grid (reset after an interrupt returns). */
    long start;

    long period;

    /** Reads made before the current grid started. */
    long pollsBefore;

    /** Highest grid index already read and found false. */
    long lastChecked = -1;

    long end;

    Wait(Kind kind) {
      this.kind = kind;
    }

    Wait copy() {
      Wait w = new Wait(kind);
      w.start = start;
      w.period = period;
      w.pollsBefore = pollsBefore;
      w.lastChecked = lastChecked;
      w.end = end;
      return w;
    }

    boolean sameAs(Wait o) {
      return o != null
          && kind == o.kind
          && start == o.start
          && period == o.period
          && pollsBefore == o.pollsBefore
          && lastChecked == o.lastChecked
          && end == o.end;
    }
  }

  final int index;
  final LocalApic apic;
  int kernel;
  boolean iflag;

  /**
   * STI interrupt shadow (SDM Vol. 2 "STI"): an sti that set IF leaves maskable interrupts blocked
   * until the next instruction has run. 2 right after that sti, 1 while the next op runs, 0 after.
   */
  int stiShadow;

  boolean nmiBlocked;

  /** An NMI accepted and not yet taken; while NMIs are blocked this is the latch. */
  boolean nmiPending;

  boolean initPending;
  int sipiPending = -1;

  /**
   * An ExtINT message from the IO-APIC waits for the core (the INTR line of virtual wire mode
   * through IO-APIC pin 0); taken like a maskable interrupt, its vector from the 8259's INTA.
   */
  boolean extIntPending;

  boolean started;
  RunState state = RunState.WAIT_SIPI;
  long stateSince;
  final ArrayList<Frame> frames;
  Wait wait;

  /** NMI messages that found the latch full and wait here (busy ICR model). */
  final ArrayList<Integer> waitingNmis;

  /** When this CPU's live step item is due, or Long.MAX_VALUE when none is scheduled. */
  long scheduledAt = Long.MAX_VALUE;

  int gen;
  String stuckReason = "";

  Cpu(int index, LocalApic apic) {
    this.index = index;
    this.apic = apic;
    this.frames = new ArrayList<>();
    this.waitingNmis = new ArrayList<>();
  }

  Cpu(Cpu o) {
    this(o, o.apic.copy(), null);
  }

  /**
   * A copy of {@code o} with {@code apic} as its local APIC: a copy of {@code o}'s, or, for a
   * keyframe, the equal APIC of the keyframe before (keyframes are never run, so they may share).
   * With {@code previous} (the same CPU in the keyframe before; null for a complete copy) the copy
   * also shares each part of {@code previous} equal to {@code o}'s: each call frame, the wait in
   * progress and the list of waiting NMIs, the whole stack where every frame is equal.
   */
  Cpu(Cpu o, LocalApic apic, Cpu previous) {
    this.index = o.index;
    this.apic = apic;
    this.kernel = o.kernel;
    this.iflag = o.iflag;
    this.stiShadow = o.stiShadow;
    this.nmiBlocked = o.nmiBlocked;
    this.nmiPending = o.nmiPending;
    this.initPending = o.initPending;
    this.sipiPending = o.sipiPending;
    this.extIntPending = o.extIntPending;
    this.started = o.started;
    this.state = o.state;
    this.stateSince = o.stateSince;
    this.frames = previous == null ? copyFrames(o.frames, null) : shareFrames(o, previous);
    if (previous != null
        && (o.wait == null ? previous.wait == null : o.wait.sameAs(previous.wait))) {
      this.wait = previous.wait;
    } else {
      this.wait = o.wait == null ? null : o.wait.copy();
    }
    this.waitingNmis =
        previous != null && o.waitingNmis.equals(previous.waitingNmis)
            ? previous.waitingNmis
            : new ArrayList<>(o.waitingNmis);
    this.scheduledAt = o.scheduledAt;
    this.gen = o.gen;
    this.stuckReason = o.stuckReason;
  }

  /**
   * {@code o}'s stack for a keyframe: {@code previous}'s list itself when every frame is equal,
   * else a list as long as the stack that shares each equal frame.
   */
  private static ArrayList<Frame> shareFrames(Cpu o, Cpu previous) {
    ArrayList<Frame> from = o.frames;
    ArrayList<Frame> before = previous.frames;
    if (from.size() == before.size()) {
      int i = 0;
      while (i < from.size() && from.get(i).sameAs(before.get(i))) {
        i++;
      }
      if (i == from.size()) {
        return before;
      }
    }
    return copyFrames(from, before);
  }

  /** A copy of {@code from}, as long as it is, sharing the frames equal in {@code before}. */
  private static ArrayList<Frame> copyFrames(ArrayList<Frame> from, ArrayList<Frame> before) {
    ArrayList<Frame> out = new ArrayList<>(from.size());
    for (int i = 0; i < from.size(); i++) {
      Frame f = from.get(i);
      out.add(
          before != null && i < before.size() && f.sameAs(before.get(i))
              ? before.get(i)
              : f.copy());
    }
    return out;
  }

  /** How deep the call and handler stack is. */
  public int frameCount() {
    return frames.size();
  }

  Frame top() {
    return frames.get(frames.size() - 1);
  }

  void setState(RunState s, long now) {
    if (s != state) {
      state = s;
      stateSince = now;
    }
  }

  // ------------------------------------------------------------ read-only view

  public int index() {
    return index;
  }

  public LocalApic apic() {
    return apic;
  }

  public int kernel() {
    return kernel;
  }

  /** In the one-instruction shadow of an sti that set IF. */
  public boolean inStiShadow() {
    return stiShadow > 0;
  }

  public boolean interruptsEnabled() {
    return iflag;
  }

  public boolean nmiBlocked() {
    return nmiBlocked;
  }

  /** An NMI is latched (accepted, not yet taken). */
  public boolean nmiLatched() {
    return nmiPending;
  }

  public boolean initPending() {
    return initPending;
  }

  /** An ExtINT message from the IO-APIC waits for the core. */
  public boolean extIntPending() {
    return extIntPending;
  }

  /** Was the CPU ever started (at boot or by a start-up IPI)? */
  public boolean started() {
    return started;
  }

  public RunState state() {
    return state;
  }

  public String stuckReason() {
    return stuckReason;
  }

  public List<Frame> frames() {
    return List.copyOf(frames);
  }

  /** The innermost interrupt being handled (vector, 256 for NMI), or -1. */
  public int inHandler() {
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (frames.get(i).interrupt >= 0) {
        return frames.get(i).interrupt;
      }
    }
    return -1;
  }

  /** Interrupts being handled, outermost first. */
  public List<Integer> handlerStack() {
    List<Integer> out = new ArrayList<>();
    for (Frame f : frames) {
      if (f.interrupt >= 0) {
        out.add(f.interrupt);
      }
    }
    return out;
  }

  /** The current function index, or -1 when the CPU has no frame. */
  public int currentFunction() {
    return frames.isEmpty() ? -1 : top().fn;
  }

  public int currentPc() {
    return frames.isEmpty() ? -1 : top().pc;
  }

  public List<Integer> waitingNmiMessages() {
    return List.copyOf(waitingNmis);
  }

  /** Value equality over the whole CPU state, for snapshot tests. */
  public boolean sameState(Cpu o) {
    if (frames.size() != o.frames.size()) {
      return false;
    }
    for (int i = 0; i < frames.size(); i++) {
      if (!frames.get(i).sameAs(o.frames.get(i))) {
        return false;
      }
    }
    return index == o.index
        && apic.sameState(o.apic)
        && stiShadow == o.stiShadow
        && kernel == o.kernel
        && iflag == o.iflag
        && nmiBlocked == o.nmiBlocked
        && nmiPending == o.nmiPending
        && initPending == o.initPending
        && sipiPending == o.sipiPending
        && extIntPending == o.extIntPending
        && started == o.started
        && state == o.state
        && stateSince == o.stateSince
        && (wait == null ? o.wait == null : wait.sameAs(o.wait))
        && waitingNmis.equals(o.waitingNmis)
        && scheduledAt == o.scheduledAt
        && gen == o.gen
        && stuckReason.equals(o.stuckReason);
  }
}
