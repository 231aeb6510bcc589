package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/**
 * How a missing numeric value is filled in; the statistic is fitted on the training fold.
 * Missing categorical values become their own category, missing text becomes empty.
 */
public enum ImputationStrategy implements WireValue {
  /** The training fold's mean. */
  MEAN,
  /** The training fold's median, robust to outliers. */
  MEDIAN;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
