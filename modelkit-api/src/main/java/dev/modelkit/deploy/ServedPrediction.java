package dev.modelkit.deploy;

/**
 * A prediction served through a deployment.
 *
 * @param modelId the model
 * @param version the version the router chose
 * @param output the model's output
 * @param predictionId the monitoring id to join an outcome to, or null
 * @param latencyNanos the model call's duration
 */
public record ServedPrediction(String modelId, String version, Object output, String predictionId, long latencyNanos) {}
