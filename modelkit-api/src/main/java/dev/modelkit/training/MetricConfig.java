package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * Which metrics to compute and rank by. Built-in names: {@code accuracy}, {@code precision},
 * {@code recall}, {@code f1_score}, {@code roc_auc}, {@code log_loss}; custom metrics are looked up
 * by name in the runtime's metric registry.
 *
 * @param primary the metric that selects the best epoch and checks minAccuracy
 * @param secondary also reported
 * @param customMetrics names of registered custom metrics, for example {@code business_impact}
 */
public record MetricConfig(String primary, List<String> secondary, List<String> customMetrics) {

  /** Validates names. */
  public MetricConfig {
    Checks c = new Checks("MetricConfig");
    c.notBlank("primary", primary);
    c.noBlanks("secondary", secondary);
    c.noBlanks("customMetrics", customMetrics);
    c.throwIfAny();
    secondary = secondary == null ? List.of() : List.copyOf(secondary);
    customMetrics = customMetrics == null ? List.of() : List.copyOf(customMetrics);
  }

  /** @return accuracy as primary, nothing else */
  public static MetricConfig defaults() {
    return new MetricConfig("accuracy", List.of(), List.of());
  }
}
