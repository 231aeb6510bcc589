package dev.modelkit.training;

import dev.modelkit.config.Checks;
import dev.modelkit.config.WireValue;

/**
 * How the tasks' losses are combined.
 *
 * @param type static weights from the tasks, or uncertainty weighting (Kendall, Gal and Cipolla
 *     2018) learned with the model
 */
public record LossWeightingStrategy(Type type) {

  /** Validates. */
  public LossWeightingStrategy {
    Checks c = new Checks("LossWeightingStrategy");
    c.required("type", type);
    c.throwIfAny();
  }

  /** Weighting schemes. */
  public enum Type implements WireValue {
    /** Fixed weights from each task's configuration. */
    STATIC,
    /** Learned homoscedastic-uncertainty weights. */
    UNCERTAINTY;

    @Override
    public String wireName() {
      return WireValue.lower(this);
    }
  }
}
