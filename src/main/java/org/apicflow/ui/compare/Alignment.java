package org.apicflow.ui.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apicflow.trace.Divergence;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;

/**
 * Several runs aligned on an anchor mark: the shared cursor is a time offset from each run's
 * anchor, and every run shows the position that offset reaches in it. At offset 0 each run sits
 * exactly on its anchor mark (the state the mark shows); elsewhere a run has applied every event
 * whose offset from its anchor is at or before the cursor. A value: the cursor itself lives in
 * {@link CompareViewModel}.
 *
 * <p>The cursor moves over {@link #offsets()}: the distinct offsets at which any run has an event,
 * plus 0 and one "before everything" offset, so stepping visits every change of every run once.
 */
public final class Alignment {
  /** The anchor name that means "align the runs on their start" (time 0). */
  public static final String START = "start";

  private final List<Trace> traces;
  private final String anchor;
  private final long[] anchorTime;
  private final int[] anchorEvent;
  private final long[] offsets;
  private final long[] markOffsets;

  public Alignment(List<Trace> traces, String anchor) {
    this.traces = List.copyOf(traces);
    this.anchor = anchor;
    int n = traces.size();
    anchorTime = new long[n];
    anchorEvent = new int[n];
    long first = 0;
    for (int i = 0; i < n; i++) {
      Trace t = traces.get(i);
      Optional<Mark> m = START.equals(anchor) ? Optional.empty() : t.firstMark(anchor);
      anchorTime[i] = m.map(Mark::time).orElse(0L);
      anchorEvent[i] = m.map(Mark::event).orElse(-1);
      if (t.size() > 0) {
        first = Math.min(first, t.time(0) - anchorTime[i]);
      }
    }
    int total = 2;
    for (Trace t : traces) {
      total += t.size();
    }
    long[] all = new long[total];
    int k = 0;
    all[k++] = 0;
    all[k++] = first - 1; // every run before its first event
    List<Long> marks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Trace t = traces.get(i);
      for (int e = 0; e < t.size(); e++) {
        all[k++] = t.time(e) - anchorTime[i];
      }
      for (Mark m : t.marks()) {
        marks.add(m.time() - anchorTime[i]);
      }
    }
    offsets = Arrays.stream(all).distinct().sorted().toArray();
    markOffsets = marks.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
  }

  /**
   * The mark names every run has, the ones a scenario placed first (in the first run's order), then
   * the simulator's own; {@link #START} is always a choice and comes last.
   */
  public static List<String> sharedMarks(List<Trace> traces) {
    if (traces.isEmpty()) {
      return List.of(START);
    }
    Set<String> out = new LinkedHashSet<>();
    Trace first = traces.get(0);
    for (Mark m : first.namedMarks()) {
      if (inAll(traces, m.name())) {
        out.add(m.name());
      }
    }
    for (Mark m : first.marks()) {
      if (inAll(traces, m.name())) {
        out.add(m.name());
      }
    }
    out.add(START);
    return List.copyOf(out);
  }

  private static boolean inAll(List<Trace> traces, String name) {
    for (Trace t : traces) {
      if (t.firstMark(name).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The default anchor: where the runs start to differ (the first shared mark at which their
   * machines are not alike, see {@link Divergence}), so the panels show what each fix changed; runs
   * that never differ (or a single run) align on the first named mark all share, else on the start.
   */
  public static String defaultAnchor(List<Trace> traces) {
    List<String> shared = sharedMarks(traces);
    return Divergence.anchor(traces).filter(shared::contains).orElse(shared.get(0));
  }

  public String anchor() {
    return anchor;
  }

  public List<Trace> traces() {
    return traces;
  }

  public int runCount() {
    return traces.size();
  }

  /** The cursor's possible offsets (ns from the anchor), ascending. */
  public long[] offsets() {
    return offsets.clone();
  }

  public int size() {
    return offsets.length;
  }

  public long offset(int index) {
    return offsets[Math.max(0, Math.min(offsets.length - 1, index))];
  }

  /** The index of offset 0: every run at its anchor. */
  public int anchorIndex() {
    return indexAtOrBefore(0);
  }

  /**
   * The first cursor index at or after the anchor at which the runs' machines are not alike (see
   * {@link Divergence}): where a comparison starts to show something. The anchor's index when they
   * never part; looks at most {@code limit} steps ahead.
   */
  public int firstDifferenceIndex(int limit) {
    int from = anchorIndex();
    if (traces.size() < 2) {
      return from;
    }
    for (int i = from; i < offsets.length && i < from + limit; i++) {
      long d = offsets[i];
      List<Divergence.CpuView> ref = null;
      for (int r = 0; r < traces.size(); r++) {
        List<Divergence.CpuView> v = Divergence.viewAt(traces.get(r), position(r, d) - 1);
        if (ref == null) {
          ref = v;
        } else if (!Divergence.alike(ref, v)) {
          return i;
        }
      }
    }
    return from;
  }

  /** The last index whose offset is at or before {@code delta} (0 when none is). */
  public int indexAtOrBefore(long delta) {
    int i = Arrays.binarySearch(offsets, delta);
    if (i >= 0) {
      return i;
    }
    return Math.max(0, -i - 2);
  }

  /** The index of the next mark of any run after {@code index}, or -1. */
  public int nextMark(int index) {
    long d = offset(index);
    for (long m : markOffsets) {
      if (m > d) {
        return indexAtOrBefore(m);
      }
    }
    return -1;
  }

  /** The index of the last mark of any run before {@code index}, or -1. */
  public int previousMark(int index) {
    long d = offset(index);
    for (int i = markOffsets.length - 1; i >= 0; i--) {
      if (markOffsets[i] < d) {
        return indexAtOrBefore(markOffsets[i]);
      }
    }
    return -1;
  }

  public long anchorTime(int run) {
    return anchorTime[run];
  }

  /** The cursor position run {@code run} shows at offset {@code delta}. */
  public int position(int run, long delta) {
    Trace t = traces.get(run);
    int atAnchor = anchorEvent[run] + 1;
    if (delta == 0) {
      return atAnchor;
    }
    long at = anchorTime[run] + delta;
    if (at < 0) {
      return 0;
    }
    int p = t.indexAtTime(at + 1); // every event at or before that time
    return delta > 0 ? Math.max(atAnchor, p) : Math.min(atAnchor, p);
  }

  /** The offset of run {@code run} at cursor position {@code position} (for scrubbing a strip). */
  public long offsetOf(int run, int position) {
    Trace t = traces.get(run);
    if (position <= 0) {
      return offsets[0];
    }
    if (position == anchorEvent[run] + 1) {
      return 0;
    }
    return t.time(Math.min(position, t.size()) - 1) - anchorTime[run];
  }

  /** True when run {@code run} has no more events at or after offset {@code delta}. */
  public boolean ended(int run, long delta) {
    Trace t = traces.get(run);
    return position(run, delta) >= t.size() && anchorTime[run] + delta >= t.endTime();
  }

  /** How a time offset reads: "panic + 1.2 us", "panic − 300 ns", "at panic". */
  public String describe(long delta) {
    String name = START.equals(anchor) ? "start" : anchor;
    if (delta == 0) {
      return "at " + name;
    }
    if (delta == offsets[0] && delta < 0) {
      return "before the first event";
    }
    return name + (delta > 0 ? " + " : " \u2212 ") + Times.format(Math.abs(delta));
  }
}
