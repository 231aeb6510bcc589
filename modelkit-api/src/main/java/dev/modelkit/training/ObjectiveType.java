package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** What a training job optimises for (the seed's training objectives). */
public enum ObjectiveType implements WireValue {
  /** Adapt a pre-trained model to an organisation-specific task. */
  FINE_TUNING("fine_tuning"),
  /** Train a smaller student from a larger teacher's soft targets. */
  KNOWLEDGE_DISTILLATION("knowledge_distillation"),
  /** Continue training a model from one domain on another domain's data. */
  DOMAIN_ADAPTATION("domain_adaptation"),
  /** Train an organisation-specific risk classifier. */
  RISK_CLASSIFICATION("risk_classification");

  private final String wire;

  ObjectiveType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
