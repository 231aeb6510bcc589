package dev.modelkit.training.djl.internal.run;

/**
 * Fits probability calibration on validation logits: Platt scaling {@code sigmoid(a * z + b)} of
 * the positive-minus-negative logit for two classes, temperature scaling {@code softmax(z / T)}
 * otherwise, each by minimising log loss. Calibration changes probabilities, never the ranking, so
 * ROC AUC is unchanged.
 */
final class Calibration {

  private Calibration() {}

  /**
   * @param z positive-minus-negative logit per row
   * @param positive whether each row is positive
   * @return {a, b}
   */
  static double[] platt(double[] z, boolean[] positive) {
    double a = 1;
    double b = 0;
    for (int iter = 0; iter < 100; iter++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-9;
      double hab = 0;
      double hbb = 1e-9;
      for (int i = 0; i < z.length; i++) {
        double p = 1 / (1 + Math.exp(-(a * z[i] + b)));
        double y = positive[i] ? 1 : 0;
        double d = p - y;
        double w = p * (1 - p);
        ga += d * z[i];
        gb += d;
        haa += w * z[i] * z[i];
        hab += w * z[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (Math.abs(det) < 1e-12) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    return new double[] {a, b};
  }

  /**
   * @param logits logits per row
   * @param actual true class per row
   * @return the temperature
   */
  static double temperature(float[][] logits, int[] actual) {
    double lo = Math.log(0.05);
    double hi = Math.log(20);
    double g = (Math.sqrt(5) - 1) / 2;
    for (int iter = 0; iter < 60; iter++) {
      double m1 = hi - g * (hi - lo);
      double m2 = lo + g * (hi - lo);
      if (nll(logits, actual, Math.exp(m1)) < nll(logits, actual, Math.exp(m2))) {
        hi = m2;
      } else {
        lo = m1;
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  private static double nll(float[][] logits, int[] actual, double t) {
    double s = 0;
    for (int i = 0; i < logits.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (float l : logits[i]) {
        max = Math.max(max, l / t);
      }
      double sum = 0;
      for (float l : logits[i]) {
        sum += Math.exp(l / t - max);
      }
      s -= logits[i][actual[i]] / t - max - Math.log(sum);
    }
    return s;
  }
}
