package dev.modelkit.core.evaluation.internal;

import java.util.SplittableRandom;
import org.hipparchus.special.Erf;

/**
 * Compares the ROC AUCs of two models scored on the same rows: DeLong, DeLong and
 * Clarke-Pearson's (1988) test for correlated AUCs, computed with mid-ranks (Sun and Xu's 2014 fast
 * form), and a percentile bootstrap interval of the difference.
 */
public final class AucComparison {
  private AucComparison() {}

  /**
   * @param difference AUC of a minus AUC of b
   * @param z DeLong's z, or null when the difference has no variance (identical rankings)
   * @param pValue two-sided p-value (1 when the rankings are identical)
   */
  public record DeLong(double difference, Double z, double pValue) {}

  /**
   * @param a the first model's scores
   * @param b the second model's scores
   * @param positive each row's class; both classes present
   * @return the difference, z and p-value
   */
  public static DeLong delong(double[] a, double[] b, boolean[] positive) {
    int m = 0;
    for (boolean p : positive) {
      m += p ? 1 : 0;
    }
    int n = positive.length - m;
    double[][] v10 = new double[2][m];
    double[][] v01 = new double[2][n];
    double[] auc = new double[2];
    double[][] scores = {a, b};
    for (int r = 0; r < 2; r++) {
      double[] s = scores[r];
      double[] pos = new double[m];
      double[] neg = new double[n];
      int pi = 0;
      int ni = 0;
      for (int i = 0; i < s.length; i++) {
        if (positive[i]) {
          pos[pi++] = s[i];
        } else {
          neg[ni++] = s[i];
        }
      }
      double[] all = s.clone();
      double[] rAll = ClassificationMetrics.midRanks(all);
      double[] rPos = ClassificationMetrics.midRanks(pos);
      double[] rNeg = ClassificationMetrics.midRanks(neg);
      pi = 0;
      ni = 0;
      for (int i = 0; i < s.length; i++) {
        if (positive[i]) {
          v10[r][pi] = (rAll[i] - rPos[pi]) / n;
          pi++;
        } else {
          v01[r][ni] = 1 - (rAll[i] - rNeg[ni]) / m;
          ni++;
        }
      }
      auc[r] = mean(v10[r]);
    }
    double var = (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / m
        + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n;
    double diff = auc[0] - auc[1];
    if (!(var > 1e-18)) {
      return new DeLong(diff, null, diff == 0 ? 1 : 0);
    }
    double z = diff / Math.sqrt(var);
    return new DeLong(diff, z, Erf.erfc(Math.abs(z) / Math.sqrt(2)));
  }

  /**
   * @param a the first model's scores
   * @param b the second model's scores
   * @param positive each row's class
   * @param resamples bootstrap resamples
   * @param rng the random source
   * @return {low, high}: the 2.5th and 97.5th percentile of the resampled AUC differences
   */
  public static double[] bootstrapInterval(double[] a, double[] b, boolean[] positive, int resamples,
      SplittableRandom rng) {
    int n = a.length;
    double[] diffs = new double[resamples];
    int done = 0;
    int attempts = 0;
    while (done < resamples && attempts < resamples * 10) {
      attempts++;
      double[] sa = new double[n];
      double[] sb = new double[n];
      boolean[] y = new boolean[n];
      int pos = 0;
      for (int i = 0; i < n; i++) {
        int k = rng.nextInt(n);
        sa[i] = a[k];
        sb[i] = b[k];
        y[i] = positive[k];
        pos += y[i] ? 1 : 0;
      }
      if (pos == 0 || pos == n) {
        continue;
      }
      diffs[done++] = ClassificationMetrics.rocAuc(sa, y) - ClassificationMetrics.rocAuc(sb, y);
    }
    double[] d = java.util.Arrays.copyOf(diffs, done);
    java.util.Arrays.sort(d);
    return new double[] {percentile(d, 0.025), percentile(d, 0.975)};
  }

  /** Linear interpolation between closest ranks. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double cov(double[] x, double[] y) {
    if (x.length < 2) {
      return 0;
    }
    double mx = mean(x);
    double my = mean(y);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - mx) * (y[i] - my);
    }
    return s / (x.length - 1);
  }
}
