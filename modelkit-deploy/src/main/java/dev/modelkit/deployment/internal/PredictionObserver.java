package dev.modelkit.deployment.internal;

import java.util.Map;

/**
 * Told about every prediction that passed through the router, on the caller's thread; must be
 * cheap (the monitoring recorder is).
 */
@FunctionalInterface
public interface PredictionObserver {

  /**
   * @param organizationId the owning organisation
   * @param modelId the model
   * @param version the version that served
   * @param features the input
   * @param output the prediction, or null on error
   * @param latencyNanos the model call's duration
   * @param error whether the call failed
   * @return an id for joining an outcome later, or null
   */
  String observe(String organizationId, String modelId, String version, Map<String, Object> features,
      Object output, long latencyNanos, boolean error);

  /** An observer that records nothing. */
  PredictionObserver NONE = (o, m, v, f, out, l, e) -> null;
}
