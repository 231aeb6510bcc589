package dev.modelkit.core.monitoring;

/**
 * Live figures of one monitored model version, for exporters such as {@code
 * MonitoringMeterBinder}: running totals since the engine started, and the latest closed
 * window's metrics. Reads take the version's lock briefly; call them at scrape frequency, not per
 * prediction.
 */
public interface LiveMetrics {

  /** @return the owning organisation */
  String organizationId();

  /** @return the model */
  String modelId();

  /** @return the version */
  String version();

  /** @return predictions recorded since the engine started */
  long predictionsTotal();

  /** @return failed predictions recorded since the engine started */
  long errorsTotal();

  /** @return outcomes joined since the engine started */
  long outcomesTotal();

  /** @return joined outcomes whose prediction was right, since the engine started */
  long correctTotal();

  /**
   * @param q a quantile, 0 to 1
   * @return the latency quantile of the open window in milliseconds, NaN when it is empty
   */
  double latencyQuantileMillis(double q);

  /**
   * @param metric a metric as alert rules name it, for example {@code error_rate}, {@code
   *     drift_share} or {@code psi(annual_inc)}
   * @return its value in the last closed window, NaN when unknown
   */
  double lastWindow(String metric);
}
