package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** How a source model's weights are reused. */
public enum TransferStrategy implements WireValue {
  /** Freeze the source model, train only new layers. */
  FEATURE_EXTRACTION("feature_extraction"),
  /** Train all unfrozen layers from the start. */
  FINE_TUNING("fine_tuning"),
  /** Unfreeze one block every few epochs, top first. */
  GRADUAL_UNFREEZING("gradual_unfreezing");

  private final String wire;

  TransferStrategy(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
