package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** How p-values are corrected when several variants and metrics are tested at once. */
public enum MultipleTestingCorrection implements WireValue {
  /** No correction. */
  NONE,
  /** Holm's step-down procedure; controls the family-wise error rate. */
  HOLM,
  /** Benjamini-Hochberg step-up procedure; controls the false discovery rate. */
  BENJAMINI_HOCHBERG;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
