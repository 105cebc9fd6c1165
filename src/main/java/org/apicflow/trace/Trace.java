package org.apicflow.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.Machine;
import org.apicflow.machine.Op;
import org.apicflow.machine.Outcome;
import org.apicflow.machine.Program;

/**
 * The immutable record of one run: ordered events, keyframes (complete machine snapshots every K
 * events, copy-on-write: each shares the CPUs and devices that did not change since the one before,
 * see {@link Machine#keyframe}), the marks and phases indexed, and the outcome.
 *
 * <p>Positions: position p is the state after the first p events (0 = the initial state, {@link
 * #size()} = the end). When one step emitted several events, positions inside it show the state
 * after the whole step.
 */
public final class Trace {
  private final Program program;
  private final TraceRecorder events;
  private final int[] keyPositions;
  private final Machine[] keyframes;
  private final int keyframeInterval;
  private final Outcome outcome;
  private final int[] markEvents;
  private final List<Mark> marks;
  private final List<Mark> namedMarks;
  private final List<Phase> phases;
  private final Machine finalState;

  Trace(
      Program program,
      TraceRecorder events,
      List<Integer> keyPositions,
      List<Machine> keyframes,
      int keyframeInterval,
      Outcome outcome,
      Machine finalState) {
    this.program = program;
    this.events = events;
    this.keyPositions = keyPositions.stream().mapToInt(Integer::intValue).toArray();
    this.keyframes = keyframes.toArray(new Machine[0]);
    this.keyframeInterval = keyframeInterval;
    this.outcome = outcome;
    this.finalState = finalState;
    this.markEvents = buildMarkEvents();
    this.marks = Collections.unmodifiableList(markList());
    this.namedMarks = buildNamedMarks();
    this.phases = Collections.unmodifiableList(buildPhases());
  }

  public Program program() {
    return program;
  }

  public String fix() {
    return program.fix();
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Number of events. */
  public int size() {
    return events.size;
  }

  public long endTime() {
    return Math.max(outcome.time(), size() == 0 ? 0 : time(size() - 1));
  }

  public long time(int i) {
    return events.time[i];
  }

  public int cpu(int i) {
    return events.cpu[i];
  }

  public EventKind kind(int i) {
    return TraceRecorder.kind(events.kind[i]);
  }

  public long a(int i) {
    return events.a[i];
  }

  public long b(int i) {
    return events.b[i];
  }

  public int kernel(int i) {
    int l = events.loc[i];
    return l < 0 ? -1 : (l >>> 24) & 0xFF;
  }

  public int fn(int i) {
    int l = events.loc[i];
    return l < 0 ? -1 : (l >>> 12) & 0xFFF;
  }

  public int pc(int i) {
    int l = events.loc[i];
    return l < 0 ? -1 : l & 0xFFF;
  }

  public TraceEvent event(int i) {
    return new TraceEvent(i, time(i), cpu(i), kind(i), kernel(i), fn(i), pc(i), a(i), b(i));
  }

  /** The op that caused event i, if it was caused by one. */
  public Optional<Op> op(int i) {
    int k = kernel(i);
    int f = fn(i);
    int pc = pc(i);
    if (k < 0 || f < 0) {
      return Optional.empty();
    }
    List<Op> ops = program.kernel(k).function(f).ops();
    return pc >= 0 && pc < ops.size() ? Optional.of(ops.get(pc)) : Optional.empty();
  }

  /** Every mark, in event order. */
  public List<Mark> marks() {
    return marks;
  }

  /** Marks from mark ops only, in event order: the ones a teacher placed. */
  public List<Mark> namedMarks() {
    return namedMarks;
  }

  public Optional<Mark> firstMark(String name) {
    for (int i = 0; i < markEvents.length; i++) {
      if (markName(i).equals(name)) {
        return Optional.of(marks.get(i));
      }
    }
    return Optional.empty();
  }

  /** Number of marks: {@code marks().size()} without making any. */
  public int markCount() {
    return markEvents.length;
  }

  /** The event index of mark i (of {@link #marks()}), without making the mark. */
  public int markEvent(int i) {
    return markEvents[i];
  }

  /**
   * The name of mark i (of {@link #marks()}) without building its label: a constant for the
   * simulator's marks, the op's name for a scenario's.
   */
  public String markName(int i) {
    int e = markEvents[i];
    return switch (kind(e)) {
      case MARK -> ((Op.Mark) op(e).orElseThrow()).mark();
      case IPI_SEND -> "ipi-sent";
      case IPI_DELIVER, IRQ_RAISE, TIMER_FIRE, APIC_ERROR -> "irr-set";
      case IRQ_ENTRY -> "isr-set";
      case EOI -> "eoi";
      case NMI_ENTRY -> "nmi";
      case OOPS -> "oops";
      case KEXEC -> "kexec";
      case HANG -> "hang";
      default -> throw new IllegalStateException("event " + e + " is not a mark");
    };
  }

  /** Whether mark i (of {@link #marks()}) is one the simulator sets rather than a mark op. */
  public boolean markBuiltIn(int i) {
    return kind(markEvents[i]) != EventKind.MARK;
  }

  /** The first mark after event index {@code event}, among {@code list}; O(log n). */
  public static Optional<Mark> next(List<Mark> list, int event) {
    int lo = 0;
    int hi = list.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (list.get(mid).event() <= event) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < list.size() ? Optional.of(list.get(lo)) : Optional.empty();
  }

  /** The last mark before event index {@code event}, among {@code list}; O(log n). */
  public static Optional<Mark> previous(List<Mark> list, int event) {
    int lo = 0;
    int hi = list.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (list.get(mid).event() < event) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo > 0 ? Optional.of(list.get(lo - 1)) : Optional.empty();
  }

  public List<Phase> phases() {
    return phases;
  }

  /** The first event index at or after time t; O(log n). */
  public int indexAtTime(long t) {
    int lo = 0;
    int hi = size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time(mid) < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  public int keyframeInterval() {
    return keyframeInterval;
  }

  public int keyframeCount() {
    return keyframes.length;
  }

  /** Keyframe k as kept (shared with its neighbours: never run or change it). For tests. */
  Machine keyframe(int k) {
    return keyframes[k];
  }

  /** The position keyframe k was taken at. */
  int keyframePosition(int k) {
    return keyPositions[k];
  }

  /** The machine as the run left it. Read only. */
  public Machine finalState() {
    return finalState;
  }

  /**
   * The machine state at position p (after p events): the nearest keyframe at or before p, then the
   * steps up to p re-run from it. Cost is bounded by the keyframe interval. The returned machine is
   * the caller's own.
   */
  public Machine stateAt(int position) {
    if (position < 0 || position > size()) {
      throw new IndexOutOfBoundsException("position " + position + " is not in 0.." + size());
    }
    int k = keyframeBefore(position);
    Machine m = keyframes[k].copy();
    advance(m, keyPositions[k], position);
    return m;
  }

  /**
   * The machine states at {@code position} and at {@code position - 1} (the same machine twice at
   * 0), from one keyframe copy and one replay: what a frame of the window shows. Both are the
   * caller's own.
   */
  public Machine[] stateAndPrevious(int position) {
    if (position < 0 || position > size()) {
      throw new IndexOutOfBoundsException("position " + position + " is not in 0.." + size());
    }
    if (position == 0) {
      Machine m = stateAt(0);
      return new Machine[] {m, m};
    }
    int k = keyframeBefore(position - 1);
    Machine m = keyframes[k].copy();
    int at = advance(m, keyPositions[k], position - 1);
    Machine before = m.copy();
    advance(m, at, position);
    return new Machine[] {m, before};
  }

  int keyframeBefore(int position) {
    int lo = 0;
    int hi = keyPositions.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (keyPositions[mid] <= position) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * Steps machine m, now at position {@code from}, until it reaches {@code to}; returns the
   * position reached (past {@code to} when the last step emitted several events).
   */
  static int advance(Machine m, int from, int to) {
    if (from >= to) {
      return from;
    }
    int[] count = {from};
    m.setSink((t, c, k, kernel, fn, pc, a, b) -> count[0]++);
    while (count[0] < to && m.step()) {
      // each step reports its events through the counting sink
    }
    m.setSink(org.apicflow.machine.EventSink.NONE);
    return count[0];
  }

  /** Replays from the initial state with no keyframes: the reference that seeking must equal. */
  public Machine replayFromStart(int position) {
    Machine m = keyframes[0].copy();
    advance(m, 0, position);
    return m;
  }

  // ---------------------------------------------------------------- marks and phases

  /** Mark event indices: every mark, in event order. */
  private int[] buildMarkEvents() {
    int[] idx = new int[64];
    int n = 0;
    boolean hangSeen = false;
    for (int i = 0; i < size(); i++) {
      boolean mark =
          switch (kind(i)) {
            case MARK, IPI_SEND, IRQ_ENTRY, NMI_ENTRY, OOPS, KEXEC -> true;
            case IPI_DELIVER, IRQ_RAISE, TIMER_FIRE, APIC_ERROR ->
                b(i) == EventKind.Delivery.IRR_SET.ordinal();
            case EOI -> a(i) >= 0;
            case HANG -> !hangSeen;
            default -> false;
          };
      if (kind(i) == EventKind.HANG) {
        hangSeen = true;
      }
      if (mark) {
        if (n == idx.length) {
          idx = java.util.Arrays.copyOf(idx, n * 2);
        }
        idx[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(idx, n);
  }

  /** The marks as a list; each Mark is made when asked for (a long run has ~100k of them). */
  private List<Mark> markList() {
    int[] events = markEvents;
    return new java.util.AbstractList<>() {
      @Override
      public Mark get(int i) {
        return markAt(events[i]);
      }

      @Override
      public int size() {
        return events.length;
      }
    };
  }

  private List<Mark> buildNamedMarks() {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      if (kind(i) == EventKind.MARK) {
        idx.add(i);
      }
    }
    return idx.stream().map(this::markAt).toList();
  }

  /** The mark that event i is (its kind must be one that marks). */
  private Mark markAt(int i) {
    String name;
    String label;
    boolean builtIn = true;
    switch (kind(i)) {
      case MARK -> {
        Op.Mark m = (Op.Mark) op(i).orElseThrow();
        name = m.mark();
        label = m.label().replace("{vector}", vectorText(a(i)));
        builtIn = false;
      }
      case IPI_SEND -> {
        name = "ipi-sent";
        label = "IPI sent by CPU " + cpu(i);
      }
      case IPI_DELIVER, IRQ_RAISE, TIMER_FIRE, APIC_ERROR -> {
        name = "irr-set";
        label = "IRR set on CPU " + cpu(i);
      }
      case IRQ_ENTRY -> {
        name = "isr-set";
        label = "CPU " + cpu(i) + " takes " + vectorText(a(i));
      }
      case EOI -> {
        name = "eoi";
        label = "EOI " + vectorText(a(i)) + " on CPU " + cpu(i);
      }
      case NMI_ENTRY -> {
        name = "nmi";
        label = "CPU " + cpu(i) + " takes an NMI";
      }
      case OOPS -> {
        name = "oops";
        label = "Oops on CPU " + cpu(i);
      }
      case KEXEC -> {
        name = "kexec";
        label = "CPU " + cpu(i) + " jumps into " + program.kernel((int) a(i)).name();
      }
      case HANG -> {
        name = "hang";
        label = "Hang";
      }
      default -> throw new IllegalArgumentException("event " + i + " is not a mark");
    }
    return new Mark(name, label, i, time(i), cpu(i), builtIn);
  }

  private List<Phase> buildPhases() {
    List<Phase> out = new ArrayList<>();
    String name = null;
    int first = 0;
    int cpu = 0;
    for (int i = 0; i < size(); i++) {
      if (kind(i) == EventKind.PHASE) {
        if (name != null) {
          out.add(new Phase(name, first, i, time(first), time(i), cpu));
        }
        name = ((Op.Phase) op(i).orElseThrow()).phase();
        first = i;
        cpu = cpu(i);
      }
    }
    if (name != null) {
      out.add(new Phase(name, first, size(), time(first), endTime(), cpu));
    }
    return out;
  }

  private static final String[] VECTOR_TEXT = new String[256];

  static {
    for (int v = 0; v < 256; v++) {
      VECTOR_TEXT[v] = String.format("0x%02X", v);
    }
  }

  /** A vector as the app prints it: 0x40, or NMI for 256. Cached: no formatting per call. */
  public static String vectorText(long v) {
    if (v == 256) {
      return "NMI";
    }
    return v >= 0 && v < 256 ? VECTOR_TEXT[(int) v] : String.format("0x%02X", v);
  }
}
