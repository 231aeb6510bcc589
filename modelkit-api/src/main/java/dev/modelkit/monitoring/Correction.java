package dev.modelkit.monitoring;

import dev.modelkit.config.WireValue;

/**
 * How the p-values of the features of one drift report are adjusted for testing many features at
 * once. Distance measures (Wasserstein, Jensen-Shannon) have no p-value and are not adjusted.
 */
public enum Correction implements WireValue {
  /** No adjustment: each feature is tested at {@code alpha} on its own. */
  NONE,
  /** Bonferroni: controls the chance of any false alarm; conservative. */
  BONFERRONI,
  /** Holm's step-down: controls the chance of any false alarm, uniformly more powerful than Bonferroni. */
  HOLM,
  /** Benjamini-Hochberg: controls the expected share of false alarms among features flagged; the default. */
  BENJAMINI_HOCHBERG;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
