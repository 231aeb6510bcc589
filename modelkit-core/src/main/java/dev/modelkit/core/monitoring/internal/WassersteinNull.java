package dev.modelkit.core.monitoring.internal;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distribution of the normalised Wasserstein distance between a window and the reference when
 * nothing drifted, so that the distance gets a p-value and small windows do not raise false
 * alarms. Two regimes:
 *
 * <ul>
 *   <li><b>Windows of fewer than {@value #ASYMPTOTIC_FROM} values</b>: a parametric bootstrap.
 *       {@value #BOOTSTRAP_DRAWS} samples of size {@code n'} are drawn from the reference
 *       distribution and their scaled distance {@code sqrt(n') W1 / scale} to it is recorded;
 *       {@code n'} is the largest size of the grid {@code floor(30 * 1.25^k)} not above the
 *       window's size, so each feature is simulated for a few sizes only, and a smaller {@code n'}
 *       errs on the conservative side. The bootstrap is exact in distribution for heavy-tailed
 *       features (a few rare large values), where the asymptotic limit is not: on Lending Club's
 *       {@code delinq_amnt} the asymptotic p-values flagged 3% of drift-free windows of 500 by
 *       that feature alone.
 *   <li><b>Larger windows</b>: the limit of {@code sqrt(nm/(n+m)) W1}, {@code integral |B(F(x))|
 *       dx} with {@code B} a Brownian bridge (del Barrio, Giné and Matrán, Annals of Probability
 *       27, 1999), simulated {@value #ASYMPTOTIC_DRAWS} times at the reference's CDF steps; beyond
 *       the largest simulated value the p-value is the smaller of {@code 1 / (draws + 1)} and a
 *       normal tail fitted to the simulation (the limit is the norm of a Gaussian process, whose
 *       tail is Gaussian).
 * </ul>
 *
 * <p>The observed distance is scaled with {@code sqrt(nm/(n+m))}, which treats the reference as a
 * sample too. Seeds are fixed, so reports are reproducible. Thread-safe.
 */
final class WassersteinNull {
  static final int ASYMPTOTIC_FROM = 5000;
  static final int BOOTSTRAP_DRAWS = 2000;
  static final int ASYMPTOTIC_DRAWS = 10_000;

  private final double[] values;
  private final double[] cdf;
  private final double scale;
  private final long seed;
  private final ConcurrentHashMap<Integer, double[]> bootstrap = new ConcurrentHashMap<>();
  private volatile double[] asymptotic;
  private double asymptoticMean;
  private double asymptoticSd;

  private WassersteinNull(WeightedSample reference, double scale, long seed) {
    this.values = reference.values();
    double total = reference.total();
    this.cdf = new double[values.length];
    double acc = 0;
    for (int i = 0; i < values.length; i++) {
      acc += reference.weights()[i];
      cdf[i] = Math.min(1.0, acc / total);
    }
    this.scale = scale;
    this.seed = seed;
  }

  /**
   * @param reference the reference distribution
   * @param scale the divisor of the distance (the reference standard deviation, floored)
   * @param seed the simulations' seed
   * @return a null model whose simulations run on first use
   */
  static WassersteinNull of(WeightedSample reference, double scale, long seed) {
    return new WassersteinNull(reference, scale, seed);
  }

  /**
   * @param normalisedDistance the observed distance divided by the scale
   * @param n the window's size
   * @param m the reference's size
   * @return the p-value
   */
  double pValue(double normalisedDistance, long n, long m) {
    double scaled = Math.sqrt((double) n * m / (n + m)) * normalisedDistance;
    double[] sorted = n >= ASYMPTOTIC_FROM ? asymptotic() : bootstrap(grid(n));
    if (n >= ASYMPTOTIC_FROM && scaled > sorted[sorted.length - 1]) {
      double tail = asymptoticSd > 0
          ? 0.5 * org.hipparchus.special.Erf.erfc((scaled - asymptoticMean) / (asymptoticSd * Math.sqrt(2))) : 0;
      return Math.min(1.0 / (sorted.length + 1.0), tail);
    }
    int idx = Arrays.binarySearch(sorted, scaled);
    int firstAtOrAbove = idx >= 0 ? idx : -idx - 1;
    while (firstAtOrAbove > 0 && sorted[firstAtOrAbove - 1] == scaled) {
      firstAtOrAbove--;
    }
    return (1.0 + (sorted.length - firstAtOrAbove)) / (sorted.length + 1.0);
  }

  /**
   * @param alpha a significance level
   * @param n the window's size
   * @param m the reference's size
   * @return the normalised distance above which a window of size {@code n} is significant at
   *     {@code alpha}, before any multiple-testing correction
   */
  double criticalValue(double alpha, long n, long m) {
    double[] sorted = n >= ASYMPTOTIC_FROM ? asymptotic() : bootstrap(grid(n));
    int idx = (int) Math.min(sorted.length - 1, Math.ceil((1 - alpha) * sorted.length));
    return sorted[idx] / Math.sqrt((double) n * m / (n + m));
  }

  /** @return the largest grid size {@code floor(30 * 1.25^k)} not above {@code n} (at least 1) */
  static int grid(long n) {
    if (n < 30) {
      return (int) Math.max(1, n);
    }
    double g = 30;
    while (Math.floor(g * 1.25) <= n) {
      g *= 1.25;
    }
    return (int) Math.floor(g);
  }

  private double[] bootstrap(int size) {
    return bootstrap.computeIfAbsent(size, this::simulateBootstrap);
  }

  private double[] simulateBootstrap(int size) {
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * size));
    int k = values.length;
    double[] out = new double[BOOTSTRAP_DRAWS];
    int[] counts = new int[k];
    double root = Math.sqrt(size);
    for (int d = 0; d < BOOTSTRAP_DRAWS; d++) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < size; i++) {
        int j = Arrays.binarySearch(cdf, random.nextDouble());
        j = j >= 0 ? j : -j - 1;
        counts[Math.min(j, k - 1)]++;
      }
      double acc = 0;
      double area = 0;
      for (int i = 0; i + 1 < k; i++) {
        acc += counts[i];
        area += Math.abs(acc / size - cdf[i]) * (values[i + 1] - values[i]);
      }
      out[d] = root * area / scale;
    }
    Arrays.sort(out);
    return out;
  }

  private double[] asymptotic() {
    double[] a = asymptotic;
    if (a == null) {
      synchronized (this) {
        a = asymptotic;
        if (a == null) {
          a = simulateBridge();
          double mean = 0;
          for (double v : a) {
            mean += v;
          }
          mean /= a.length;
          double ss = 0;
          for (double v : a) {
            ss += (v - mean) * (v - mean);
          }
          asymptoticMean = mean;
          asymptoticSd = Math.sqrt(ss / (a.length - 1));
          asymptotic = a;
        }
      }
    }
    return a;
  }

  private double[] simulateBridge() {
    int k = values.length;
    SplittableRandom random = new SplittableRandom(seed);
    double[] out = new double[ASYMPTOTIC_DRAWS];
    double[] walk = new double[k];
    for (int d = 0; d < ASYMPTOTIC_DRAWS; d++) {
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
        integral += Math.abs(walk[i] - cdf[i] * w1) * (values[i + 1] - values[i]);
      }
      out[d] = integral / scale;
    }
    Arrays.sort(out);
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller on the injected generator, so that the simulation is reproducible
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
