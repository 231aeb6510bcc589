package dev.modelkit.core.monitoring.internal;

import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * The categorical and distance drift statistics, each written to give the same number as the
 * SciPy function Evidently calls for it:
 *
 * <ul>
 *   <li>{@link #chiSquarePValue}: {@code scipy.stats.chisquare(f_obs, f_exp)} where {@code f_exp}
 *       are the reference counts scaled to the current total (Evidently's {@code chisquare}
 *       test);
 *   <li>{@link #proportionZPValue}: the pooled two-proportion z-test, {@code 2 (1 - Phi(|z|))}
 *       (Evidently's {@code z} test for binary columns);
 *   <li>{@link #wasserstein}: {@code scipy.stats.wasserstein_distance(u, v, u_weights,
 *       v_weights)}, the area between the two CDFs;
 *   <li>{@link #jensenShannon}: {@code scipy.spatial.distance.jensenshannon(p, q)}, natural
 *       logarithm, the square root of the divergence;
 *   <li>{@link #psi}: {@code sum (r_i - c_i) ln(r_i / c_i)} over bins, with empty bins set to
 *       0.0001 as Evidently does.
 * </ul>
 */
public final class DistributionTests {
  /** The share an empty bin is given in PSI so that the logarithm stays finite (Evidently's value). */
  public static final double PSI_FLOOR = 0.0001;

  private DistributionTests() {}

  /**
   * @param observed current counts per category
   * @param reference reference counts per category, same order
   * @return the chi-square statistic of the current counts against the reference proportions
   *     scaled to the current total; +infinity when a category absent from the reference occurs
   */
  public static double chiSquareStatistic(double[] observed, double[] reference) {
    double obsTotal = 0;
    double refTotal = 0;
    for (int i = 0; i < observed.length; i++) {
      obsTotal += observed[i];
      refTotal += reference[i];
    }
    double scale = obsTotal / refTotal;
    double stat = 0;
    for (int i = 0; i < observed.length; i++) {
      double expected = reference[i] * scale;
      double diff = observed[i] - expected;
      if (expected == 0) {
        if (observed[i] != 0) {
          return Double.POSITIVE_INFINITY;
        }
        continue;
      }
      stat += diff * diff / expected;
    }
    return stat;
  }

  /**
   * @param statistic a chi-square statistic
   * @param degreesOfFreedom its degrees of freedom, at least 1
   * @return the upper-tail probability
   */
  public static double chiSquareSurvival(double statistic, double degreesOfFreedom) {
    if (statistic == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    if (statistic <= 0) {
      return 1.0;
    }
    return Gamma.regularizedGammaQ(degreesOfFreedom / 2.0, statistic / 2.0, 1e-15, 100_000);
  }

  /**
   * @param observed current counts per category
   * @param reference reference counts per category
   * @return the chi-square test's p-value with {@code k - 1} degrees of freedom, {@code k} the
   *     number of categories; 1 when there is only one category
   */
  public static double chiSquarePValue(double[] observed, double[] reference) {
    if (observed.length < 2) {
      return 1.0;
    }
    return chiSquareSurvival(chiSquareStatistic(observed, reference), observed.length - 1);
  }

  /**
   * @param successes1 successes in the first sample
   * @param n1 its size
   * @param successes2 successes in the second
   * @param n2 its size
   * @return the pooled z statistic of {@code p1 - p2}; 0 when both proportions are 0 or 1
   */
  public static double proportionZ(double successes1, double n1, double successes2, double n2) {
    double p1 = successes1 / n1;
    double p2 = successes2 / n2;
    double pooled = (successes1 + successes2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    return se == 0 ? 0 : (p1 - p2) / se;
  }

  /**
   * @param z a z statistic
   * @return its two-sided p-value
   */
  public static double twoSidedNormalP(double z) {
    return Erf.erfc(Math.abs(z) / Math.sqrt(2));
  }

  /**
   * @param successes1 successes in the first sample
   * @param n1 its size
   * @param successes2 successes in the second
   * @param n2 its size
   * @return the two-sided p-value of the pooled two-proportion z-test
   */
  public static double proportionZPValue(double successes1, double n1, double successes2, double n2) {
    return twoSidedNormalP(proportionZ(successes1, n1, successes2, n2));
  }

  /**
   * The first Wasserstein distance between two weighted samples: {@code integral |U(x) - V(x)|
   * dx} with the weighted empirical CDFs.
   *
   * @param u a weighted sample, ascending
   * @param v another, ascending
   * @return the distance
   */
  public static double wasserstein(WeightedSample u, WeightedSample v) {
    double wu = u.total();
    double wv = v.total();
    double[] xu = u.values();
    double[] xv = v.values();
    int i = 0;
    int j = 0;
    double cu = 0;
    double cv = 0;
    double area = 0;
    double previous = Double.NaN;
    while (i < xu.length || j < xv.length) {
      double x = Math.min(i < xu.length ? xu[i] : Double.POSITIVE_INFINITY, j < xv.length ? xv[j] : Double.POSITIVE_INFINITY);
      if (!Double.isNaN(previous)) {
        area += Math.abs(cu / wu - cv / wv) * (x - previous);
      }
      while (i < xu.length && xu[i] == x) {
        cu += u.weights()[i++];
      }
      while (j < xv.length && xv[j] == x) {
        cv += v.weights()[j++];
      }
      previous = x;
    }
    return area;
  }

  /**
   * @param p a distribution (need not sum to 1; it is normalised)
   * @param q another, same length
   * @return {@code sqrt((KL(p||m) + KL(q||m)) / 2)}, {@code m = (p+q)/2}, natural logarithm
   */
  public static double jensenShannon(double[] p, double[] q) {
    double sp = 0;
    double sq = 0;
    for (int i = 0; i < p.length; i++) {
      sp += p[i];
      sq += q[i];
    }
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / sp;
      double b = q[i] / sq;
      double m = (a + b) / 2;
      if (a > 0) {
        js += a * Math.log(a / m);
      }
      if (b > 0) {
        js += b * Math.log(b / m);
      }
    }
    return Math.sqrt(Math.max(0, js / 2));
  }

  /**
   * @param reference reference counts per bin
   * @param current current counts per bin, same order
   * @return the population stability index, with empty bins' shares raised to {@link #PSI_FLOOR}
   */
  public static double psi(double[] reference, double[] current) {
    double rt = 0;
    double ct = 0;
    for (int i = 0; i < reference.length; i++) {
      rt += reference[i];
      ct += current[i];
    }
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double r = Math.max(reference[i] / rt, PSI_FLOOR);
      double c = Math.max(current[i] / ct, PSI_FLOOR);
      if (reference[i] == 0 && current[i] == 0) {
        continue;
      }
      psi += (r - c) * Math.log(r / c);
    }
    return psi;
  }

  /**
   * Under the null hypothesis of no shift, {@code PSI / (1/n + 1/m)} is asymptotically chi-square
   * with {@code B - 1} degrees of freedom (Yurdakul, "Statistical Properties of Population
   * Stability Index", 2018), which gives PSI a p-value and a critical value that grow as windows
   * shrink.
   *
   * @param psi the PSI
   * @param bins the number of bins
   * @param referenceSize reference rows
   * @param currentSize current rows
   * @return the p-value
   */
  public static double psiPValue(double psi, int bins, double referenceSize, double currentSize) {
    if (bins < 2) {
      return 1.0;
    }
    return chiSquareSurvival(psi / (1 / referenceSize + 1 / currentSize), bins - 1);
  }

  /**
   * @param alpha the significance level
   * @param bins the number of bins
   * @param referenceSize reference rows
   * @param currentSize current rows
   * @return the PSI above which a shift is significant at {@code alpha}
   */
  public static double psiCriticalValue(double alpha, int bins, double referenceSize, double currentSize) {
    if (bins < 2) {
      return Double.POSITIVE_INFINITY;
    }
    org.hipparchus.distribution.continuous.ChiSquaredDistribution chi =
        new org.hipparchus.distribution.continuous.ChiSquaredDistribution(bins - 1);
    return chi.inverseCumulativeProbability(1 - alpha) * (1 / referenceSize + 1 / currentSize);
  }

  /**
   * For two samples of one distribution, the Jensen-Shannon divergence is approximately {@code
   * (1/8)(1/n + 1/m)} times a chi-square variable with {@code B - 1} degrees of freedom (its
   * second-order expansion is {@code (1/8) sum (p - q)^2 / pi}), which gives the distance a
   * p-value that accounts for the sample sizes.
   *
   * @param distance the Jensen-Shannon distance (natural logarithm)
   * @param bins bins with data on either side
   * @param referenceSize reference rows
   * @param currentSize current rows
   * @return the p-value
   */
  public static double jensenShannonPValue(double distance, int bins, double referenceSize, double currentSize) {
    if (bins < 2) {
      return 1.0;
    }
    return chiSquareSurvival(8 * distance * distance / (1 / referenceSize + 1 / currentSize), bins - 1);
  }

  /**
   * @param alpha the significance level
   * @param bins bins with data on either side
   * @param referenceSize reference rows
   * @param currentSize current rows
   * @return the Jensen-Shannon distance above which a shift is significant at {@code alpha}
   */
  public static double jensenShannonCriticalValue(double alpha, int bins, double referenceSize, double currentSize) {
    if (bins < 2) {
      return Double.POSITIVE_INFINITY;
    }
    org.hipparchus.distribution.continuous.ChiSquaredDistribution chi =
        new org.hipparchus.distribution.continuous.ChiSquaredDistribution(bins - 1);
    return Math.sqrt(chi.inverseCumulativeProbability(1 - alpha) * (1 / referenceSize + 1 / currentSize) / 8);
  }

  /**
   * @param counts counts per bin on one side
   * @param other counts per bin on the other
   * @return bins with a count on either side
   */
  public static int occupiedBins(double[] counts, double[] other) {
    int k = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 || other[i] > 0) {
        k++;
      }
    }
    return k;
  }

  /**
   * Pools sparse bins for a chi-square approximation: every bin expected to hold fewer than
   * {@code minExpected} values in the smaller sample (by the reference shares) goes into one pooled
   * bin, smallest first, and further bins join it until it reaches {@code minExpected} (Cochran's
   * rule). The pooling depends on the reference only, so it does not bias the test.
   *
   * @param reference reference counts per bin
   * @param current current counts per bin
   * @param minExpected the least expected count per bin, usually 5
   * @return the pooled reference and current counts
   */
  public static double[][] poolSparse(double[] reference, double[] current, double minExpected) {
    double rt = 0;
    double ct = 0;
    for (int i = 0; i < reference.length; i++) {
      rt += reference[i];
      ct += current[i];
    }
    double smaller = Math.min(rt, ct);
    Integer[] order = new Integer[reference.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> reference[i]));
    boolean[] pooled = new boolean[reference.length];
    double poolExpected = 0;
    int pooledCount = 0;
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      double expected = smaller * reference[i] / rt;
      if (expected < minExpected || (pooledCount > 0 && poolExpected < minExpected)) {
        pooled[i] = true;
        poolExpected += expected;
        pooledCount++;
      } else {
        break;
      }
    }
    if (pooledCount <= 1) {
      return new double[][] {reference, current};
    }
    int kept = reference.length - pooledCount;
    double[] r = new double[kept + 1];
    double[] c = new double[kept + 1];
    int j = 0;
    for (int i = 0; i < reference.length; i++) {
      if (pooled[i]) {
        r[kept] += reference[i];
        c[kept] += current[i];
      } else {
        r[j] = reference[i];
        c[j++] = current[i];
      }
    }
    return new double[][] {r, c};
  }
}
