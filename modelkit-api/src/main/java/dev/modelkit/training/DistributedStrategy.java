package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** How training is spread over devices. */
public enum DistributedStrategy implements WireValue {
  /** Replicate the model, split each batch across devices. */
  DATA_PARALLEL("data_parallel"),
  /** Split the model's layers across devices. */
  MODEL_PARALLEL("model_parallel"),
  /** Split the model into pipelined stages. */
  PIPELINE_PARALLEL("pipeline_parallel");

  private final String wire;

  DistributedStrategy(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
