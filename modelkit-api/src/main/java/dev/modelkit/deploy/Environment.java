package dev.modelkit.deploy;

import dev.modelkit.config.WireValue;

/** Deployment environment. */
public enum Environment implements WireValue {
  /** Development. */
  DEVELOPMENT("development"),
  /** Staging. */
  STAGING("staging"),
  /** Production. */
  PRODUCTION("production");

  private final String wire;

  Environment(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
