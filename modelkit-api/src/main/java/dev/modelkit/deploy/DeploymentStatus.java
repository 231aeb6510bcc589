package dev.modelkit.deploy;

import dev.modelkit.config.WireValue;

/** Where a deployment is in its life. */
public enum DeploymentStatus implements WireValue {
  /** Loading the new version and checking its health; the live version is untouched. */
  PENDING,
  /** Shifting traffic stage by stage. */
  ROLLING_OUT,
  /** Stopped at its current stage on request; traffic stays as it is. */
  PAUSED,
  /** The new version takes all of its share of traffic. */
  LIVE,
  /** Replaced by a later deployment of the same model. */
  SUPERSEDED,
  /** Traffic returned to the previous version, by request or by a failed criterion or alert. */
  ROLLED_BACK,
  /** Refused before taking traffic, for example by a failed health check; the live version is untouched. */
  FAILED,
  /** A {@code batch} scoring run or an {@code edge} export finished; it serves no traffic. */
  COMPLETED;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }

  /** @return whether the deployment can no longer change */
  public boolean isFinal() {
    return this == SUPERSEDED || this == ROLLED_BACK || this == FAILED || this == COMPLETED;
  }
}
