package dev.modelkit.core.monitoring.internal;

import java.util.Arrays;

/**
 * The two-sample, two-sided Kolmogorov-Smirnov test with the p-value SciPy's {@code
 * scipy.stats.ks_2samp(method="auto")} gives:
 *
 * <ul>
 *   <li><b>exact</b> when both samples have at most 10,000 values: the share of monotone lattice
 *       paths from {@code (0,0)} to {@code (n1,n2)} that leave the band {@code |x/n1 - y/n2| <
 *       d}, computed as one minus the probability of staying inside (Hodges 1958) by a dynamic
 *       programme over the band with probabilities rather than counts, so nothing overflows; for
 *       equal sizes the closed alternating sum of binomial ratios;
 *   <li><b>asymptotic</b> otherwise: {@code P(D_N >= d)} of the one-sample distribution ({@link
 *       KolmogorovDistribution#sf}) with {@code N = round(n1 n2 / (n1 + n2))}, rounding half to
 *       even as NumPy does.
 * </ul>
 *
 * <p>The statistic is first rounded to the nearest multiple of {@code 1 / lcm(n1, n2)} for the
 * exact method, as SciPy does, so that sketch-derived statistics map onto the lattice.
 */
public final class KolmogorovSmirnov {
  /** Above this sample size SciPy switches from the exact to the asymptotic p-value. */
  public static final int MAX_EXACT_N = 10_000;

  private KolmogorovSmirnov() {}

  /**
   * @param a a sample
   * @param b another sample
   * @return {@code sup |F_a - F_b|} over every value of either sample
   */
  public static double statistic(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    double[] ones = new double[x.length];
    Arrays.fill(ones, 1);
    double[] onesY = new double[y.length];
    Arrays.fill(onesY, 1);
    return statistic(new WeightedSample(x, ones), new WeightedSample(y, onesY));
  }

  /**
   * @param a a weighted sample, ascending
   * @param b another, ascending
   * @return {@code sup |F_a - F_b|}, with the weighted empirical CDFs
   */
  public static double statistic(WeightedSample a, WeightedSample b) {
    double wa = a.total();
    double wb = b.total();
    if (wa <= 0 || wb <= 0) {
      throw new IllegalArgumentException("the Kolmogorov-Smirnov test needs two non-empty samples");
    }
    double[] va = a.values();
    double[] vb = b.values();
    double[] ga = a.weights();
    double[] gb = b.weights();
    int i = 0;
    int j = 0;
    double ca = 0;
    double cb = 0;
    double d = 0;
    while (i < va.length || j < vb.length) {
      double v = Math.min(i < va.length ? va[i] : Double.POSITIVE_INFINITY, j < vb.length ? vb[j] : Double.POSITIVE_INFINITY);
      while (i < va.length && va[i] == v) {
        ca += ga[i++];
      }
      while (j < vb.length && vb[j] == v) {
        cb += gb[j++];
      }
      d = Math.max(d, Math.abs(ca / wa - cb / wb));
    }
    return Math.min(1.0, d);
  }

  /**
   * @param n1 the first sample's size
   * @param n2 the second's
   * @return which method {@link #pValue} uses
   */
  public static String method(long n1, long n2) {
    return Math.max(n1, n2) <= MAX_EXACT_N ? "exact" : "asymptotic";
  }

  /**
   * @param d the statistic
   * @param n1 the first sample's size
   * @param n2 the second's
   * @return the two-sided p-value, by SciPy's method for these sizes
   */
  public static double pValue(double d, long n1, long n2) {
    if (n1 < 1 || n2 < 1) {
      throw new IllegalArgumentException("sample sizes were " + n1 + " and " + n2 + " but both must be at least 1");
    }
    if (Math.max(n1, n2) <= MAX_EXACT_N) {
      double p = exact(d, (int) n1, (int) n2);
      if (!Double.isNaN(p)) {
        return p;
      }
    }
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    long en = (long) Math.rint(m * n / (m + n));
    return KolmogorovDistribution.sf(Math.max(1, en), d);
  }

  /**
   * The exact two-sided p-value.
   *
   * @param d the statistic
   * @param n1 the first size
   * @param n2 the second size
   * @return {@code P(D >= d)} under the null hypothesis
   */
  static double exact(double d, int n1, int n2) {
    long g = gcd(n1, n2);
    long lcm = (n1 / g) * n2;
    long h = Math.round(d * lcm);
    if (h == 0) {
      return 1.0;
    }
    double p;
    if (n1 == n2) {
      p = outsideSquare(n1, h);
    } else {
      p = 1.0 - insideBand(Math.max(n1, n2), Math.min(n1, n2), g, h);
    }
    return Math.max(0, Math.min(1, p));
  }

  /**
   * For equal sizes {@code n}: {@code P(D >= h/n) = 2 sum_{k>=1} (-1)^(k+1) C(2n, n-kh) / C(2n,
   * n)}, evaluated from the innermost term outwards as {@code 2 A_1 (1 - A_2 (1 - A_3 (...)))}
   * where {@code A_k} is the ratio of consecutive binomial terms, which avoids cancellation.
   */
  private static double outsideSquare(int n, long h) {
    double acc = 0;
    for (long k = n / h; k >= 1; k--) {
      double ratio = 1.0;
      long base = (k - 1) * h;
      for (long j = 0; j < h; j++) {
        ratio = ratio * (n - base - j) / (n + base + j + 1);
      }
      acc = ratio * (1.0 - acc);
    }
    return 2 * acc;
  }

  /**
   * The probability that a uniformly random monotone lattice path from {@code (0,0)} to {@code
   * (m,n)} stays strictly inside {@code |x n - y m| < h g}. {@code u(x,y)} is the share of the
   * paths to {@code (x,y)} that stayed inside, so {@code u(x,y) = (x u(x-1,y) + y u(x,y-1)) /
   * (x+y)}: a weighted average, which never overflows.
   */
  private static double insideBand(int m, int n, long g, long h) {
    long limit = h * g;
    double[] u = new double[n + 1];
    int prevLo = 0;
    for (int x = 0; x <= m; x++) {
      long xn = (long) x * n;
      // inside: |xn - y m| < limit  <=>  (xn - limit) / m < y < (xn + limit) / m
      int lo = (int) Math.max(0, Math.floorDiv(xn - limit, m) + 1);
      int hi = (int) Math.min(n, ceilDiv(xn + limit, m) - 1);
      for (int y = prevLo; y < lo && y <= n; y++) {
        u[y] = 0;
      }
      for (int y = lo; y <= hi; y++) {
        if (x == 0 && y == 0) {
          u[0] = 1;
        } else {
          double left = x == 0 ? 0 : u[y];
          double down = y == 0 ? 0 : u[y - 1];
          u[y] = (x * left + y * down) / (x + y);
        }
      }
      if (hi + 1 <= n) {
        u[hi + 1] = 0;
      }
      prevLo = lo;
    }
    return u[n];
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
