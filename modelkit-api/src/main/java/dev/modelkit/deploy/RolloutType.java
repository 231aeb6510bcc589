package dev.modelkit.deploy;

import dev.modelkit.config.WireValue;

/** Deployment strategy. */
public enum RolloutType implements WireValue {
  /** Start green, check it, switch at once, keep blue warm. */
  BLUE_GREEN("blue_green"),
  /** Shift traffic in stages with criteria. */
  CANARY("canary"),
  /** Replace replicas a batch at a time. */
  ROLLING("rolling"),
  /** Split traffic by an experiment. */
  AB_TEST("ab_test"),
  /** Replace the live version at once. */
  RECREATE("recreate");

  private final String wire;

  RolloutType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
