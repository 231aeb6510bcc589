package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Regularisation beyond weight decay.
 *
 * @param dropout dropout probability between hidden layers, 0 to less than 1
 * @param labelSmoothing label smoothing, 0 to less than 1
 */
public record RegularizationConfig(double dropout, double labelSmoothing) {

  /** Validates ranges. */
  public RegularizationConfig {
    Checks c = new Checks("RegularizationConfig");
    c.check(dropout >= 0 && dropout < 1, "dropout", dropout, "be at least 0 and less than 1");
    c.check(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", labelSmoothing, "be at least 0 and less than 1");
    c.throwIfAny();
  }

  /** @return no dropout, no smoothing */
  public static RegularizationConfig none() {
    return new RegularizationConfig(0, 0);
  }
}
