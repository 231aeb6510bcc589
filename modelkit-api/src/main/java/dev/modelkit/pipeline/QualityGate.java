package dev.modelkit.pipeline;

import dev.modelkit.config.Checks;

/**
 * The seed's quality gate: after its stage, {@code metric operator threshold} must hold; when it
 * does not, {@code action} says whether the run stops ({@code fail}), records a warning ({@code
 * warn}) or only records the result ({@code pass}).
 *
 * <p>Metrics are the built-in ones of the stages run so far (see the core module's README: {@code
 * data.completeness}, {@code data.duplicate_rate}, {@code data.label_balance}, {@code
 * data.schema_conformance}, {@code pii.findings}, {@code accuracy}, {@code roc_auc}, {@code
 * business.expected_cost}, the evaluation report's {@code fairness.*} keys, ...). A gate naming a
 * metric no stage produced fails its stage with the list of metrics that exist.
 *
 * @param name a name for reports, unique within its stage
 * @param metric the metric's key
 * @param threshold the threshold
 * @param operator the comparison
 * @param action what to do when the comparison does not hold
 */
public record QualityGate(String name, String metric, double threshold, GateOperator operator, GateAction action) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException naming every missing field or a non-finite threshold
   */
  public QualityGate {
    Checks c = new Checks("QualityGate");
    c.notBlank("name", name);
    c.notBlank("metric", metric);
    c.check(Double.isFinite(threshold), "threshold", threshold, "be a finite number");
    c.required("operator", operator);
    c.required("action", action);
    c.throwIfAny();
  }

  /** @return {@code metric symbol threshold}, for example {@code data.completeness >= 0.99} */
  public String condition() {
    return metric + " " + operator.symbol() + " " + Checks.num(threshold);
  }
}
