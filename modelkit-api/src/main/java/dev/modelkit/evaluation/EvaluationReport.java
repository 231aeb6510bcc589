package dev.modelkit.evaluation;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of running an {@link EvaluationSuite} on one model version, as persisted.
 *
 * <p>{@link #metrics()} is the flat view quality gates and dashboards read. Its keys:
 * <ul>
 *   <li>accuracy: {@code accuracy}, {@code precision}, {@code recall}, {@code f1_score}, {@code roc_auc},
 *       {@code pr_auc}, {@code log_loss}, {@code brier_score}, {@code calibration_error}, {@code rows}</li>
 *   <li>fairness, per protected attribute {@code <a>}: {@code fairness.<a>.demographic_parity_difference},
 *       {@code fairness.<a>.equalized_odds_difference}, {@code fairness.<a>.disparate_impact_ratio}; and
 *       the worst over attributes: {@code fairness.max_demographic_parity_difference}, {@code
 *       fairness.max_equalized_odds_difference}, {@code fairness.min_disparate_impact_ratio}</li>
 *   <li>robustness, per perturbation {@code <p>} and metric {@code <m>}: {@code robustness.<p>.<m>_drop}</li>
 *   <li>efficiency: {@code efficiency.latency_p50_ms}, {@code efficiency.latency_p99_ms}, {@code
 *       efficiency.throughput_rows_per_second}, {@code efficiency.model_size_bytes}</li>
 *   <li>benchmark: {@code benchmark.<metric>_delta} (this version minus the challenger)</li>
 * </ul>
 *
 * @param id the report's id
 * @param organizationId the owning organisation
 * @param modelId the model
 * @param version the version evaluated
 * @param suite what was asked
 * @param createdAt when it was computed
 * @param metrics the flat metrics, sorted by key
 * @param details the full results (curves, matrices, groups, importances, explanations) the HTML
 *     report draws; null in a summary
 */
public record EvaluationReport(String id, String organizationId, String modelId, String version, EvaluationSuite suite,
    Instant createdAt, Map<String, Double> metrics, EvaluationDetails details) {

  /** Copies the metrics in key order. */
  public EvaluationReport {
    metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
  }

  /**
   * @param key a metric key
   * @return its value
   * @throws IllegalArgumentException naming the key and the keys present when it is absent
   */
  public double metric(String key) {
    Double v = metrics.get(key);
    if (v == null) {
      throw new IllegalArgumentException("evaluation report " + id + " has no metric '" + key + "'; it has "
          + metrics.keySet());
    }
    return v;
  }
}
