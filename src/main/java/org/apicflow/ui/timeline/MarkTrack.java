package org.apicflow.ui.timeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Trace;

/**
 * The marks of a trace as the timeline draws them, built once per trace into primitive arrays: the
 * event and time of each, its importance, and its short label as an index into a table of distinct
 * labels. Drawing reads these arrays only; a {@link Mark} is made when a tooltip or a click needs
 * one.
 */
public final class MarkTrack {
  /** Importance: the outcome (oops, hang), a scenario's marks, kexec and NMI, the rest. */
  static final byte OUTCOME = 0;

  static final byte NAMED = 1;
  static final byte MAJOR = 2;
  static final byte MINOR = 3;

  private final Trace trace;
  final int size;
  final int[] event;
  final long[] time;
  final byte[] priority;
  final boolean[] builtIn;
  final int[] label;
  final String[] labels;

  /** Indices of the marks that are not the outcome, by priority, then in event order. */
  final int[] byPriority;

  /** The first mark that is the outcome (oops or hang), or -1. */
  final int outcome;

  MarkTrack(Trace t) {
    this.trace = t;
    int n = t.markCount();
    size = n;
    event = new int[n];
    time = new long[n];
    priority = new byte[n];
    builtIn = new boolean[n];
    label = new int[n];
    Map<String, Integer> ids = new HashMap<>();
    String[] table = new String[16];
    int first = -1;
    int[] count = new int[4];
    for (int i = 0; i < n; i++) {
      int e = t.markEvent(i);
      event[i] = e;
      time[i] = t.time(e);
      boolean b = t.markBuiltIn(i);
      builtIn[i] = b;
      String name = b ? t.markName(i) : null;
      byte p;
      String text;
      if (b) {
        p =
            switch (name) {
              case "oops", "hang" -> OUTCOME;
              case "kexec", "nmi" -> MAJOR;
              default -> MINOR;
            };
        text = TimelineModel.builtInLabel(name);
      } else {
        p = NAMED;
        text = TimelineModel.shortLabel(t.marks().get(i));
      }
      priority[i] = p;
      count[p]++;
      if (p == OUTCOME && first < 0) {
        first = i;
      }
      Integer id = ids.get(text);
      if (id == null) {
        id = ids.size();
        ids.put(text, id);
        if (id == table.length) {
          table = Arrays.copyOf(table, id * 2);
        }
        table[id] = text;
      }
      label[i] = id;
    }
    labels = Arrays.copyOf(table, ids.size());
    outcome = first;
    // a counting sort by priority keeps event order inside each priority
    int[] start = new int[5];
    for (int p = 1; p < 4; p++) {
      start[p + 1] = start[p] + count[p];
    }
    byPriority = new int[n - count[0]];
    for (int i = 0; i < n; i++) {
      int p = priority[i];
      if (p != OUTCOME) {
        byPriority[start[p]++] = i;
      }
    }
  }

  /** Number of marks. */
  public int size() {
    return size;
  }

  /** Mark i as an object (for a tooltip or a jump). */
  public Mark mark(int i) {
    return trace.marks().get(i);
  }

  /** The short label of mark i, as drawn. */
  public String label(int i) {
    return labels[label[i]];
  }
}
