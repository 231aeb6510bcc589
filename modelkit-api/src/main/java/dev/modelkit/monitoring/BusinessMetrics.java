package dev.modelkit.monitoring;

import java.util.Map;

/**
 * Business metrics computed by registered functions, for example the cost of misclassification.
 *
 * @param values metric name to value
 */
public record BusinessMetrics(Map<String, Double> values) {
  /** Copies the map. */
  public BusinessMetrics {
    values = values == null ? Map.of() : Map.copyOf(values);
  }
}
