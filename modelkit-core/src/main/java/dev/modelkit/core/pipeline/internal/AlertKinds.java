package dev.modelkit.core.pipeline.internal;

import dev.modelkit.monitoring.Alert;
import java.util.List;
import java.util.Locale;

/**
 * Tells drift alerts from performance alerts by the metrics their rule's condition reads (see the
 * monitoring rule grammar): drift rules read {@code drift_share}, {@code psi(..)}, {@code
 * drift(..)}, {@code drifted(..)}, {@code pvalue(..)}, {@code concept_drift}; performance rules read
 * accuracy, precision, recall, F1, AUC, error rate, log loss, Brier score or a business metric. A
 * rule reading both counts as both.
 */
public final class AlertKinds {
  private static final List<String> DRIFT = List.of("drift", "psi(", "pvalue(");
  private static final List<String> PERFORMANCE = List.of("accuracy", "precision", "recall", "f1", "auc",
      "error_rate", "log_loss", "brier", "business(", "satisfaction");

  private AlertKinds() {}

  /**
   * @param a an alert
   * @return whether its rule watches drift
   */
  public static boolean isDrift(Alert a) {
    String c = a.condition() == null ? "" : a.condition().toLowerCase(Locale.ROOT);
    return DRIFT.stream().anyMatch(c::contains);
  }

  /**
   * @param a an alert
   * @return whether its rule watches a performance, error or business metric
   */
  public static boolean isPerformance(Alert a) {
    String c = a.condition() == null ? "" : a.condition().toLowerCase(Locale.ROOT);
    return PERFORMANCE.stream().anyMatch(c::contains);
  }
}
