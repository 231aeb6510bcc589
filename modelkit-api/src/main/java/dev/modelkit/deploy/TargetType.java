package dev.modelkit.deploy;

import dev.modelkit.config.WireValue;

/** Kind of deployment target (the seed's DeploymentTarget.type). */
public enum TargetType implements WireValue {
  /** An HTTP serving endpoint. */
  API("api"),
  /** Scores files of rows. */
  BATCH("batch"),
  /** A router inside the host application. */
  EMBEDDED("embedded"),
  /** A portable exported artifact with a manifest. */
  EDGE("edge");

  private final String wire;

  TargetType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
