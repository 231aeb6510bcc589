package dev.modelkit.training;

import dev.modelkit.config.Checks;
import dev.modelkit.config.WireValue;
import java.util.Map;

/**
 * How much each class counts in the training loss, for imbalanced data such as loan defaults.
 *
 * @param mode none, balanced (inverse class frequency, fitted on the training fold) or manual
 * @param weights class label to weight, for {@code manual}; classes not listed weigh 1
 */
public record ClassWeighting(Mode mode, Map<String, Double> weights) {

  /** Validates that manual weights are given and positive. */
  public ClassWeighting {
    Checks c = new Checks("ClassWeighting");
    c.required("mode", mode);
    weights = weights == null ? Map.of() : Map.copyOf(weights);
    c.check(mode != Mode.MANUAL || !weights.isEmpty(), "weights", weights, "list class weights when mode is manual");
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      c.positive("weights." + e.getKey(), e.getValue());
    }
    c.throwIfAny();
  }

  /** @return every class weighs 1 */
  public static ClassWeighting none() {
    return new ClassWeighting(Mode.NONE, Map.of());
  }

  /** @return weights inversely proportional to class frequency */
  public static ClassWeighting balanced() {
    return new ClassWeighting(Mode.BALANCED, Map.of());
  }

  /** Weighting modes. */
  public enum Mode implements WireValue {
    /** All classes weigh 1. */
    NONE,
    /** n / (classes * count(class)), from the training fold. */
    BALANCED,
    /** The listed weights. */
    MANUAL;

    @Override
    public String wireName() {
      return WireValue.lower(this);
    }
  }
}
