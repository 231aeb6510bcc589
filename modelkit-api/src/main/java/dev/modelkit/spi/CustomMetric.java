package dev.modelkit.spi;

import dev.modelkit.training.Direction;
import java.util.List;

/**
 * A model-quality metric a configuration can name in {@code metricConfig.customMetrics} or as its
 * primary metric, for example {@code business_impact} computed from a cost matrix. Found with
 * {@link java.util.ServiceLoader} (its {@link #name()} is the metric name) or handed to a training
 * engine directly. Implementations are stateless and thread-safe.
 */
public interface CustomMetric extends ModelKitProvider {

  /** @return whether larger or smaller values are better (early stopping and best-epoch choice use it) */
  Direction direction();

  /**
   * Computes the metric on one evaluation set.
   *
   * @param classes the task's classes, indexing {@code probabilities}' columns
   * @param actual the true class index of each row
   * @param probabilities each row's class probabilities
   * @param predicted each row's predicted class index (after the decision threshold)
   * @return the value
   * @throws IllegalArgumentException if the metric does not apply to these classes
   */
  double compute(List<String> classes, int[] actual, double[][] probabilities, int[] predicted);
}
