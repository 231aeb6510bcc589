package dev.modelkit.core.monitoring.internal;

/**
 * A discrete distribution: values in ascending order, each with a non-negative weight. Drift
 * statistics run on it, so that they apply equally to raw samples (every weight 1) and to
 * sketches (bucket representatives weighted by their counts).
 *
 * @param values ascending values
 * @param weights their weights, same length
 */
public record WeightedSample(double[] values, double[] weights) {

  /** Validates the lengths. */
  public WeightedSample {
    if (values.length != weights.length) {
      throw new IllegalArgumentException(values.length + " values but " + weights.length + " weights");
    }
  }

  /** @return the total weight */
  public double total() {
    double t = 0;
    for (double w : weights) {
      t += w;
    }
    return t;
  }
}
