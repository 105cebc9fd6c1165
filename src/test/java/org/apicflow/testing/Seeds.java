package org.apicflow.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Seeds for property tests on JUnit 5 alone: a test is parameterised over {@link #seeds(int)} and
 * runs its body through {@link #check(long, Consumer)}, which names the seed in any failure.
 *
 * <p>The seeds are fixed, so every run checks the same cases. {@code -Dapicflow.seed=N} starts from
 * another seed (a failure's seed reproduces it as the first case), and {@code -Dapicflow.tries=N}
 * changes how many cases each property checks.
 */
public final class Seeds {
  public static final String SEED_PROPERTY = "apicflow.seed";
  public static final String TRIES_PROPERTY = "apicflow.tries";

  /** The first seed when none is given. */
  public static final long DEFAULT_SEED = 0x5EED_A91CL;

  private Seeds() {}

  /** The first seed: {@code -Dapicflow.seed}, or {@link #DEFAULT_SEED}. */
  public static long base() {
    String s = System.getProperty(SEED_PROPERTY);
    if (s == null || s.isBlank()) {
      return DEFAULT_SEED;
    }
    s = s.strip();
    return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
  }

  /** {@code -Dapicflow.tries}, else {@code dflt}. */
  public static int tries(int dflt) {
    return tries(TRIES_PROPERTY, dflt);
  }

  /** The number a system property gives, else {@code dflt}. */
  public static int tries(String property, int dflt) {
    String s = System.getProperty(property);
    return s == null || s.isBlank() ? dflt : Integer.parseInt(s.strip());
  }

  /**
   * {@code n} seeds (or {@code -Dapicflow.tries}), the first {@link #base()}, the others spread
   * from it, for {@code @MethodSource}.
   */
  public static Stream<Long> seeds(int n) {
    long base = base();
    return LongStream.range(0, tries(n)).mapToObj(i -> i == 0 ? base : mix(base + i));
  }

  /** Runs {@code body} on a random generator from {@code seed}; a failure names the seed. */
  public static void check(long seed, Consumer<SplittableRandom> body) {
    try {
      body.accept(new SplittableRandom(seed));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "failed for seed "
              + seed
              + " (rerun this case first with -D"
              + SEED_PROPERTY
              + "="
              + seed
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** One of {@code options}. */
  @SafeVarargs
  public static <T> T oneOf(SplittableRandom r, T... options) {
    return options[r.nextInt(options.length)];
  }

  /** An index into {@code weights}, chosen in proportion to them. */
  public static int weighted(SplittableRandom r, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
