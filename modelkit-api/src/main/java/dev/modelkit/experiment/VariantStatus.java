package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** State of one experiment variant. */
public enum VariantStatus implements WireValue {
  /** Receives its allocation. */
  ACTIVE("active"),
  /** Receives no traffic. */
  PAUSED("paused"),
  /** Removed from the experiment. */
  STOPPED("stopped");

  private final String wire;

  VariantStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
