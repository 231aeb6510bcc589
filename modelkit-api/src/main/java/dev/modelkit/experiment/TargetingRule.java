package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * A condition on the attributes a unit is assigned with (for example {@code country IN [DE,
 * FR]}). A unit enters the experiment only when it matches every rule; others are served the
 * control and not counted.
 *
 * @param attribute the attribute's name
 * @param operator how it is compared
 * @param values the values for {@code IN} and {@code NOT_IN}; ignored otherwise
 */
public record TargetingRule(String attribute, TargetingOperator operator, List<String> values) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException if the attribute or operator is missing or an
   *     {@code IN}/{@code NOT_IN} rule has no values
   */
  public TargetingRule {
    Checks c = new Checks("TargetingRule");
    c.notBlank("attribute", attribute);
    c.required("operator", operator);
    values = values == null ? List.of() : List.copyOf(values);
    c.check(!(operator == TargetingOperator.IN || operator == TargetingOperator.NOT_IN) || !values.isEmpty(),
        "values", values, "list at least one value for " + (operator == null ? "" : operator.wireName()));
    c.throwIfAny();
  }

  /**
   * @param attribute attribute name
   * @param values accepted values
   * @return a rule matching units whose attribute is one of the values
   */
  public static TargetingRule in(String attribute, String... values) {
    return new TargetingRule(attribute, TargetingOperator.IN, List.of(values));
  }
}
