package org.apicflow.ui.timeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apicflow.trace.Trace;

/**
 * A time axis that folds long idle stretches: between two consecutive knot times a gap longer than
 * three knees {@code c} is folded: drawn at about 6% of the run's unfolded length instead of its
 * full length (a little longer the longer it is), so a 1 s wait does not squash the microseconds
 * around it, and it still looks longer than a short one. Every folded gap is a {@link Fold} the
 * timeline draws as a break; elsewhere the axis is linear, so its ticks can be read as a ruler.
 */
public final class TimeAxis {
  /** A folded stretch: where it sits on the axis and how long it really is. */
  public record Fold(double axisStart, double axisEnd, long start, long end) {
    public long duration() {
      return end - start;
    }
  }

  private final long[] times;
  private final double[] axis;
  private final List<Fold> folds;
  private final double knee;

  private TimeAxis(long[] times, double[] axis, List<Fold> folds, double knee) {
    this.times = times;
    this.axis = axis;
    this.folds = List.copyOf(folds);
    this.knee = knee;
  }

  /** The folded axis of a trace: knots at every distinct event time and at its end. */
  public static TimeAxis of(Trace t) {
    long[] raw = new long[t.size() + 2];
    raw[0] = 0;
    for (int i = 0; i < t.size(); i++) {
      raw[i + 1] = t.time(i);
    }
    raw[t.size() + 1] = Math.max(t.endTime(), 1);
    return of(raw);
  }

  /** The folded axis over a sorted list of times. */
  public static TimeAxis of(long[] sortedTimes) {
    long[] distinct = Arrays.stream(sortedTimes).distinct().sorted().toArray();
    if (distinct.length < 2) {
      distinct = new long[] {0, 1};
    }
    long[] gaps = new long[distinct.length - 1];
    for (int i = 1; i < distinct.length; i++) {
      gaps[i - 1] = distinct[i] - distinct[i - 1];
    }
    long[] sorted = gaps.clone();
    Arrays.sort(sorted);
    long median = sorted[sorted.length / 2];
    // the knee follows the activity, not the span: a long wait must not set the scale
    double knee = Math.max(5.0 * median, 1);
    // the unfolded gaps set how long a fold is drawn: a few percent of the run's activity, so
    // breaks stay small beside what happens (a longer wait still a little longer)
    double linear = 0;
    for (long g : gaps) {
      if (g <= 3 * knee) {
        linear += g;
      }
    }
    double fold = Math.max(1, linear * 0.06);
    double[] axis = new double[distinct.length];
    List<Fold> folds = new ArrayList<>();
    for (int i = 1; i < distinct.length; i++) {
      long g = gaps[i - 1];
      double len = g <= 3 * knee ? g : fold * (1 + 0.1 * Math.log(g / (3 * knee)));
      axis[i] = axis[i - 1] + len;
      if (g > 3 * knee) {
        folds.add(new Fold(axis[i - 1], axis[i], distinct[i - 1], distinct[i]));
      }
    }
    return new TimeAxis(distinct, axis, folds, knee);
  }

  public double length() {
    return axis[axis.length - 1];
  }

  public List<Fold> folds() {
    return folds;
  }

  public double knee() {
    return knee;
  }

  /** Axis units of a time. */
  public double toAxis(long t) {
    int i = Arrays.binarySearch(times, t);
    if (i >= 0) {
      return axis[i];
    }
    int hi = -i - 1;
    if (hi <= 0) {
      return axis[0];
    }
    if (hi >= times.length) {
      return axis[axis.length - 1];
    }
    int lo = hi - 1;
    double f = (t - times[lo]) / (double) (times[hi] - times[lo]);
    return axis[lo] + f * (axis[hi] - axis[lo]);
  }

  /** The time at an axis position (inverse of {@link #toAxis}). */
  public long toTime(double a) {
    int i = Arrays.binarySearch(axis, a);
    if (i >= 0) {
      return times[i];
    }
    int hi = -i - 1;
    if (hi <= 0) {
      return times[0];
    }
    if (hi >= axis.length) {
      return times[times.length - 1];
    }
    int lo = hi - 1;
    double f = (a - axis[lo]) / (axis[hi] - axis[lo]);
    return times[lo] + Math.round(f * (times[hi] - times[lo]));
  }
}
