package dev.modelkit.monitoring;

import dev.modelkit.config.WireValue;

/** Whether a feature holds numbers or categories. */
public enum FeatureType implements WireValue {
  /** Values are {@link Number}s. */
  NUMERIC,
  /** Values are {@link String}s. */
  CATEGORICAL;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
