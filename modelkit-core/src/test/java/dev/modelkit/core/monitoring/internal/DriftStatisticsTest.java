package dev.modelkit.core.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.monitoring.Correction;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every drift statistic against SciPy 1.17.1 on worked examples. The reference values were
 * printed by {@code src/test/python/drift_references.py} (run {@code python3
 * drift_references.py}); the samples come from the integer LCG {@code lcg} below, which that
 * script reproduces exactly, so both sides see the same numbers. Tolerance: 1e-6, relative for
 * probabilities smaller than 1.
 */
class DriftStatisticsTest {
  private static final double TOL = 1e-6;

  /** {@code state = (1103515245 state + 12345) mod 2^31}, value {@code state / 2^31 * scale + shift}. */
  static double[] lcg(long seed, int n, double scale, double shift) {
    double[] out = new double[n];
    long s = seed;
    for (int i = 0; i < n; i++) {
      s = (1103515245L * s + 12345L) % (1L << 31);
      out[i] = s / (double) (1L << 31) * scale + shift;
    }
    return out;
  }

  static double[] lcg(long seed, int n) {
    return lcg(seed, n, 1.0, 0.0);
  }

  private static void close(double expected, double actual) {
    assertEquals(expected, actual, TOL * Math.max(1e-300, Math.min(1.0, Math.abs(expected))) + 1e-300,
        () -> "expected " + expected + " but was " + actual);
  }

  private static WeightedSample sample(double[] v) {
    double[] x = v.clone();
    Arrays.sort(x);
    double[] w = new double[x.length];
    Arrays.fill(w, 1);
    return new WeightedSample(x, w);
  }

  @Nested
  class KolmogorovSmirnovTwoSample {
    @Test
    void smallUnequalSamplesUseTheExactPValue() {
      double[] a = {0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56};
      double[] b = {0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28};
      double d = KolmogorovSmirnov.statistic(a, b);
      // scipy.stats.ks_2samp(a, b): statistic 0.4, pvalue 0.39174550939256825 (method exact)
      close(0.4, d);
      close(0.39174550939256825, KolmogorovSmirnov.pValue(d, a.length, b.length));
      assertEquals("exact", KolmogorovSmirnov.method(8, 10));
    }

    @Test
    void equalSizesUseTheClosedForm() {
      double[] x = lcg(1, 60);
      double[] y = lcg(2, 60, 1.0, 0.15);
      double d = KolmogorovSmirnov.statistic(x, y);
      close(0.18333333333333332, d);
      close(0.2671202776187836, KolmogorovSmirnov.pValue(d, 60, 60));
    }

    @Test
    void unequalSizesUseTheLatticePathCount() {
      double[] x = lcg(3, 300);
      double[] y = lcg(4, 1000, 1.1, 0.0);
      double d = KolmogorovSmirnov.statistic(x, y);
      close(0.07666666666666666, d);
      close(0.1262282667184008, KolmogorovSmirnov.pValue(d, 300, 1000));
    }

    @Test
    void theLargestExactSizes() {
      double[] x = lcg(5, 2000);
      double[] y = lcg(6, 9999, 1.0, 0.02);
      double d = KolmogorovSmirnov.statistic(x, y);
      close(0.03378257825782578, d);
      close(0.04321722402375675, KolmogorovSmirnov.pValue(d, 2000, 9999));
    }

    @Test
    void beyondTenThousandTheAsymptoticDistributionOfRoundedEffectiveSize() {
      double[] x = lcg(7, 12000);
      double[] y = lcg(8, 800, 1.0, 0.03);
      double d = KolmogorovSmirnov.statistic(x, y);
      close(0.044333333333333336, d);
      close(0.10176051589764723, KolmogorovSmirnov.pValue(d, 12000, 800));
      assertEquals("asymptotic", KolmogorovSmirnov.method(12000, 800));
      double[] u = lcg(9, 20000);
      double[] v = lcg(10, 15000, 1.0, 0.012);
      double d2 = KolmogorovSmirnov.statistic(u, v);
      close(0.017, d2);
      close(0.013948060890134088, KolmogorovSmirnov.pValue(d2, 20000, 15000));
    }

    @Test
    void weightedStatisticEqualsTheRawOneForUnitWeights() {
      double[] x = lcg(3, 300);
      double[] y = lcg(4, 1000, 1.1, 0.0);
      assertEquals(KolmogorovSmirnov.statistic(x, y), KolmogorovSmirnov.statistic(sample(x), sample(y)), 1e-15);
    }
  }

  @Test
  void kolmogorovDistributionOnEveryBranchMatchesScipyKstwo() {
    // scipy.stats.kstwo.sf(d, n); comments name the branch Simard and L'Ecuyer use
    Object[][] cases = {
        {10, 0.04, 1.0}, // n d <= 1/2
        {10, 0.08, 0.9999978058034054}, // n d <= 1: Ruben-Gambino
        {10, 0.95, 1.9531250000000172e-13}, // n d >= n - 1
        {20, 0.6, 2.0483011649719853e-07}, // d >= 0.5: 2 * smirnov
        {50, 0.1, 0.6623112704658186}, // n <= 140, n d^2 <= 0.754693: Durbin
        {50, 0.2, 0.03143877776953241}, // n <= 140, n d^2 <= 4: Pomeranz (Durbin here, both exact)
        {50, 0.35, 5.573523514803185e-06}, // n <= 140: 2 * smirnov
        {140, 0.05, 0.8576480297656114},
        {500, 0.03, 0.7473166700457021}, // n > 140: Pelz-Good
        {500, 0.01, 0.9999999991073389}, // n > 140, n d^1.5 <= 1.4: Durbin
        {500, 0.08, 0.0031305058199356268}, // n d^2 >= 2.2: 2 * smirnov
        {1000, 0.7, 0.0},
        {753, 0.045, 0.09189711877808138},
        {200000, 0.002, 0.39995085369038097}, // n > 100000: Pelz-Good
        {100000, 0.0005, 1.0},
    };
    for (Object[] c : cases) {
      int n = (Integer) c[0];
      double d = (Double) c[1];
      double expected = (Double) c[2];
      double actual = KolmogorovDistribution.sf(n, d);
      assertEquals(expected, actual, TOL * Math.min(1, Math.abs(expected)) + 1e-300,
          () -> "kstwo.sf(" + d + ", " + n + ") expected " + expected + " but was " + actual);
    }
  }

  @Test
  void chiSquareAgainstScaledReferenceCountsMatchesScipyChisquare() {
    double[] ref = {120, 340, 90, 450};
    double[] cur = {30, 95, 41, 84};
    // scipy.stats.chisquare(cur, ref * cur.sum() / ref.sum())
    close(23.607581699346404, DistributionTests.chiSquareStatistic(cur, ref));
    close(3.0164294924187663e-05, DistributionTests.chiSquarePValue(cur, ref));
  }

  @Test
  void pooledTwoProportionZTest() {
    // z by the pooled formula; p = 2 * scipy.stats.norm.sf(|z|)
    close(-2.0188010023515277, DistributionTests.proportionZ(412, 1000, 61, 120));
    close(0.04350790684892408, DistributionTests.proportionZPValue(412, 1000, 61, 120));
  }

  @Test
  void wassersteinMatchesScipyWithAndWithoutWeights() {
    double[] u = lcg(11, 500, 10.0, 0.0);
    double[] v = lcg(12, 300, 12.0, 1.0);
    double w = DistributionTests.wasserstein(sample(u), sample(v));
    close(2.2046660969965157, w);
    // Evidently's normalised form: divided by numpy.std(reference) (population standard deviation)
    double mean = Arrays.stream(u).average().orElseThrow();
    double std = Math.sqrt(Arrays.stream(u).map(x -> (x - mean) * (x - mean)).sum() / u.length);
    close(0.7592803552826255, w / std);
    WeightedSample a = new WeightedSample(new double[] {0, 1, 3}, new double[] {3, 1, 1});
    WeightedSample b = new WeightedSample(new double[] {5, 6, 8}, new double[] {1, 1, 3});
    close(6.2, DistributionTests.wasserstein(a, b));
  }

  @Test
  void jensenShannonMatchesScipyDistance() {
    close(0.3636866219510673, DistributionTests.jensenShannon(new double[] {0.1, 0.4, 0.5, 0}, new double[] {0.3, 0.3, 0.2, 0.2}));
  }

  @Test
  void sturgesBinsMatchNumpyHistogramBinEdges() {
    double[] u = lcg(13, 700, 5.0, 0.0);
    double[] v = lcg(14, 400, 6.0, -0.5);
    double[][] h = Binning.sturges(sample(u), sample(v));
    // numpy.histogram_bin_edges(concat, bins="sturges") gives 12 bins
    assertEquals(12, h[0].length);
    close(0.21183599887068172, DistributionTests.jensenShannon(h[0], h[1]));
  }

  @Test
  void psiItsSampleSizePValueAndCriticalValue() {
    double[] r = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    double[] c = {30, 45, 50, 52, 48, 61, 70, 66, 40, 38};
    double psi = DistributionTests.psi(r, c);
    // sum((r - c) ln(r / c)) over shares; p = scipy.stats.chi2.sf(psi / (1/1000 + 1/500), 9)
    close(0.05957398018942558, psi);
    close(0.018809289738428252, DistributionTests.psiPValue(psi, 10, 1000, 500));
    // critical value: scipy.stats.chi2.isf(0.05, 9) * (1/1000 + 1/500)
    close(0.05075693281386136, DistributionTests.psiCriticalValue(0.05, 10, 1000, 500));
  }

  @Test
  void benjaminiHochbergMatchesScipyFalseDiscoveryControl() {
    double[] p = {0.001, 0.008, 0.039, 0.041, 0.042, 0.060, 0.074, 0.205, 0.212, 0.216};
    double[] expected = {0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.1057142857142857, 0.216, 0.216, 0.216};
    double[] adjusted = MultipleTesting.adjust(p, Correction.BENJAMINI_HOCHBERG);
    for (int i = 0; i < p.length; i++) {
      close(expected[i], adjusted[i]);
    }
  }

  @Test
  void holmAndBonferroniByTheirDefinitions() {
    double[] p = {0.01, 0.04, 0.03, Double.NaN};
    double[] holm = MultipleTesting.adjust(p, Correction.HOLM);
    // sorted 0.01, 0.03, 0.04 -> 3 * 0.01, max(0.03, 2 * 0.03), max(0.06, 1 * 0.04)
    close(0.03, holm[0]);
    close(0.06, holm[2]);
    close(0.06, holm[1]);
    assertTrue(Double.isNaN(holm[3]));
    double[] bonf = MultipleTesting.adjust(p, Correction.BONFERRONI);
    close(0.03, bonf[0]);
    close(0.12, bonf[1]);
  }
}
