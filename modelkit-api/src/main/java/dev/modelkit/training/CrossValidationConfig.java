package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Cross-validation settings (the seed's {@code CrossValidationConfig}).
 *
 * @param enabled whether to cross-validate
 * @param folds number of folds, at least 2
 * @param strategy how folds are formed
 * @param shuffle shuffle before splitting (ignored for time series)
 */
public record CrossValidationConfig(boolean enabled, int folds, ValidationStrategy strategy, boolean shuffle) {

  /** Validates the fold count. */
  public CrossValidationConfig {
    Checks c = new Checks("CrossValidationConfig");
    if (enabled) {
      c.atLeast("folds", folds, 2);
      c.required("strategy", strategy);
      c.check(strategy != ValidationStrategy.HOLDOUT, "strategy", strategy, "be k_fold, stratified, time_series or group");
    }
    c.throwIfAny();
  }
}
