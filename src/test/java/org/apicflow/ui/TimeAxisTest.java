package org.apicflow.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.apicflow.ui.timeline.TimeAxis;
import org.junit.jupiter.api.Test;

class TimeAxisTest {
  private final TimeAxis axis =
      TimeAxis.of(new long[] {0, 10, 20, 30, 40, 50, 1_000_000_000L, 1_000_000_010L});

  @Test
  void aLongIdleStretchIsFoldedAndMarked() {
    assertThat(axis.folds()).hasSize(1);
    assertThat(axis.folds().get(0).duration()).isEqualTo(1_000_000_000L - 50);
    // 50 ns of activity against a second of waiting: 5e-8 of the time, over 1% of the axis
    assertThat(axis.toAxis(50) / axis.length()).isGreaterThan(0.01);
    assertThat(axis.length()).isLessThan(10_000);
  }

  @Test
  void theAxisIsMonotoneAndInvertible() {
    double last = -1;
    for (long t : new long[] {0, 5, 10, 35, 50, 500_000_000L, 1_000_000_000L, 1_000_000_010L}) {
      double a = axis.toAxis(t);
      assertThat(a).isGreaterThan(last);
      last = a;
      assertThat(Math.abs(axis.toTime(a) - t)).isLessThanOrEqualTo(Math.max(1, t / 1000));
    }
  }

  @Test
  void shortGapsKeepTheirLength() {
    assertThat(axis.toAxis(30) - axis.toAxis(20)).isEqualTo(10.0);
  }
}
