package dev.modelkit.governance;

import dev.modelkit.config.WireValue;

/** Lifecycle stage of a registered model version. */
public enum LifecycleStage implements WireValue {
  /** Registered, not yet reviewed. */
  DRAFT("draft"),
  /** Approved for staging. */
  STAGING("staging"),
  /** Approved for production. */
  PRODUCTION("production"),
  /** Retired; cannot be deployed. */
  ARCHIVED("archived"),
  /** Missed its quality thresholds; never deployable. */
  REJECTED("rejected");

  private final String wire;

  LifecycleStage(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
