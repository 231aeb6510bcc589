package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.time.Duration;

/**
 * One step of a ramp-up schedule: from {@code afterStart} on, {@code exposurePercent} of the
 * eligible units enter the experiment. Units are admitted in a fixed hash order, so raising the
 * percentage only adds units; no unit already in the experiment leaves it or changes variant.
 *
 * @param afterStart time since the experiment started at which the step applies
 * @param exposurePercent share of eligible units in the experiment, above 0 and at most 100
 */
public record RampStep(Duration afterStart, double exposurePercent) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException if the time is missing or negative or the share
   *     is out of range
   */
  public RampStep {
    Checks c = new Checks("RampStep");
    c.required("afterStart", afterStart);
    c.check(afterStart == null || !afterStart.isNegative(), "afterStart", afterStart, "not be negative");
    c.check(exposurePercent > 0 && exposurePercent <= 100, "exposurePercent", exposurePercent,
        "be above 0 and at most 100");
    c.throwIfAny();
  }
}
