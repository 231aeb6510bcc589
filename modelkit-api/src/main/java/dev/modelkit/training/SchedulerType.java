package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** Learning-rate schedule after warm-up. */
public enum SchedulerType implements WireValue {
  /** Constant rate. */
  CONSTANT("constant"),
  /** Linear decay to zero. */
  LINEAR("linear"),
  /** Cosine decay to zero. */
  COSINE("cosine");

  private final String wire;

  SchedulerType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
