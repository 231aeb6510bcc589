package dev.modelkit.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The reference a model version's live traffic is compared with: per-feature profiles captured
 * from the training (or validation) data, the profile of the model's own outputs on it, and the
 * validation metrics performance drift is measured against. Stored with the model version; see
 * {@code Monitoring.registerReference}.
 *
 * @param modelId the model
 * @param version the version
 * @param rows rows profiled
 * @param capturedAt when it was captured
 * @param features one profile per feature, in the order the features were first seen
 * @param prediction the predicted labels on the reference rows, null when not given
 * @param probability the predicted probabilities on the reference rows, null when not given
 * @param validationMetrics validation metrics of the version, for example {@code accuracy}
 * @param validationSize how many rows the validation metrics were measured on, 0 when unknown
 * @param positiveLabel the positive class for precision, recall and F1; null to macro-average
 */
public record ReferenceProfile(
    String modelId, String version, long rows, Instant capturedAt, List<FeatureProfile> features,
    FeatureProfile prediction, FeatureProfile probability, Map<String, Double> validationMetrics,
    long validationSize, String positiveLabel) {

  /** Copies the collections. */
  public ReferenceProfile {
    features = features == null ? List.of() : List.copyOf(features);
    validationMetrics = validationMetrics == null ? Map.of() : Map.copyOf(validationMetrics);
  }

  /**
   * @param name a feature name
   * @return its profile, or null
   */
  public FeatureProfile feature(String name) {
    for (FeatureProfile f : features) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
