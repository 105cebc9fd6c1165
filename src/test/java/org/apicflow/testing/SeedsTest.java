package org.apicflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Property tests name the seed of a failing case, and that seed reproduces it first. */
class SeedsTest {
  @Test
  void aFailureNamesItsSeedAndHowToRerunIt() {
    AssertionError e =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                Seeds.check(
                    1234,
                    r -> {
                      throw new AssertionError("PPR was 0x40");
                    }));
    assertThat(e.getMessage())
        .isEqualTo(
            "failed for seed 1234 (rerun this case first with -Dapicflow.seed=1234): PPR was"
                + " 0x40");
  }

  @Test
  void theSeedsAreFixedAndStartAtTheGivenSeed() {
    String before = System.getProperty(Seeds.SEED_PROPERTY);
    try {
      System.setProperty(Seeds.SEED_PROPERTY, "987");
      List<Long> a = Seeds.seeds(5).toList();
      assertThat(a).hasSize(5).startsWith(987L).doesNotHaveDuplicates();
      assertThat(Seeds.seeds(5).toList()).isEqualTo(a);
      long[] drawn = new long[2];
      Seeds.check(a.get(3), r -> drawn[0] = r.nextLong());
      Seeds.check(a.get(3), r -> drawn[1] = r.nextLong());
      assertThat(drawn[0]).isEqualTo(drawn[1]);
    } finally {
      if (before == null) {
        System.clearProperty(Seeds.SEED_PROPERTY);
      } else {
        System.setProperty(Seeds.SEED_PROPERTY, before);
      }
    }
  }
}
