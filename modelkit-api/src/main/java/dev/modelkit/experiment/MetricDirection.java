package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** Which way a success metric should move. */
public enum MetricDirection implements WireValue {
  /** Larger is better. */
  INCREASE("increase"),
  /** Smaller is better. */
  DECREASE("decrease");

  private final String wire;

  MetricDirection(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
