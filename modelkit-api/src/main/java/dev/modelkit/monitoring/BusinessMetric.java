package dev.modelkit.monitoring;

/**
 * A business metric computed from the joined outcomes of a period, for example the cost of
 * misclassification ({@link CostMatrix}). Registered in memory with {@code
 * Monitoring.registerBusinessMetric}; a host registers its metrics again after a restart.
 */
@FunctionalInterface
public interface BusinessMetric {

  /**
   * @param outcomes the confusion counts of the period
   * @return the metric's value; NaN when it cannot be computed
   */
  double compute(LabelledOutcomes outcomes);
}
