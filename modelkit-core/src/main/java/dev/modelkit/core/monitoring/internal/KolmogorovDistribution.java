package dev.modelkit.core.monitoring.internal;

import org.hipparchus.special.Gamma;

/**
 * The distribution of the two-sided one-sample Kolmogorov-Smirnov statistic {@code D_n}, computed
 * as Simard and L'Ecuyer ("Computing the Two-Sided Kolmogorov-Smirnov Distribution", Journal of
 * Statistical Software 39(11), 2011) prescribe, which is also how SciPy's {@code
 * scipy.stats.kstwo} computes it:
 *
 * <ul>
 *   <li>{@code n x <= 1} and {@code n x >= n - 1}: the closed forms of Ruben and Gambino;
 *   <li>{@code x >= 0.5}: twice the exact one-sided probability (Birnbaum-Tingey sum), since both
 *       sides cannot exceed 0.5 at once;
 *   <li>{@code n <= 140}: the Durbin matrix of Marsaglia, Tsang and Wang (2003) while {@code n
 *       x^2 <= 4} (Simard and L'Ecuyer use Pomeranz's recursion between 0.754693 and 4; both are
 *       exact, so the values agree to rounding), twice the one-sided probability above;
 *   <li>{@code n > 140}: for the survival function, 0 beyond {@code n x^2 >= 370} and twice the
 *       one-sided probability beyond {@code n x^2 >= 2.2}; otherwise one minus the CDF, computed
 *       with the Durbin matrix when {@code n <= 100000} and {@code n x^1.5 <= 1.4}, else with the
 *       Pelz-Good asymptotic series (Pelz and Good, JRSS B 38(2), 1976).
 * </ul>
 */
public final class KolmogorovDistribution {
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double PI2 = Math.PI * Math.PI;
  private static final double PI4 = PI2 * PI2;
  private static final double PI6 = PI4 * PI2;

  private KolmogorovDistribution() {}

  /**
   * @param n the sample size, at least 1
   * @param x the statistic's value
   * @return {@code P(D_n >= x)}
   */
  public static double sf(long n, double x) {
    if (n < 1) {
      throw new IllegalArgumentException("n was " + n + " but it must be at least 1");
    }
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    double t = n * x;
    if (t <= 1.0) {
      if (t <= 0.5) {
        return 1.0;
      }
      double cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      return clip(1.0 - cdf);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) {
      return clip(2 * smirnov(n, x));
    }
    double nx2 = t * x;
    if (n <= 140) {
      if (nx2 <= 4) {
        return clip(1.0 - durbinCdf((int) n, x));
      }
      return clip(2 * smirnov(n, x));
    }
    if (nx2 >= 370.0) {
      return 0.0;
    }
    if (nx2 >= 2.2) {
      return clip(2 * smirnov(n, x));
    }
    double cdf;
    if (nx2 >= 18.0) {
      cdf = 1.0;
    } else if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = durbinCdf((int) n, x);
    } else {
      cdf = pelzGoodCdf(n, x);
    }
    return clip(1.0 - cdf);
  }

  private static double clip(double p) {
    return Math.max(0.0, Math.min(1.0, p));
  }

  /** @return {@code log(n! / n^n)} */
  private static double logFactorialOverPower(long n) {
    return Gamma.logGamma(n + 1.0) - n * Math.log(n);
  }

  /**
   * The exact one-sided probability {@code P(D_n^+ >= x)} by the Birnbaum-Tingey sum {@code x *
   * sum_{j=0}^{floor(n(1-x))} C(n,j) (1-x-j/n)^(n-j) (x+j/n)^(j-1)}, each term in logarithms so
   * that large {@code n} neither overflows nor underflows.
   *
   * @param n the sample size
   * @param x the statistic's value, in (0, 1)
   * @return the probability
   */
  public static double smirnov(long n, double x) {
    if (x <= 0) {
      return 1.0;
    }
    if (x >= 1) {
      return 0.0;
    }
    long last = (long) Math.floor(n * (1 - x));
    double logN1 = Gamma.logGamma(n + 1.0);
    double sum = 0;
    for (long j = 0; j <= last; j++) {
      double a = 1 - x - (double) j / n;
      if (a <= 0) {
        if (n - j == 0) {
          a = 1;
        } else {
          continue;
        }
      }
      double b = x + (double) j / n;
      double logTerm = logN1 - Gamma.logGamma(j + 1.0) - Gamma.logGamma(n - j + 1.0)
          + (n - j) * Math.log(a) + (j - 1) * Math.log(b);
      sum += Math.exp(logTerm);
    }
    return clip(x * sum);
  }

  /**
   * {@code P(D_n < d)} by the Durbin matrix, evaluated as Marsaglia, Tsang and Wang ("Evaluating
   * Kolmogorov's distribution", Journal of Statistical Software 8(18), 2003) describe: the
   * {@code (k, k)} element of the {@code n}-th power of an {@code m x m} matrix, {@code k =
   * floor(n d) + 1}, {@code m = 2k - 1}, times {@code n! / n^n}, with binary exponents tracked
   * separately so that nothing overflows.
   *
   * @param n the sample size
   * @param d the statistic's value
   * @return the CDF
   */
  public static double durbinCdf(int n, double d) {
    int k = (int) (n * d) + 1;
    int m = 2 * k - 1;
    double h = k - n * d;
    double[] hm = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        hm[i * m + j] = i - j + 1 < 0 ? 0 : 1;
      }
    }
    for (int i = 0; i < m; i++) {
      hm[i * m] -= Math.pow(h, i + 1);
      hm[(m - 1) * m + i] -= Math.pow(h, m - i);
    }
    hm[(m - 1) * m] += 2 * h - 1 > 0 ? Math.pow(2 * h - 1, m) : 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        int g = i - j + 1;
        if (g > 0) {
          for (int f = 1; f <= g; f++) {
            hm[i * m + j] /= f;
          }
        }
      }
    }
    int[] exponent = new int[1];
    double[] q = matrixPower(hm, m, n, exponent);
    double s = q[(k - 1) * m + (k - 1)];
    int e = exponent[0];
    for (int i = 1; i <= n; i++) {
      s = s * i / n;
      if (s < 1e-140) {
        s = Math.scalb(s, 465);
        e -= 465;
      }
    }
    return clip(Math.scalb(s, e));
  }

  private static double[] matrixPower(double[] a, int m, int power, int[] exponent) {
    if (power == 1) {
      exponent[0] = 0;
      return a.clone();
    }
    double[] half = matrixPower(a, m, power / 2, exponent);
    double[] result = multiply(half, half, m);
    int e = 2 * exponent[0];
    if (power % 2 == 1) {
      result = multiply(a, result, m);
    }
    if (result[(m / 2) * m + m / 2] > 1e140) {
      for (int i = 0; i < m * m; i++) {
        result[i] = Math.scalb(result[i], -465);
      }
      e += 465;
    }
    exponent[0] = e;
    return result;
  }

  private static double[] multiply(double[] a, double[] b, int m) {
    double[] c = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int l = 0; l < m; l++) {
        double ail = a[i * m + l];
        if (ail == 0) {
          continue;
        }
        for (int j = 0; j < m; j++) {
          c[i * m + j] += ail * b[l * m + j];
        }
      }
    }
    return c;
  }

  /**
   * The Pelz-Good approximation of {@code P(D_n <= x)}: the Li-Chien/Korolyuk expansion {@code
   * K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5}, {@code z = x sqrt(n)}, with each {@code K}
   * rewritten through Jacobi's theta transformation into series in {@code q = exp(-pi^2 / (8
   * z^2))} that converge fast for small {@code z}.
   *
   * @param n the sample size
   * @param x the statistic's value
   * @return the CDF
   */
  public static double pelzGoodCdf(long n, double x) {
    double z = Math.sqrt(n) * x;
    double z2 = z * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double logQ = -PI2 / 8 / z2;
    if (logQ < -708) {
      return 0.0;
    }
    double q = Math.exp(logQ);
    // sums over odd m = 2k-1 of c(m) q^(m^2), for the four terms
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int k = 1; k < 10_000; k++) {
      double m = 2.0 * k - 1;
      double m2 = m * m;
      double weight = Math.exp(m2 * logQ);
      if (weight == 0 || weight < 1e-300) {
        break;
      }
      s0 += weight;
      s1 += weight * (PI2 / 4 * m2 - z2);
      s2 += weight * (6 * z6 + 2 * z4 + (2 * z4 - 5 * z2) * PI2 / 4 * m2 + PI4 * (1 - 2 * z2) / 16 * m2 * m2);
      s3 += weight * (-30 * z6 - 90 * z6 * z2 + PI2 * (135 * z4 - 96 * z6) / 4 * m2
          + PI4 * (212 * z4 - 60 * z2) / 16 * m2 * m2 + PI6 * (5 - 30 * z2) / 64 * m2 * m2 * m2);
      if (weight < 1e-20 * s0) {
        break;
      }
    }
    double k0 = SQRT_2PI * s0 / z;
    double k1 = SQRT_2PI * s1 / (6 * z4);
    double k2 = SQRT_2PI * s2 / (72 * z6 * z);
    double k3 = SQRT_2PI * s3 / (6480 * z6 * z4);
    // second sums over all integers k of (pi k)^2 terms in p = exp(-pi^2 k^2 / (2 z^2))
    double logP = -PI2 / 2 / z2;
    double e2 = 0;
    double e3 = 0;
    for (int k = 1; k < 10_000; k++) {
      double k2v = (double) k * k;
      double weight = Math.exp(k2v * logP);
      if (weight == 0) {
        break;
      }
      e2 += k2v * weight;
      e3 += (3 * z2 - PI2 * k2v) * k2v * weight;
      if (weight < 1e-20 * Math.max(e2, 1e-300)) {
        break;
      }
    }
    k2 += PI2 * SQRT_2PI / (-36 * z2 * z) * e2;
    k3 += PI2 * SQRT_2PI / (216 * z6) * e3;
    double rootN = Math.sqrt(n);
    return clip(k0 + k1 / rootN + k2 / n + k3 / (n * rootN));
  }
}
