package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.DriftFinding;
import java.util.Locale;

/**
 * Performance drift: a live proportion metric (accuracy, precision or recall) against the value
 * the version reached on validation. Without the validation size the validation value is taken
 * as exact and the live value's 95% Wilson score interval is compared with it; with it, the 95%
 * interval of the difference is Newcombe's hybrid score interval (Newcombe, Statistics in
 * Medicine 17, 1998, method 10), built from both Wilson intervals. Drift is flagged when the whole
 * interval lies below zero: the live metric is worse, beyond what sampling explains.
 */
final class PerformanceDrift {
  private static final double Z = 1.959963984540054;

  private PerformanceDrift() {}

  /**
   * @param successes successes
   * @param n trials
   * @param z the normal quantile of the interval
   * @return {lower, upper} of the Wilson score interval
   */
  static double[] wilson(double successes, double n, double z) {
    double p = successes / n;
    double denom = 1 + z * z / n;
    double centre = (p + z * z / (2 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /**
   * @param successes successes
   * @param n trials
   * @return {lower, upper} of the 95% Wilson score interval
   */
  static double[] wilson(double successes, double n) {
    return wilson(successes, n, Z);
  }

  /**
   * @param metric the metric's name
   * @param successes live successes
   * @param n live trials
   * @param p0 validation value
   * @param n0 validation size, 0 when unknown
   * @return the finding; not flagged and without a statistic when there were no trials
   */
  static DriftFinding finding(String metric, long successes, long n, double p0, long n0) {
    if (n == 0) {
      return new DriftFinding("performance", metric, "interval", Double.NaN, Double.NaN, p0, false, Double.NaN, n0, 0,
          "no joined outcomes in the period, so " + metric + " is unknown");
    }
    double p1 = (double) successes / n;
    double[] w1 = wilson(successes, n);
    double lower;
    double upper;
    String how;
    if (n0 > 0) {
      double[] w0 = wilson(p0 * n0, n0);
      double diff = p1 - p0;
      lower = diff - Math.sqrt(sq(p1 - w1[0]) + sq(w0[1] - p0));
      upper = diff + Math.sqrt(sq(w1[1] - p1) + sq(p0 - w0[0]));
      how = "Newcombe's 95% interval";
    } else {
      lower = w1[0] - p0;
      upper = w1[1] - p0;
      how = "95% Wilson interval (validation value taken as exact)";
    }
    double se = Math.sqrt(Math.max(p0 * (1 - p0), 1e-12) * (1.0 / n + (n0 > 0 ? 1.0 / n0 : 0)));
    double z = (p1 - p0) / se;
    double pOneSided = 0.5 * org.hipparchus.special.Erf.erfc(-z / Math.sqrt(2));
    boolean drifted = upper < 0;
    String note = String.format(Locale.ROOT, "%s %.4f on %d live outcomes against %.4f on validation%s; %s of the "
        + "difference [%.4f, %.4f]", metric, p1, n, p0, n0 > 0 ? " (" + n0 + " rows)" : "", how, lower, upper);
    return new DriftFinding("performance", metric, "interval", p1, pOneSided, p0, drifted, Double.NaN, n0, n, note);
  }

  private static double sq(double v) {
    return v * v;
  }
}
