package org.apicflow.ui.timeline;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Paint;
import org.apicflow.ui.timeline.TimelineModel.Segment;

/**
 * One group of CPUs as a single timeline row: in each pixel column, a stacked bar of how many of
 * the group's CPUs are in each state there (the most telling states at the bottom, in the lane
 * colours). Columns that look the same are drawn as one stretch, so a long quiet run costs a few
 * rectangles. The counts of the last drawing are kept for the tooltip.
 */
final class DensityStrip {
  /** Where a stretch starting or ending at an event boundary is drawn (the canvas's mapping). */
  interface XMap {
    double x(long time, int event);
  }

  /** Stacking order, bottom up: what a reader looks for first sits on the base line. */
  static final LaneKind[] ORDER = {
    LaneKind.OOPS,
    LaneKind.NMI,
    LaneKind.HANDLER,
    LaneKind.SPINNING,
    LaneKind.IF_OFF,
    LaneKind.RUNNING,
    LaneKind.DELAY,
    LaneKind.HALTED,
    LaneKind.DONE,
    LaneKind.OFFLINE
  };

  private static final int K = LaneKind.values().length;

  private int left;
  private int cols;

  /** counts[col * K + kind.ordinal()]: the CPUs of the group in that state in that column. */
  private int[] counts = new int[0];

  private int cpus;

  /**
   * Counts, then draws, the group's CPUs [first, last] between x {@code left} and {@code right}:
   * each CPU adds itself to every column its stretches cover (one stretch per column, the first
   * there, as the lanes are drawn).
   */
  void draw(
      GraphicsContext g,
      TimelineModel m,
      int first,
      int last,
      XMap xm,
      double left,
      double right,
      double plotLeft,
      double plotRight,
      boolean toEnd,
      double y,
      double h,
      Function<LaneKind, Paint> fill) {
    count(m, first, last, xm, left, right, plotLeft, plotRight, toEnd);
    int run = 0;
    while (run < this.cols) {
      int end = run + 1;
      while (end < this.cols && same(run, end)) {
        end++;
      }
      double acc = 0;
      for (LaneKind k : ORDER) {
        int c = counts[run * K + k.ordinal()];
        if (c == 0) {
          continue;
        }
        double bh = h * c / Math.max(1, cpus);
        g.setFill(fill.apply(k));
        g.fillRect(this.left + run, y + h - acc - bh, end - run, bh);
        acc += bh;
      }
      run = end;
    }
  }

  private boolean same(int a, int b) {
    int pa = a * K;
    int pb = b * K;
    for (int k = 0; k < K; k++) {
      if (counts[pa + k] != counts[pb + k]) {
        return false;
      }
    }
    return true;
  }

  void count(
      TimelineModel m,
      int first,
      int last,
      XMap xm,
      double leftX,
      double rightX,
      double plotLeft,
      double plotRight,
      boolean toEnd) {
    left = (int) Math.floor(leftX);
    cols = Math.max(0, (int) Math.ceil(rightX) - left);
    if (counts.length < cols * K) {
      counts = new int[cols * K];
    } else {
      Arrays.fill(counts, 0, cols * K, 0);
    }
    cpus = last - first + 1;
    for (int c = first; c <= last; c++) {
      List<Segment> lane = m.lanes().get(c);
      int lo = TimelineModel.firstEndingFrom(lane, s -> xm.x(s.end(), s.endEvent()), leftX);
      int painted = 0; // columns [0, painted) of this CPU are counted
      for (int si = Math.max(0, lo - 1); si < lane.size() && painted < cols; si++) {
        Segment s = lane.get(si);
        double x0 = xm.x(s.start(), s.firstEvent());
        if (x0 > rightX) {
          break;
        }
        double x1 = xm.x(s.end(), s.endEvent());
        if (si == 0) {
          x0 = Math.min(x0, plotLeft);
        }
        if (si == lane.size() - 1 && toEnd) {
          x1 = Math.max(x1, plotRight);
        }
        int c0 = Math.max(painted, (int) Math.floor(x0) - left);
        int c1 = Math.min(cols, Math.max(c0 + 1, (int) Math.ceil(x1) - left));
        if (c0 >= cols || x1 < leftX) {
          continue;
        }
        int k = s.kind().ordinal();
        for (int col = c0; col < c1; col++) {
          counts[col * K + k]++;
        }
        painted = Math.max(painted, c1);
      }
    }
  }

  /** What the group's CPUs do at x as the last drawing counted it: "12 running · 4 handler". */
  String describe(double x) {
    int col = (int) Math.floor(x) - left;
    if (col < 0 || col >= cols) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (LaneKind k : ORDER) {
      int c = counts[col * K + k.ordinal()];
      if (c > 0) {
        b.append(b.length() == 0 ? "" : " \u00b7 ").append(c).append(' ').append(k.label);
      }
    }
    return b.toString();
  }

  /** How many of the group's CPUs were counted in state k at x (for tests). */
  int countAt(double x, LaneKind k) {
    int col = (int) Math.floor(x) - left;
    return col < 0 || col >= cols ? 0 : counts[col * K + k.ordinal()];
  }
}
