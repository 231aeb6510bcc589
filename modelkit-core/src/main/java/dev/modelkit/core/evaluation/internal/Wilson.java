package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.ConfidenceInterval;
import java.util.Locale;

/**
 * Wilson's score interval for a binomial proportion (Wilson 1927): the set of proportions p for
 * which the observed share is within z standard errors, the standard error taken at p itself
 * rather than at the observed share. Unlike the textbook Wald interval it never leaves [0, 1], is
 * not of zero width at 0 or n successes, and keeps close to its nominal coverage for small samples
 * (Brown, Cai and DasGupta 2001, who recommend it), which is why per-group rates use it.
 */
public final class Wilson {
  /** The standard normal quantile for two-sided 95% intervals, Φ⁻¹(0.975). */
  public static final double Z95 = 1.959963984540054;
  /** The coverage every interval of the suite aims at. */
  public static final double LEVEL = 0.95;

  private Wilson() {}

  /**
   * @param successes the count of successes
   * @param n the trials, at least 1
   * @param z the normal quantile
   * @return {low, high}
   * @throws IllegalArgumentException when n is not positive or successes is outside [0, n]
   */
  public static double[] bounds(long successes, long n, double z) {
    if (n <= 0 || successes < 0 || successes > n) {
      throw new IllegalArgumentException("Wilson interval needs 0 <= successes <= n and n > 0; got " + successes
          + " of " + n);
    }
    double p = successes / (double) n;
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
    // At 0 (or n) successes the exact bound is 0 (or 1); rounding would leave 1e-17 there.
    double low = successes == 0 ? 0 : Math.max(0, centre - half);
    double high = successes == n ? 1 : Math.min(1, centre + half);
    return new double[] {low, high};
  }

  /**
   * The 95% interval of a rate, or the reason none is given.
   *
   * @param successes the rate's numerator
   * @param n its denominator
   * @param minRows the fewest rows for an interval to be given
   * @param what the denominator in words, for the caveat ("rows", "actual positives")
   * @return the interval; withheld when n is below minRows
   */
  public static ConfidenceInterval interval(long successes, long n, int minRows, String what) {
    String method = "Wilson score interval";
    if (n == 0) {
      return ConfidenceInterval.withheld(LEVEL, 0, method, "no " + what + ": the rate is undefined");
    }
    if (n < minRows) {
      return ConfidenceInterval.withheld(LEVEL, n, method, String.format(Locale.ROOT,
          "only %d %s (fewer than %d): too few for a meaningful interval", n, what, minRows));
    }
    double[] b = bounds(successes, n, Z95);
    return new ConfidenceInterval(b[0], b[1], LEVEL, n, method, null);
  }
}
