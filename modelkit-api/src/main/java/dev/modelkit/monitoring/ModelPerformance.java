package dev.modelkit.monitoring;

import java.util.List;
import java.util.Map;

/**
 * What {@code monitorModelPerformance} returns: metrics, drift and alerts of one model over a
 * period.
 *
 * @param modelId the model
 * @param period the period
 * @param metrics aggregate metrics over every version
 * @param byVersion metrics per version
 * @param drift drift findings; empty when no reference profile is stored
 * @param alerts alerts raised in the period
 */
public record ModelPerformance(
    String modelId, Period period, PerformanceMetrics metrics, Map<String, PerformanceMetrics> byVersion,
    List<DriftFinding> drift, List<Alert> alerts) {

  /** Copies the collections. */
  public ModelPerformance {
    byVersion = byVersion == null ? Map.of() : Map.copyOf(byVersion);
    drift = drift == null ? List.of() : List.copyOf(drift);
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
  }
}
