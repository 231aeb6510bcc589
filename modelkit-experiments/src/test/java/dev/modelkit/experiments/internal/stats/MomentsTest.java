package dev.modelkit.experiments.internal.stats;

import static dev.modelkit.experiments.internal.stats.Reference.near;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MomentsTest {

  @Test
  void streamingMomentsEqualTwoPassValuesAndSurviveLargeOffsets() {
    // A large common offset makes sum-of-squares formulas lose every digit; Welford does not.
    SplittableRandom r = new SplittableRandom(7);
    double[] y = new double[10_000];
    double[] x = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      x[i] = 1e9 + r.nextDouble();
      y[i] = 1e9 + 2 * (x[i] - 1e9) + r.nextDouble();
    }
    Moments m = Reference.moments(y, x);
    double my = 0;
    double mx = 0;
    for (int i = 0; i < y.length; i++) {
      my += (y[i] - 1e9) / y.length;
      mx += (x[i] - 1e9) / y.length;
    }
    double vy = 0;
    double cxy = 0;
    for (int i = 0; i < y.length; i++) {
      vy += (y[i] - 1e9 - my) * (y[i] - 1e9 - my) / (y.length - 1);
      cxy += (y[i] - 1e9 - my) * (x[i] - 1e9 - mx) / (y.length - 1);
    }
    assertEquals(vy, m.varianceY(), 1e-6 * vy);
    assertEquals(cxy, m.covarianceXY(), 1e-6 * Math.abs(cxy));
  }

  @Test
  void mergeEqualsSequentialAccumulation() {
    SplittableRandom r = new SplittableRandom(11);
    Moments all = new Moments();
    Moments left = new Moments();
    Moments right = new Moments();
    for (int i = 0; i < 5_000; i++) {
      double y = r.nextGaussian() * 3 + 1;
      double x = r.nextGaussian() + y;
      all.add(y, x);
      (i % 3 == 0 ? left : right).add(y, x);
    }
    Moments merged = left.merge(right);
    near(all.meanY(), merged.meanY(), "mean");
    near(all.varianceY(), merged.varianceY(), "variance y");
    near(all.varianceX(), merged.varianceX(), "variance x");
    near(all.covarianceXY(), merged.covarianceXY(), "covariance");
  }

  @Test
  void silentUnitsCountAsZerosWithoutCovariate() {
    Moments m = Reference.moments(new double[] {1, 1, 1});
    Moments withZeros = m.withZeros(7);
    Moments explicit = Reference.moments(new double[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0});
    assertEquals(10, withZeros.n());
    near(explicit.meanY(), withZeros.meanY(), "mean");
    near(explicit.varianceY(), withZeros.varianceY(), "variance");
    assertFalse(withZeros.allHaveX());
    assertTrue(Reference.moments(new double[] {1}, new double[] {2}).allHaveX());
  }
}
