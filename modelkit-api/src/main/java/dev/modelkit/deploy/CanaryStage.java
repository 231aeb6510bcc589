package dev.modelkit.deploy;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * One stage of a canary rollout.
 *
 * @param percentage traffic share of the new version in this stage, 0 to 100
 * @param duration seconds the stage lasts, 0 or more
 * @param criteria conditions that must hold to leave the stage, for example {@code error_rate <
 *     0.01}
 */
public record CanaryStage(double percentage, double duration, List<String> criteria) {
  /** Validates. */
  public CanaryStage {
    Checks c = new Checks("CanaryStage");
    c.between("percentage", percentage, 0, 100);
    c.nonNegative("duration", duration);
    c.noBlanks("criteria", criteria);
    c.throwIfAny();
    criteria = criteria == null ? List.of() : List.copyOf(criteria);
  }
}
