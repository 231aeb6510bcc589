package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** Whether larger or smaller values of a metric are better. */
public enum Direction implements WireValue {
  /** Larger is better. */
  MAXIMIZE("maximize"),
  /** Smaller is better. */
  MINIMIZE("minimize");

  private final String wire;

  Direction(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
