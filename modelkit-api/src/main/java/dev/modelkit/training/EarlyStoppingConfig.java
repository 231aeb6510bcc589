package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Stop when the monitored metric has not improved by {@code minDelta} for {@code patience}
 * validations, and restore the best weights.
 *
 * @param enabled whether to stop early
 * @param patience validations without improvement before stopping, at least 1
 * @param metric the monitored metric, for example {@code accuracy} or {@code log_loss}
 * @param minDelta smallest change that counts as an improvement, 0 or more
 * @param direction whether larger or smaller is better; inferred from the metric when absent
 *     (loss-like metrics are minimised)
 */
public record EarlyStoppingConfig(boolean enabled, int patience, String metric, double minDelta, Direction direction) {

  /** Validates and infers the direction. */
  public EarlyStoppingConfig {
    Checks c = new Checks("EarlyStoppingConfig");
    if (enabled) {
      c.atLeast("patience", patience, 1);
      c.notBlank("metric", metric);
    }
    c.nonNegative("minDelta", minDelta);
    c.throwIfAny();
    if (direction == null && metric != null) {
      direction = metric.contains("loss") || metric.contains("error") ? Direction.MINIMIZE : Direction.MAXIMIZE;
    }
  }

  /** @return early stopping switched off */
  public static EarlyStoppingConfig disabled() {
    return new EarlyStoppingConfig(false, 0, null, 0, null);
  }
}
