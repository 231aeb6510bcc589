package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** Why a unit got the variant it got. */
public enum AssignmentReason implements WireValue {
  /** The unit is in the experiment and was hashed to its variant; its exposure is logged. */
  ASSIGNED,
  /** The experiment is a draft, paused or stopped: the control is served and nothing is logged. */
  NOT_RUNNING,
  /** The unit falls in the experiment's holdout: the control is served and nothing is logged. */
  HOLDOUT,
  /** The unit's attributes do not match the targeting rules: the control is served and nothing is logged. */
  NOT_TARGETED,
  /** The ramp-up schedule does not yet include the unit: the control is served and nothing is logged. */
  NOT_YET_RAMPED,
  /** The unit hashes to a paused or stopped variant: the control is served and nothing is logged. */
  VARIANT_INACTIVE,
  /** The experiment was rolled back: everyone gets the control. */
  ROLLED_BACK,
  /** The experiment was concluded: everyone gets the winner, or the control when there was no decision. */
  CONCLUDED;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
