package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.hipparchus.special.Erf;

/**
 * DeLong's test against the textbook pairwise form (structural components from every
 * positive/negative pair), computed independently here in O(m n).
 */
class AucComparisonTest {

  @Test
  void fastDeLongMatchesThePairwiseDefinition() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 60;
    double[] a = new double[n];
    double[] b = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextDouble() < 0.4;
      a[i] = Math.round((y[i] ? 0.6 : 0.4) * 10 + rng.nextDouble() * 6) / 10.0; // coarse, so ties occur
      b[i] = (y[i] ? 0.55 : 0.45) + rng.nextDouble() * 0.5;
    }
    AucComparison.DeLong fast = AucComparison.delong(a, b, y);
    double[] expected = pairwise(a, b, y);
    assertEquals(expected[0], fast.difference(), 1e-12);
    assertEquals(expected[1], fast.z(), 1e-9);
    assertEquals(Erf.erfc(Math.abs(expected[1]) / Math.sqrt(2)), fast.pValue(), 1e-9);
  }

  @Test
  void identicalModelsDoNotDifferAndTheBootstrapIntervalHoldsTheEstimate() {
    double[] s = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05};
    boolean[] y = {true, true, false, true, false, true, false, false, false, false};
    AucComparison.DeLong same = AucComparison.delong(s, s, y);
    assertEquals(0, same.difference());
    assertNull(same.z());
    assertEquals(1, same.pValue());
    double[] inverted = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      inverted[i] = 1 - s[i];
    }
    double[] ci = AucComparison.bootstrapInterval(s, inverted, y, 400, new SplittableRandom(1));
    double diff = 21 / 24.0 - 3 / 24.0;
    assertTrue(ci[0] <= diff && diff <= ci[1], "[" + ci[0] + ", " + ci[1] + "] holds " + diff);
  }

  /** Returns {difference, z} from the pairwise structural components. */
  private static double[] pairwise(double[] a, double[] b, boolean[] y) {
    double[][] s = {a, b};
    int m = 0;
    for (boolean v : y) {
      m += v ? 1 : 0;
    }
    int n = y.length - m;
    double[][] v10 = new double[2][m];
    double[][] v01 = new double[2][n];
    double[] auc = new double[2];
    for (int r = 0; r < 2; r++) {
      int pi = 0;
      for (int i = 0; i < y.length; i++) {
        if (!y[i]) {
          continue;
        }
        int ni = 0;
        for (int j = 0; j < y.length; j++) {
          if (y[j]) {
            continue;
          }
          double psi = s[r][i] > s[r][j] ? 1 : s[r][i] == s[r][j] ? 0.5 : 0;
          v10[r][pi] += psi / n;
          v01[r][ni] += psi / m;
          ni++;
        }
        pi++;
      }
      for (double v : v10[r]) {
        auc[r] += v / m;
      }
    }
    double var = (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / m
        + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n;
    return new double[] {auc[0] - auc[1], (auc[0] - auc[1]) / Math.sqrt(var)};
  }

  private static double cov(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - mx) * (y[i] - my);
    }
    return s / (x.length - 1);
  }
}
