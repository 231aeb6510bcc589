package dev.modelkit.experiment;

import dev.modelkit.config.Checks;

/**
 * One unit's observation of one metric: the unit converted, or its value, count or
 * numerator/denominator. Record it any time after the unit was assigned, also long after (a late
 * outcome): it is attributed to the variant the unit was first exposed to. Each (unit, metric)
 * is counted once; a repeated event is reported as a duplicate and ignored, so retries are safe.
 *
 * <p>Use the factory methods; the constructor checks the shape of the value against the kind.
 *
 * @param metric the success metric's name
 * @param unitId the unit (user, session, request) as given to {@code assign}
 * @param kind the observation's shape; it must match the metric's kind
 * @param value 1 or 0 for a conversion, the value, the count (whole, not negative), or the
 *     ratio's numerator
 * @param denominator the ratio's denominator (not negative); null for other kinds
 * @param covariate the unit's pre-experiment value of the metric, for CUPED; null when unknown
 */
public record MetricEvent(String metric, String unitId, MetricKind kind, double value, Double denominator, Double covariate) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException naming the metric, the unit and every bad value
   */
  public MetricEvent {
    Checks c = new Checks("MetricEvent(metric=" + metric + ", unitId=" + unitId + ")");
    c.notBlank("metric", metric);
    c.notBlank("unitId", unitId);
    c.required("kind", kind);
    c.check(Double.isFinite(value), "value", value, "be a finite number");
    if (kind == MetricKind.BINARY) {
      c.check(value == 0 || value == 1, "value", value, "be 0 or 1 for a conversion");
    } else if (kind == MetricKind.COUNT) {
      c.check(value >= 0, "value", value, "be 0 or greater: a count cannot be negative");
      c.check(value == Math.rint(value), "value", value, "be a whole number for a count");
    }
    if (kind == MetricKind.RATIO) {
      c.required("denominator", denominator);
      c.check(denominator == null || (Double.isFinite(denominator) && denominator >= 0), "denominator", denominator,
          "be a finite number, 0 or greater");
      c.check(covariate == null, "covariate", covariate, "be absent: CUPED is not supported for ratio metrics");
    } else {
      c.check(denominator == null, "denominator", denominator, "be absent: only ratio events have a denominator");
    }
    c.check(covariate == null || Double.isFinite(covariate), "covariate", covariate, "be a finite number");
    c.throwIfAny();
  }

  /**
   * @param metric metric name
   * @param unitId the unit
   * @param converted whether it converted
   * @return a binary event
   */
  public static MetricEvent conversion(String metric, String unitId, boolean converted) {
    return new MetricEvent(metric, unitId, MetricKind.BINARY, converted ? 1 : 0, null, null);
  }

  /**
   * @param metric metric name
   * @param unitId the unit
   * @param value its value
   * @return a continuous event
   */
  public static MetricEvent value(String metric, String unitId, double value) {
    return new MetricEvent(metric, unitId, MetricKind.CONTINUOUS, value, null, null);
  }

  /**
   * @param metric metric name
   * @param unitId the unit
   * @param count its count, not negative
   * @return a count event
   */
  public static MetricEvent count(String metric, String unitId, long count) {
    return new MetricEvent(metric, unitId, MetricKind.COUNT, count, null, null);
  }

  /**
   * @param metric metric name
   * @param unitId the unit
   * @param numerator for example clicks
   * @param denominator for example impressions, not negative
   * @return a ratio event
   */
  public static MetricEvent ratio(String metric, String unitId, double numerator, double denominator) {
    return new MetricEvent(metric, unitId, MetricKind.RATIO, numerator, denominator, null);
  }

  /**
   * @param preExperimentValue the unit's value of the metric before the experiment
   * @return this event with a CUPED covariate
   */
  public MetricEvent withCovariate(double preExperimentValue) {
    return new MetricEvent(metric, unitId, kind, value, denominator, preExperimentValue);
  }
}
