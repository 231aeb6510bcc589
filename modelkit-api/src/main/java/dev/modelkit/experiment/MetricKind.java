package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** The shape of one unit's observation of a metric, which decides how it is aggregated and tested. */
public enum MetricKind implements WireValue {
  /** Converted or not (two-proportion z-test; beta-binomial posterior). Units exposed without an event count as not converted. */
  BINARY,
  /** A real value per unit, such as a satisfaction score (Welch's t-test; normal posterior). Only units with an event count. */
  CONTINUOUS,
  /** A whole, non-negative number per unit, such as actions taken (Welch's t-test). Units exposed without an event count as 0. */
  COUNT,
  /** A numerator and a denominator per unit, such as clicks per impression; the metric is sum(numerator) / sum(denominator), tested with the delta method. Only units with an event count. */
  RATIO;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
