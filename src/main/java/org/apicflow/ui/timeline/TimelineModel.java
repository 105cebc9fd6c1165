package org.apicflow.ui.timeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.Machine;
import org.apicflow.trace.Trace;

/**
 * Everything the timeline draws that depends on the trace alone, computed once per trace: the lanes
 * (what each CPU did when), the IPI arrows, and the folded time axis.
 */
public final class TimelineModel {
  /** One stretch of a lane. Events [firstEvent, endEvent), times [start, end). */
  public record Segment(
      LaneKind kind, String label, int firstEvent, int endEvent, long start, long end) {}

  /**
   * The index of the first segment of {@code lane} whose end, in pixels by {@code endX}, is at or
   * right of {@code x} (lane.size() if none): where drawing from the left edge starts.
   */
  static int firstEndingFrom(List<Segment> lane, ToDoubleFunction<Segment> endX, double x) {
    int lo = 0;
    int hi = lane.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (endX.applyAsDouble(lane.get(mid)) < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A message from sender to one target: sent at one event, delivered at another. */
  public record Arrow(
      int from, int to, int sendEvent, int deliverEvent, long sent, long delivered, int mode) {}

  private static final int MAX_ARROWS = 20_000;

  private final Trace trace;
  private final List<List<Segment>> lanes;
  private final List<Arrow> arrows;
  private final TimeAxis axis;
  private final long[] knots;
  private final MarkTrack marks;

  /**
   * Only the start of a run while the rest is simulated: the run's outcome is not known yet, so the
   * timeline draws no outcome flag.
   */
  private boolean partial;

  /** The model of the start of a run (see {@link #partial()}). */
  public static TimelineModel ofStart(Trace start) {
    TimelineModel m = new TimelineModel(start);
    m.partial = true;
    return m;
  }

  public boolean partial() {
    return partial;
  }

  public TimelineModel(Trace trace) {
    this.trace = trace;
    this.marks = new MarkTrack(trace);
    this.lanes = buildLanes(trace);
    this.arrows = buildArrows(trace);
    this.knots = knots(trace, lanes, arrows);
    this.axis = TimeAxis.of(knots);
  }

  /** The times at which something visible changes, ascending (the axis's knots). */
  public long[] knots() {
    return knots.clone();
  }

  /**
   * The times at which something visible changes: a lane, an arrow, a mark, a phase, the start and
   * the end. Events that change nothing on screen (a spinning CPU polling) are no knots, so a long
   * spin folds like any idle wait instead of squashing the rest of the run into its first pixels.
   */
  static long[] knots(Trace t, List<List<Segment>> lanes, List<Arrow> arrows) {
    java.util.TreeSet<Long> k = new java.util.TreeSet<>();
    k.add(0L);
    k.add(Math.max(1, t.endTime()));
    for (List<Segment> lane : lanes) {
      for (Segment s : lane) {
        k.add(s.start());
        k.add(s.end());
      }
    }
    for (Arrow a : arrows) {
      k.add(a.sent());
      k.add(a.delivered());
    }
    for (int i = 0; i < t.markCount(); i++) {
      k.add(t.time(t.markEvent(i)));
    }
    for (org.apicflow.trace.Phase p : t.phases()) {
      k.add(p.start());
      k.add(p.end());
    }
    k.add(t.outcome().time());
    return k.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * A mark's name as the timeline prints it: short, and in words rather than ids. A mark the
   * scenario placed reads as its label while that is short ("panic() on CPU 0"), else as the
   * label's first clause; the simulator's own marks get fixed words.
   */
  public static String shortLabel(org.apicflow.trace.Mark m) {
    if (m.builtIn()) {
      return builtInLabel(m.name());
    }
    String l = m.label() == null ? "" : m.label().strip();
    if (l.isEmpty()) {
      return m.name().replace('-', ' ');
    }
    if (l.length() <= 24) {
      return l;
    }
    for (String cut : new String[] {" in ", " -> ", ": ", "; ", ", "}) {
      int i = l.indexOf(cut);
      if (i >= 4 && i <= 24) {
        return l.substring(0, i);
      }
    }
    return m.name().replace('-', ' ');
  }

  /** The timeline's words for one of the simulator's own marks. */
  static String builtInLabel(String name) {
    return switch (name) {
      case "ipi-sent" -> "IPI sent";
      case "irr-set" -> "IRR set";
      case "isr-set" -> "ISR set";
      case "eoi" -> "EOI";
      case "nmi" -> "NMI";
      case "oops" -> "OOPS";
      case "hang" -> "HANG";
      case "kexec" -> "kexec";
      default -> name.replace('-', ' ');
    };
  }

  public Trace trace() {
    return trace;
  }

  /** The trace's marks as the timeline draws them, in primitive arrays (built once). */
  public MarkTrack markTrack() {
    return marks;
  }

  public List<List<Segment>> lanes() {
    return lanes;
  }

  public List<Arrow> arrows() {
    return arrows;
  }

  public TimeAxis axis() {
    return axis;
  }

  private static final class LaneState {
    LaneKind base;
    boolean iflag;
    boolean forever;
    final Deque<Object[]> stack = new ArrayDeque<>();
    LaneKind shown;
    String label;
    int since;
    long sinceTime;
  }

  private static List<List<Segment>> buildLanes(Trace t) {
    Machine m0 = t.stateAt(0);
    int n = m0.cpuCount();
    List<List<Segment>> out = new ArrayList<>();
    LaneState[] st = new LaneState[n];
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
      Cpu c = m0.cpu(i);
      LaneState s = new LaneState();
      s.base = c.state() == Cpu.RunState.WAIT_SIPI ? LaneKind.OFFLINE : LaneKind.RUNNING;
      s.iflag = c.interruptsEnabled();
      s.shown = display(s);
      s.label = s.shown.label;
      st[i] = s;
    }
    for (int e = 0; e < t.size(); e++) {
      int c = t.cpu(e);
      LaneState s = st[c];
      long a = t.a(e);
      switch (t.kind(e)) {
        case IRQ_DISABLE -> s.iflag = false;
        case IRQ_ENABLE -> s.iflag = true;
        case SPIN_BEGIN -> s.base = LaneKind.SPINNING;
        case DELAY_BEGIN -> s.base = LaneKind.DELAY;
        case SPIN_END, DELAY_END, SIPI -> s.base = LaneKind.RUNNING;
        case HLT -> s.base = LaneKind.HALTED;
        case HALT_FOREVER -> {
          s.base = LaneKind.HALTED;
          s.iflag = false;
          s.forever = true;
        }
        case IRQ_ENTRY, NMI_ENTRY -> {
          long v = t.kind(e) == EventKind.NMI_ENTRY ? 256L : a;
          s.stack.push(new Object[] {s.base, s.iflag, v, s.forever});
          s.forever = false;
          s.base = LaneKind.RUNNING;
          s.iflag = false;
        }
        case IRQ_EXIT -> {
          if (!s.stack.isEmpty()) {
            Object[] f = s.stack.pop();
            // hlt returns after the interrupt; halt-forever goes back to sleep
            LaneKind was = (LaneKind) f[0];
            s.base = was == LaneKind.HALTED && !(boolean) f[3] ? LaneKind.RUNNING : was;
            s.iflag = (boolean) f[1];
            s.forever = (boolean) f[3];
          }
        }
        case OOPS, STUCK -> {
          s.base = LaneKind.OOPS;
          s.stack.clear();
        }
        case KEXEC -> {
          s.base = LaneKind.RUNNING;
          s.iflag = false;
          s.stack.clear();
        }
        case INIT -> {
          s.base = LaneKind.OFFLINE;
          s.stack.clear();
        }
        case FINISH -> s.base = LaneKind.DONE;
        default -> {}
      }
      LaneKind k = display(s);
      String label = label(s, k);
      if (k != s.shown || !label.equals(s.label)) {
        close(out.get(c), s, e, t.time(e));
        s.shown = k;
        s.label = label;
        s.since = e;
        s.sinceTime = t.time(e);
      }
    }
    long end = t.endTime();
    for (int i = 0; i < n; i++) {
      close(out.get(i), st[i], t.size(), end);
      out.set(i, List.copyOf(out.get(i)));
    }
    return List.copyOf(out);
  }

  private static void close(List<Segment> lane, LaneState s, int e, long time) {
    if (e > s.since || time > s.sinceTime || lane.isEmpty()) {
      lane.add(new Segment(s.shown, s.label, s.since, e, s.sinceTime, time));
    }
  }

  private static LaneKind display(LaneState s) {
    if (s.base == LaneKind.RUNNING || s.base == LaneKind.DELAY) {
      if (!s.stack.isEmpty()) {
        return ((long) s.stack.peek()[2]) == 256L ? LaneKind.NMI : LaneKind.HANDLER;
      }
      if (!s.iflag) {
        return LaneKind.IF_OFF;
      }
    }
    return s.base;
  }

  /** "handler 0x40" for each vector: one string per vector, not one per segment of a run. */
  private static final String[] HANDLER_LABELS = new String[256];

  static {
    for (int v = 0; v < 256; v++) {
      HANDLER_LABELS[v] = String.format("handler 0x%02X", v);
    }
  }

  private static String label(LaneState s, LaneKind k) {
    if (k == LaneKind.HALTED && s.forever) {
      return "halted for ever";
    }
    if (k == LaneKind.HANDLER) {
      return HANDLER_LABELS[(int) ((long) s.stack.peek()[2] & 0xFF)];
    }
    return k.label;
  }

  private static List<Arrow> buildArrows(Trace t) {
    Map<Long, Integer> sends = new HashMap<>();
    List<Arrow> out = new ArrayList<>();
    for (int e = 0; e < t.size() && out.size() < MAX_ARROWS; e++) {
      EventKind k = t.kind(e);
      if (k == EventKind.IPI_SEND) {
        sends.put(t.a(e), e);
      } else if (k == EventKind.IPI_DELIVER) {
        Integer s = sends.get(t.a(e));
        if (s != null) {
          int mode = (int) ((t.b(s) >>> 8) & 7);
          out.add(new Arrow(t.cpu(s), t.cpu(e), s, e, t.time(s), t.time(e), mode));
        }
      }
    }
    return List.copyOf(out);
  }
}
