package dev.modelkit.experiments.internal.stats;

import static org.junit.jupiter.api.Assertions.fail;

/** Comparison with reference values to a relative tolerance of 1e-6. */
final class Reference {
  static final double RELATIVE = 1e-6;

  private Reference() {}

  static void near(double expected, double actual, String what) {
    double tolerance = RELATIVE * Math.abs(expected);
    if (expected == 0 ? actual != 0 : !(Math.abs(actual - expected) <= tolerance)) {
      fail(what + ": expected " + expected + " but was " + actual + " (relative error "
          + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }
  }

  static Moments moments(double[] y) {
    Moments m = new Moments();
    for (double v : y) {
      m.add(v);
    }
    return m;
  }

  static Moments moments(double[] y, double[] x) {
    Moments m = new Moments();
    for (int i = 0; i < y.length; i++) {
      m.add(y[i], x[i]);
    }
    return m;
  }
}
