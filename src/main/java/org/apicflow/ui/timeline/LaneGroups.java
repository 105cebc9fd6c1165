package org.apicflow.ui.timeline;

import java.util.Arrays;

/**
 * The timeline's rows at many CPUs: above {@link #GROUP_ABOVE} CPUs the lanes are grouped, 8 or 16
 * CPUs to a group (2, 4, ... times as many where the timeline has too little height for that many
 * strips to read), and each group is one row (a density strip of what its CPUs do) until it is
 * expanded; an expanded group keeps its strip as a heading row and shows a lane per CPU under it.
 * At 32 CPUs or fewer every CPU has its own lane and there are no groups.
 */
public final class LaneGroups {
  /** Up to this many CPUs, a lane per CPU and no groups. */
  public static final int GROUP_ABOVE = 32;

  private final int cpus;
  private final int size;
  private final boolean[] expanded;

  /** Row r shows CPU rows[r] (>= 0), or is the heading of group -rows[r] - 1. */
  private int[] rows;

  /** The row that shows each CPU: its lane, or its group's strip while the group is closed. */
  private int[] rowOf;

  private int focused = -1;

  public LaneGroups(int cpus) {
    this(cpus, groupSize(Math.max(0, cpus)));
  }

  /**
   * The lanes of {@code cpus} CPUs in groups of {@code size} (0: a lane per CPU); {@code size} is
   * at least {@link #groupSize(int)}, so never below 8 or 16 CPUs to a group, and groups only above
   * {@link #GROUP_ABOVE} CPUs.
   */
  public LaneGroups(int cpus, int size) {
    this.cpus = Math.max(0, cpus);
    int least = groupSize(this.cpus);
    this.size = least == 0 ? 0 : Math.max(least, size);
    this.expanded = new boolean[size == 0 ? 0 : (this.cpus + size - 1) / size];
    build();
  }

  /**
   * CPUs per group: none (0) up to {@link #GROUP_ABOVE} CPUs, 8 up to 128 (64 CPUs: eight groups),
   * 16 above (255 CPUs: sixteen groups).
   */
  public static int groupSize(int cpus) {
    if (cpus <= GROUP_ABOVE) {
      return 0;
    }
    return cpus <= 128 ? 8 : 16;
  }

  /** True when some group is open (its lanes shown). */
  public boolean anyExpanded() {
    for (boolean e : expanded) {
      if (e) {
        return true;
      }
    }
    return false;
  }

  /**
   * The same CPUs in groups of another size, every group closed; the keyboard stays on the group
   * holding the first CPU of the group it was on.
   */
  public LaneGroups regrouped(int newSize) {
    LaneGroups g = new LaneGroups(cpus, newSize);
    if (focused >= 0) {
      g.setFocused(g.groupOf(first(focused)));
    }
    return g;
  }

  private void build() {
    int n = 0;
    int[] r = new int[cpus + expanded.length];
    int[] of = new int[cpus];
    if (size == 0) {
      for (int c = 0; c < cpus; c++) {
        of[c] = n;
        r[n++] = c;
      }
    } else {
      for (int g = 0; g < expanded.length; g++) {
        int head = n;
        r[n++] = -g - 1;
        for (int c = first(g); c <= last(g); c++) {
          if (expanded[g]) {
            of[c] = n;
            r[n++] = c;
          } else {
            of[c] = head;
          }
        }
      }
    }
    rows = Arrays.copyOf(r, n);
    rowOf = of;
  }

  public int cpuCount() {
    return cpus;
  }

  /** True when the lanes are grouped (more than {@link #GROUP_ABOVE} CPUs). */
  public boolean grouped() {
    return size > 0;
  }

  /** CPUs per group (0 when not grouped). */
  public int size() {
    return size;
  }

  public int groupCount() {
    return expanded.length;
  }

  /** The first and the last CPU of group g. */
  public int first(int g) {
    return g * size;
  }

  public int last(int g) {
    return Math.min(cpus, (g + 1) * size) - 1;
  }

  /** The group CPU c is in, or -1 when not grouped. */
  public int groupOf(int c) {
    return size == 0 ? -1 : c / size;
  }

  /** How many rows the timeline draws. */
  public int rowCount() {
    return rows.length;
  }

  /** The CPU of row r, or -1 when row r is a group's strip. */
  public int cpuAt(int r) {
    return rows[r] >= 0 ? rows[r] : -1;
  }

  /** The group whose strip row r is, or -1 when row r is a CPU's lane. */
  public int groupAt(int r) {
    return rows[r] < 0 ? -rows[r] - 1 : -1;
  }

  /** The row that shows CPU c: its lane, or its group's strip while the group is closed. */
  public int rowOf(int c) {
    return rowOf[c];
  }

  /** The row of group g's strip. */
  public int rowOfGroup(int g) {
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == -g - 1) {
        return r;
      }
    }
    return -1;
  }

  public boolean isExpanded(int g) {
    return expanded[g];
  }

  /** Opens or closes group g (its lanes shown under its strip, or only the strip). */
  public void setExpanded(int g, boolean on) {
    if (expanded[g] != on) {
      expanded[g] = on;
      build();
    }
  }

  public void toggle(int g) {
    setExpanded(g, !expanded[g]);
  }

  /** The group the keyboard is on, or -1 before the first Up or Down. */
  public int focused() {
    return focused;
  }

  /** Moves the keyboard's group by {@code delta}, within the groups; from none to the first. */
  public void moveFocus(int delta) {
    if (expanded.length == 0) {
      return;
    }
    int to = focused < 0 ? (delta < 0 ? expanded.length - 1 : 0) : focused + delta;
    focused = Math.max(0, Math.min(expanded.length - 1, to));
  }

  /** Puts the keyboard on group g (a click on its name does). */
  public void setFocused(int g) {
    if (g >= 0 && g < expanded.length) {
      focused = g;
    }
  }

  /** The name of group g in the gutter: "CPU 0–7". */
  public String label(int g) {
    return "CPU " + first(g) + "\u2013" + last(g);
  }
}
