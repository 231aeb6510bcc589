package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.time.Duration;
import java.util.List;

/**
 * Which units enter an experiment, on top of the variants' split: a salt for the hash, a
 * holdout, a ramp-up schedule and targeting rules. The split among variants is each {@link
 * ModelVariant#allocation()}.
 *
 * <p>Each decision uses a different part of one 64-bit hash of (salt, unit id), so holdout, ramp
 * and variant are independent and stable across processes and restarts.
 *
 * @param salt mixed into the hash so that experiments assign independently; null means the
 *     experiment's id. Keep it when re-creating an experiment to reproduce its assignment
 * @param holdoutPercent share of all units kept out of the experiment (served the control, never
 *     counted), 0 to below 100
 * @param rampUp exposure schedule; empty means 100% from the start. Steps start at {@code
 *     PT0S}, times increase and percentages never decrease, so a ramp never removes a unit
 * @param targeting every rule must match for a unit to enter; empty means everyone
 */
public record TrafficAllocation(String salt, double holdoutPercent, List<RampStep> rampUp, List<TargetingRule> targeting) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException naming every problem with the schedule or holdout
   */
  public TrafficAllocation {
    Checks c = new Checks("TrafficAllocation");
    c.check(holdoutPercent >= 0 && holdoutPercent < 100, "holdoutPercent", holdoutPercent, "be at least 0 and below 100");
    c.check(salt == null || !salt.isBlank(), "salt", salt, "not be blank (leave it out to use the experiment id)");
    rampUp = rampUp == null ? List.of() : List.copyOf(rampUp);
    targeting = targeting == null ? List.of() : List.copyOf(targeting);
    for (int i = 0; i < rampUp.size(); i++) {
      RampStep step = rampUp.get(i);
      if (i == 0) {
        c.check(step.afterStart().isZero(), "rampUp[0].afterStart", step.afterStart(),
            "be PT0S (the first step says how much traffic enters at the start)");
      } else {
        RampStep prev = rampUp.get(i - 1);
        c.check(step.afterStart().compareTo(prev.afterStart()) > 0, "rampUp[" + i + "].afterStart", step.afterStart(),
            "be later than rampUp[" + (i - 1) + "].afterStart (" + prev.afterStart() + ")");
        c.check(step.exposurePercent() >= prev.exposurePercent(), "rampUp[" + i + "].exposurePercent",
            step.exposurePercent(), "be at least rampUp[" + (i - 1) + "].exposurePercent ("
                + Checks.num(prev.exposurePercent()) + "): a ramp may not take units out of the experiment");
      }
    }
    c.throwIfAny();
  }

  /** @return everyone enters at once, split by the variants' allocations */
  public static TrafficAllocation fixedSplit() {
    return new TrafficAllocation(null, 0, List.of(), List.of());
  }

  /**
   * @param steps the schedule
   * @return a ramp-up allocation with no holdout and no targeting
   */
  public static TrafficAllocation ramp(RampStep... steps) {
    return new TrafficAllocation(null, 0, List.of(steps), List.of());
  }

  /**
   * @param newSalt the salt
   * @return this allocation with another salt
   */
  public TrafficAllocation withSalt(String newSalt) {
    return new TrafficAllocation(newSalt, holdoutPercent, rampUp, targeting);
  }

  /**
   * @param elapsed time since the experiment started
   * @return the percentage of eligible units in the experiment at that time
   */
  public double exposureAt(Duration elapsed) {
    double pct = rampUp.isEmpty() ? 100 : rampUp.get(0).exposurePercent();
    for (RampStep step : rampUp) {
      if (step.afterStart().compareTo(elapsed) <= 0) {
        pct = step.exposurePercent();
      } else {
        break;
      }
    }
    return pct;
  }
}
