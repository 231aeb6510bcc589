package dev.modelkit.experiments.internal.stats;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Gamma;

/**
 * The few distribution functions the tests need, from Hipparchus, computed on the side that
 * keeps precision: two-sided p-values from the lower tail (never {@code 1 - cdf}), chi-square
 * survival from the regularised upper incomplete gamma function.
 */
public final class Distributions {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private Distributions() {}

  /**
   * @param x a value
   * @return the standard normal cumulative probability
   */
  public static double normalCdf(double x) {
    return STANDARD_NORMAL.cumulativeProbability(x);
  }

  /**
   * @param x a value
   * @return the standard normal density
   */
  public static double normalPdf(double x) {
    return STANDARD_NORMAL.density(x);
  }

  /**
   * @param p a probability in (0, 1)
   * @return the standard normal quantile
   */
  public static double normalQuantile(double p) {
    return STANDARD_NORMAL.inverseCumulativeProbability(p);
  }

  /**
   * @param z a z statistic
   * @return its two-sided p-value
   */
  public static double normalTwoSided(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return Math.min(1, 2 * normalCdf(-Math.abs(z)));
  }

  /**
   * @param t a t statistic
   * @param df degrees of freedom
   * @return its two-sided p-value
   */
  public static double tTwoSided(double t, double df) {
    if (Double.isNaN(t) || Double.isNaN(df)) {
      return Double.NaN;
    }
    return Math.min(1, 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t)));
  }

  /**
   * @param p a probability in (0, 1)
   * @param df degrees of freedom
   * @return the t quantile
   */
  public static double tQuantile(double p, double df) {
    return new TDistribution(df).inverseCumulativeProbability(p);
  }

  /**
   * @param x a chi-square statistic
   * @param df degrees of freedom
   * @return P(X &gt;= x)
   */
  public static double chiSquareSurvival(double x, int df) {
    if (x <= 0) {
      return 1;
    }
    return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
  }
}
