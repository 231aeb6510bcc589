package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.evaluation.ConfidenceInterval;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Wilson's interval against the values Newcombe published (Statistics in Medicine 17, 1998, table
 * II, method 3, to four decimals), against an independent root-finding of the score equation, and
 * by simulated coverage.
 */
class WilsonTest {

  @Test
  void matchesNewcombesPublishedValues() {
    // successes, n, lower, upper
    double[][] published = {{81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605}, {0, 20, 0.0000, 0.1611},
        {1, 29, 0.0061, 0.1718}};
    for (double[] row : published) {
      double[] b = Wilson.bounds((long) row[0], (long) row[1], Wilson.Z95);
      assertEquals(row[2], b[0], 0.00005, "lower bound of " + (long) row[0] + "/" + (long) row[1]);
      assertEquals(row[3], b[1], 0.00005, "upper bound of " + (long) row[0] + "/" + (long) row[1]);
    }
  }

  /**
   * The bounds are the two proportions p where the observed share is exactly z standard errors
   * (taken at p) away: (x/n - p)^2 = z^2 p (1 - p) / n. Found here by bisection, not the closed form.
   */
  @Test
  void boundsSolveTheScoreEquationFoundByBisection() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int t = 0; t < 200; t++) {
      int n = 1 + rng.nextInt(2000);
      int x = rng.nextInt(n + 1);
      double[] b = Wilson.bounds(x, n, Wilson.Z95);
      double share = x / (double) n;
      double lower = x == 0 ? 0 : bisect(share, n, 0, share - 1e-12);
      double upper = x == n ? 1 : bisect(share, n, share + 1e-12, 1);
      assertEquals(lower, b[0], 1e-9, x + "/" + n);
      assertEquals(upper, b[1], 1e-9, x + "/" + n);
    }
  }

  private static double bisect(double share, int n, double a, double c) {
    // score(p) = (share - p)^2 - z^2 p (1 - p) / n changes sign once on each side of share
    double fa = score(share, n, a);
    for (int i = 0; i < 200; i++) {
      double m = (a + c) / 2;
      double fm = score(share, n, m);
      if (Math.signum(fm) == Math.signum(fa)) {
        a = m;
        fa = fm;
      } else {
        c = m;
      }
    }
    return (a + c) / 2;
  }

  private static double score(double share, int n, double p) {
    double z = 1.959963984540054;
    return (share - p) * (share - p) - z * z * p * (1 - p) / n;
  }

  @Test
  void coversTheTrueProportionAboutNinetyFivePercentOfTheTime() {
    SplittableRandom rng = new SplittableRandom(2026);
    int covered = 0;
    int trials = 4000;
    for (int t = 0; t < trials; t++) {
      int n = 60;
      double p = 0.2;
      int x = 0;
      for (int i = 0; i < n; i++) {
        x += rng.nextDouble() < p ? 1 : 0;
      }
      double[] b = Wilson.bounds(x, n, Wilson.Z95);
      covered += b[0] <= p && p <= b[1] ? 1 : 0;
    }
    double coverage = covered / (double) trials;
    // Wilson oscillates around its nominal level with n and p; at n=60, p=0.2 it is close to 0.95
    assertTrue(coverage > 0.925 && coverage < 0.975, "coverage " + coverage);
  }

  @Test
  void smallOrEmptyDenominatorsAreWithheldWithTheReason() {
    ConfidenceInterval small = Wilson.interval(3, 13, 30, "rows");
    assertFalse(small.available());
    assertNull(small.low());
    assertEquals(13, small.n());
    assertEquals("only 13 rows (fewer than 30): too few for a meaningful interval", small.caveat());
    ConfidenceInterval none = Wilson.interval(0, 0, 30, "actual positives");
    assertEquals("no actual positives: the rate is undefined", none.caveat());
    ConfidenceInterval given = Wilson.interval(81, 263, 30, "rows");
    assertTrue(given.available() && given.contains(81 / 263.0));
    assertNull(given.caveat());
    assertEquals(263, given.n());
    assertThrows(IllegalArgumentException.class, () -> Wilson.bounds(5, 4, Wilson.Z95));
  }

  @Test
  void anIntervalRecordRefusesHalfOrReversedBounds() {
    assertThrows(IllegalArgumentException.class, () -> new ConfidenceInterval(0.1, null, 0.95, 10, "m", null));
    assertThrows(IllegalArgumentException.class, () -> new ConfidenceInterval(0.5, 0.4, 0.95, 10, "m", null));
    assertThrows(IllegalArgumentException.class, () -> new ConfidenceInterval(0.1, 0.4, 95, 10, "m", null));
    assertFalse(ConfidenceInterval.withheld(0.95, 3, "m", "too few").contains(0.2));
  }
}
