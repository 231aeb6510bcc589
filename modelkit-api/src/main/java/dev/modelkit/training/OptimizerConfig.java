package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.Map;
import java.util.Set;

/**
 * Optimiser and its parameters: {@code beta1}, {@code beta2}, {@code epsilon} for Adam and AdamW;
 * {@code momentum} for SGD.
 *
 * @param type the optimiser
 * @param parameters its parameters by name
 */
public record OptimizerConfig(OptimizerType type, Map<String, Double> parameters) {
  private static final Set<String> ADAM = Set.of("beta1", "beta2", "epsilon");
  private static final Set<String> SGD = Set.of("momentum", "nesterov");

  /** Validates parameter names and ranges for the chosen optimiser. */
  public OptimizerConfig {
    Checks c = new Checks("OptimizerConfig");
    c.required("type", type);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    if (type != null) {
      Set<String> known = type == OptimizerType.SGD ? SGD : ADAM;
      for (Map.Entry<String, Double> e : parameters.entrySet()) {
        c.check(known.contains(e.getKey()), "parameters." + e.getKey(), e.getValue(),
            "be one of the " + type.wireName() + " parameters " + new java.util.TreeSet<>(known));
      }
      c.between("parameters.beta1", parameters.get("beta1"), 0, 0.999999);
      c.between("parameters.beta2", parameters.get("beta2"), 0, 0.999999);
      c.positive("parameters.epsilon", parameters.get("epsilon"));
      c.between("parameters.momentum", parameters.get("momentum"), 0, 0.999999);
    }
    c.throwIfAny();
  }

  /** @return Adam with beta1 0.9, beta2 0.999 */
  public static OptimizerConfig adam() {
    return new OptimizerConfig(OptimizerType.ADAM, Map.of("beta1", 0.9, "beta2", 0.999));
  }

  /**
   * @param name a parameter name
   * @param fallback value when absent
   * @return the parameter's value
   */
  public double parameter(String name, double fallback) {
    Double v = parameters.get(name);
    return v == null ? fallback : v;
  }
}
