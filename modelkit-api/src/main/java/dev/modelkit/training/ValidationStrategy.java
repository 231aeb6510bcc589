package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** How data is split for validation. */
public enum ValidationStrategy implements WireValue {
  /** One random hold-out of testSize. */
  HOLDOUT("holdout"),
  /** k folds, each held out once. */
  K_FOLD("k_fold"),
  /** k folds preserving class proportions. */
  STRATIFIED("stratified"),
  /** Expanding windows in time order. */
  TIME_SERIES("time_series"),
  /** k folds with no group on both sides. */
  GROUP("group");

  private final String wire;

  ValidationStrategy(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
