package dev.modelkit.monitoring;

import java.util.Map;

/**
 * One prediction to record.
 *
 * @param modelId the model
 * @param version the version that served it
 * @param features input values by feature name (numbers or strings)
 * @param prediction the predicted label
 * @param probability the predicted probability of the positive class, NaN when none
 * @param latencyNanos how long the prediction took
 * @param error whether it failed
 */
public record PredictionRecord(
    String modelId, String version, Map<String, Object> features, String prediction, double probability,
    long latencyNanos, boolean error) {}
