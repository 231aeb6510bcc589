package dev.modelkit.core.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DDSketchTest {

  private static double exactQuantile(double[] sorted, double q) {
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  @Test
  void everyQuantileIsWithinTheRelativeAccuracyOfTheExactOne() {
    SplittableRandom r = new SplittableRandom(3);
    double[] values = new double[200_000];
    DDSketch sketch = new DDSketch(0.01, 2048);
    for (int i = 0; i < values.length; i++) {
      // lognormal latencies spanning six orders of magnitude, a few negatives and zeros
      double v = Math.exp(3 * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2);
      if (i % 97 == 0) {
        v = -v;
      } else if (i % 101 == 0) {
        v = 0;
      }
      values[i] = v;
      sketch.add(v);
    }
    Arrays.sort(values);
    for (double q : new double[] {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1}) {
      double exact = exactQuantile(values, q);
      double approx = sketch.quantile(q);
      assertEquals(exact, approx, Math.abs(exact) * 0.01 + 1e-12, "quantile " + q);
    }
    assertEquals(values.length, sketch.count());
  }

  @Test
  void leanSketchesAgreeWithExactOnesAndMergeAndRoundTrip() {
    SplittableRandom r = new SplittableRandom(4);
    DDSketch exact = new DDSketch(0.01, 2048);
    DDSketch lean = new DDSketch(0.01, 2048, false);
    DDSketch other = new DDSketch(0.01, 2048, false);
    for (int i = 0; i < 50_000; i++) {
      double v = 1000 + 500 * r.nextDouble();
      exact.add(v);
      (i % 2 == 0 ? lean : other).add(v);
    }
    lean.merge(other);
    assertEquals(exact.count(), lean.count());
    assertEquals(exact.quantile(0.5), lean.quantile(0.5), exact.quantile(0.5) * 0.02);
    assertEquals(exact.mean(), lean.mean(), exact.mean() * 0.01);
    assertEquals(exact.max(), lean.max(), exact.max() * 0.021);
    DDSketch back = SketchCodec.decode(SketchCodec.encode(lean));
    assertEquals(lean.count(), back.count());
    WeightedSample a = lean.toWeightedSample();
    WeightedSample b = back.toWeightedSample();
    assertTrue(Arrays.equals(a.values(), b.values()) && Arrays.equals(a.weights(), b.weights()));
    assertTrue(SketchCodec.encode(lean).length() < 1200, "a 50,000-value sketch encodes in about a kilobyte");
  }

  @Test
  void memoryIsBoundedByCollapsingTheLowestBuckets() {
    DDSketch sketch = new DDSketch(0.01, 64);
    for (int e = -300; e <= 300; e++) {
      sketch.add(Math.pow(10, e / 1.0));
    }
    assertTrue(sketch.retainedBytes() <= 2 * (48 + 8 * 64) + 96, "bounded: " + sketch.retainedBytes());
    assertEquals(601, sketch.count());
    assertEquals(1e300, sketch.quantile(1), 1e300 * 0.01);
    assertThrows(IllegalArgumentException.class, () -> new DDSketch(0.6, 64));
    assertThrows(IllegalArgumentException.class, () -> SketchCodec.decode("AAAA"));
  }
}
