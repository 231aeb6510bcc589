package dev.modelkit.monitoring;

/**
 * The hot path for recording predictions of one model version, obtained once from {@code
 * Monitoring.recorder(modelId, version)} and reused from any number of threads.
 *
 * <p>Unlike {@code Monitoring.recordPrediction}, which returns a {@code String} id, {@link
 * #record} returns the prediction id as a {@code long}, so recording allocates nothing in steady
 * state. The permission was checked when the recorder was created.
 */
public interface PredictionRecorder {

  /** @return the model this recorder writes to */
  String modelId();

  /** @return the version this recorder writes to */
  String version();

  /**
   * Records one prediction of this recorder's model version.
   *
   * @param features input values by feature name: {@link Number}s for numeric features, {@link
   *     String}s for categorical ones, null for a missing value
   * @param prediction the predicted label, or null when the prediction failed
   * @param probability the predicted probability of the positive class, NaN when none
   * @param latencyNanos how long the prediction took
   * @param error whether it failed
   * @return the prediction id, for {@code Monitoring.recordOutcome(long, ...)}
   * @throws dev.modelkit.ConfigurationException if the features differ from the version's
   *     reference profile in names or types, naming each difference
   */
  long record(java.util.Map<String, ?> features, String prediction, double probability, long latencyNanos,
      boolean error);
}
