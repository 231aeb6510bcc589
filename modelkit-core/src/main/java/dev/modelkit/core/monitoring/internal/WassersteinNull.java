package dev.modelkit.core.monitoring.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The null distribution of the normalised Wasserstein distance between a window and the
 * reference when nothing drifted, so that the distance gets a p-value and small windows do not
 * raise false alarms. For two samples of sizes {@code n} and {@code m} drawn from a distribution
 * {@code F}, {@code sqrt(nm/(n+m)) W1} converges to {@code integral |B(F(x))| dx} with {@code B}
 * a Brownian bridge (del Barrio, Giné and Matrán, Annals of Probability 27, 1999). That limit
 * depends on {@code F} but not on the sample sizes, so it is simulated once per reference
 * feature: {@value #DRAWS} bridges evaluated at the reference's CDF steps, with a fixed seed so
 * reports are reproducible; a window's p-value is then the share of simulated values at or
 * above its scaled distance.
 */
final class WassersteinNull {
  static final int DRAWS = 2000;

  private final double[] sorted;

  private WassersteinNull(double[] sorted) {
    this.sorted = sorted;
  }

  /**
   * @param reference the reference distribution
   * @param scale the divisor of the distance (the reference standard deviation, floored)
   * @param seed the simulation's seed
   * @return the simulated null distribution of {@code integral |B(F(x))| dx / scale}
   */
  static WassersteinNull simulate(WeightedSample reference, double scale, long seed) {
    double[] v = reference.values();
    double[] w = reference.weights();
    int k = v.length;
    double total = reference.total();
    double[] cdf = new double[k];
    double acc = 0;
    for (int i = 0; i < k; i++) {
      acc += w[i];
      cdf[i] = Math.min(1.0, acc / total);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] out = new double[DRAWS];
    double[] walk = new double[k];
    for (int d = 0; d < DRAWS; d++) {
      double previousT = 0;
      double wt = 0;
      for (int i = 0; i < k; i++) {
        wt += Math.sqrt(Math.max(0, cdf[i] - previousT)) * gaussian(random);
        walk[i] = wt;
        previousT = cdf[i];
      }
      double w1 = wt + Math.sqrt(Math.max(0, 1 - previousT)) * gaussian(random);
      double integral = 0;
      for (int i = 0; i + 1 < k; i++) {
        integral += Math.abs(walk[i] - cdf[i] * w1) * (v[i + 1] - v[i]);
      }
      out[d] = integral / scale;
    }
    Arrays.sort(out);
    return new WassersteinNull(out);
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller on the injected generator, so that the simulation is reproducible
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * @param normalisedDistance the observed distance divided by the scale
   * @param n the window's size
   * @param m the reference's size
   * @return the share of simulated values at or above the scaled distance, {@code (1 + k) /
   *     (DRAWS + 1)}
   */
  double pValue(double normalisedDistance, long n, long m) {
    double scaled = Math.sqrt((double) n * m / (n + m)) * normalisedDistance;
    int below = Arrays.binarySearch(sorted, scaled);
    int firstAtOrAbove = below >= 0 ? below : -below - 1;
    while (firstAtOrAbove > 0 && sorted[firstAtOrAbove - 1] == scaled) {
      firstAtOrAbove--;
    }
    return (1.0 + (sorted.length - firstAtOrAbove)) / (sorted.length + 1.0);
  }

  /**
   * @param alpha a significance level
   * @param n the window's size
   * @param m the reference's size
   * @return the normalised distance above which a window of size {@code n} is significant at alpha
   */
  double criticalValue(double alpha, long n, long m) {
    int idx = (int) Math.min(sorted.length - 1, Math.ceil((1 - alpha) * sorted.length));
    return sorted[idx] / Math.sqrt((double) n * m / (n + m));
  }
}
