package dev.modelkit.experiment;

import dev.modelkit.config.Checks;

/**
 * A metric an experiment is judged by.
 *
 * @param name the metric's name, as recorded events name it
 * @param type quality, engagement, business or operational
 * @param target the value hoped for, informational
 * @param direction which way is better
 * @param significance primary (decides), secondary (reported, corrected for multiplicity) or
 *     guardrail (must not regress)
 * @param kind the shape of one unit's observation, which decides the test; null (the seed's
 *     shape) means {@link MetricKind#CONTINUOUS}, see {@link #metricKind()}
 * @param minimumDetectableEffect the smallest relative change worth detecting, for example
 *     {@code 0.05} for 5%; used for sample sizes, futility stopping and the time-to-decision
 *     projection; null when not planned
 */
public record SuccessMetric(
    String name, MetricType type, Double target, MetricDirection direction, Significance significance,
    MetricKind kind, Double minimumDetectableEffect) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException naming every missing or out-of-range field
   */
  public SuccessMetric {
    Checks c = new Checks("SuccessMetric");
    c.notBlank("name", name);
    c.required("type", type);
    c.required("direction", direction);
    c.positive("minimumDetectableEffect", minimumDetectableEffect);
    c.throwIfAny();
    significance = significance == null ? Significance.SECONDARY : significance;
  }

  /**
   * The seed's shape: a continuous metric without a planned effect size.
   *
   * @param name the metric's name
   * @param type its category
   * @param target the value hoped for
   * @param direction which way is better
   * @param significance its role in the decision
   */
  public SuccessMetric(String name, MetricType type, Double target, MetricDirection direction, Significance significance) {
    this(name, type, target, direction, significance, null, null);
  }

  /** @return the observation shape, {@link MetricKind#CONTINUOUS} when none was given */
  public MetricKind metricKind() {
    return kind == null ? MetricKind.CONTINUOUS : kind;
  }

  /**
   * @param newKind the observation shape
   * @param mde the minimum detectable relative effect, or null
   * @return this metric with another kind and minimum detectable effect
   */
  public SuccessMetric with(MetricKind newKind, Double mde) {
    return new SuccessMetric(name, type, target, direction, significance, newKind, mde);
  }
}
