package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Bars a trained model must clear before its version may be deployed. A job that misses one ends
 * failed with the numbers, and its version is registered as rejected.
 *
 * @param minAccuracy smallest acceptable value of the primary metric's accuracy, 0 to 1; null for
 *     no bar
 * @param maxLatency largest acceptable single-row inference p95 in milliseconds; null for no bar
 * @param minReliability smallest acceptable reliability, 0 to 1: one minus the coefficient of
 *     variation of the primary metric across cross-validation folds; null for no bar
 */
public record QualityThresholds(Double minAccuracy, Double maxLatency, Double minReliability) {

  /** Validates the ranges. */
  public QualityThresholds {
    Checks c = new Checks("QualityThresholds");
    c.between("minAccuracy", minAccuracy, 0, 1);
    c.positive("maxLatency", maxLatency);
    c.between("minReliability", minReliability, 0, 1);
    c.throwIfAny();
  }

  /** @return thresholds that accept any model */
  public static QualityThresholds none() {
    return new QualityThresholds(null, null, null);
  }
}
