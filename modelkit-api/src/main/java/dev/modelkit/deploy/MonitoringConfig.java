package dev.modelkit.deploy;

import java.util.List;

/**
 * What a deployment monitors.
 *
 * @param metrics metric names exported
 * @param alerts alert rules
 * @param dashboard name of an external dashboard, informational
 */
public record MonitoringConfig(List<String> metrics, List<AlertConfig> alerts, String dashboard) {
  /** Copies the lists. */
  public MonitoringConfig {
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
  }
}
