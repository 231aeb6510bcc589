package dev.modelkit.experiment;

import dev.modelkit.config.Checks;

/**
 * A metric an experiment is judged by.
 *
 * @param name the metric's name, as recorded events name it
 * @param type quality, engagement, business or operational
 * @param target the value hoped for, informational
 * @param direction which way is better
 * @param significance primary, secondary or guardrail
 */
public record SuccessMetric(String name, MetricType type, Double target, MetricDirection direction, Significance significance) {

  /** Validates. */
  public SuccessMetric {
    Checks c = new Checks("SuccessMetric");
    c.notBlank("name", name);
    c.required("type", type);
    c.required("direction", direction);
    c.throwIfAny();
    significance = significance == null ? Significance.SECONDARY : significance;
  }
}
