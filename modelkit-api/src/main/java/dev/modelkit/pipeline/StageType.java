package dev.modelkit.pipeline;

import dev.modelkit.config.WireValue;

/** The seed's pipeline stage types, in the order a full pipeline runs them. */
public enum StageType implements WireValue {
  /** Reads the training data through the training engine and measures its quality and personal data. */
  DATA_INGESTION("data_ingestion"),
  /** Anonymises personal data when the privacy configuration asks for it and writes the copy training reads. */
  DATA_PREPROCESSING("data_preprocessing"),
  /** Profiles the input fields the model will read (constant and mostly missing features). */
  FEATURE_ENGINEERING("feature_engineering"),
  /** Creates a training job, runs it and waits for the model version it registers. */
  MODEL_TRAINING("model_training"),
  /** Reads the version's metrics and, with a cost matrix, the expected cost of its decisions. */
  MODEL_VALIDATION("model_validation"),
  /** Runs the evaluation suite on the version; its metrics feed the gates. */
  MODEL_TESTING("model_testing"),
  /** Deploys the version to a target; needs the deploy permission. */
  MODEL_DEPLOYMENT("model_deployment"),
  /** Registers the training data as the monitoring reference and adds alert rules. */
  MONITORING_SETUP("monitoring_setup");

  private final String wire;

  StageType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
