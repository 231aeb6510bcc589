package dev.modelkit.monitoring;

import dev.modelkit.config.WireValue;

/**
 * The statistic a feature's drift is tested with. {@link #AUTO} chooses as Evidently documents
 * (its "data drift" preset): with a reference of at most 1,000 rows, numeric features with more
 * than 5 distinct values use {@link #KS}, other features {@link #CHI_SQUARE} when they have more
 * than 2 distinct values and {@link #Z} otherwise, each at p &lt; 0.05; with a larger reference,
 * numeric features with more than 5 distinct values use {@link #WASSERSTEIN} and the rest {@link
 * #JENSEN_SHANNON}, each at a distance of 0.1 or more. Distinct values are counted on the
 * reference profile (Evidently counts them on reference and current data together).
 *
 * <p>Unlike Evidently, ModelKit also gives the distances a p-value under "no drift" (PSI and
 * Jensen-Shannon from their chi-square approximation, Wasserstein from its simulated Brownian
 * bridge limit) and flags a distance only when it reaches its threshold <em>and</em> is
 * significant after the multiple-testing correction: with Evidently's fixed thresholds, 95% of
 * 500-row windows drawn from the Lending Club reference itself flagged some feature (see
 * docs/decisions/0062).
 */
public enum DriftMethod implements WireValue {
  /** Choose by feature type and reference size, as above. */
  AUTO,
  /** Two-sample Kolmogorov-Smirnov test (numeric); p-value threshold, default 0.05. */
  KS,
  /** Chi-square goodness of fit of the current counts against the reference proportions; p-value, default 0.05. */
  CHI_SQUARE,
  /** Two-proportion z-test for a two-valued feature; p-value, default 0.05. */
  Z,
  /** Population stability index over reference deciles (numeric) or categories; default 0.1. */
  PSI,
  /** Wasserstein distance divided by the reference standard deviation (numeric); default 0.1. */
  WASSERSTEIN,
  /** Jensen-Shannon distance of the binned distributions; default 0.1. */
  JENSEN_SHANNON;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }

  /** @return whether the method is a distance with a threshold of its own (PSI, Wasserstein, Jensen-Shannon) */
  public boolean isDistance() {
    return this == PSI || this == WASSERSTEIN || this == JENSEN_SHANNON;
  }
}
