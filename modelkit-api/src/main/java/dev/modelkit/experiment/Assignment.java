package dev.modelkit.experiment;

/**
 * Which variant a unit gets, and why.
 *
 * @param experimentId the experiment
 * @param unitId the unit
 * @param variantId the variant to serve; the control whenever the unit is not in the experiment
 * @param reason why
 * @param firstExposure whether this assignment logged the unit's first exposure
 */
public record Assignment(String experimentId, String unitId, String variantId, AssignmentReason reason, boolean firstExposure) {

  /** @return whether the unit is in the experiment and counted */
  public boolean inExperiment() {
    return reason == AssignmentReason.ASSIGNED;
  }
}
