package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.Map;

/**
 * Learning-rate schedule. Warm-up, if any, is linear from 0 to the base rate over {@code
 * warmupSteps} steps or, when that is absent, {@code parameters.warmup_ratio} of all steps.
 *
 * @param type decay after warm-up
 * @param parameters {@code warmup_ratio} (0 to 1)
 * @param warmupSteps warm-up steps, overrides the ratio
 */
public record SchedulerConfig(SchedulerType type, Map<String, Double> parameters, Integer warmupSteps) {

  /** Validates ranges. */
  public SchedulerConfig {
    Checks c = new Checks("SchedulerConfig");
    c.required("type", type);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    for (Map.Entry<String, Double> e : parameters.entrySet()) {
      c.check(e.getKey().equals("warmup_ratio"), "parameters." + e.getKey(), e.getValue(),
          "be a known scheduler parameter [warmup_ratio]");
    }
    c.between("parameters.warmup_ratio", parameters.get("warmup_ratio"), 0, 1);
    c.nonNegative("warmupSteps", warmupSteps);
    c.throwIfAny();
  }

  /** @return a constant rate with no warm-up */
  public static SchedulerConfig constant() {
    return new SchedulerConfig(SchedulerType.CONSTANT, Map.of(), null);
  }
}
