package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** How a targeting rule compares a unit attribute. */
public enum TargetingOperator implements WireValue {
  /** The attribute is present and equals one of the values. */
  IN,
  /** The attribute is absent or equals none of the values. */
  NOT_IN,
  /** The attribute is present, whatever its value. */
  PRESENT,
  /** The attribute is absent. */
  ABSENT;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
