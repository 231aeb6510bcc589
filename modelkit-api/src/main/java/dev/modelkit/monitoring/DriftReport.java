package dev.modelkit.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * Drift of one model version over a period, against its reference profile.
 *
 * @param modelId the model
 * @param version the version
 * @param period the period
 * @param referenceRows rows of the reference profile
 * @param currentRows predictions in the period
 * @param features data drift, one finding per feature, in the reference profile's order
 * @param prediction prediction drift: the predicted labels, then the probability when recorded
 * @param concept concept drift on the error stream of joined outcomes, empty without outcomes
 * @param performance performance drift against the version's validation metric, empty without one
 * @param driftShare the share of features flagged
 * @param datasetDrift whether {@code driftShare} reached the options' threshold
 * @param options the options used
 * @param computedAt when the report was computed
 */
public record DriftReport(
    String modelId, String version, Period period, long referenceRows, long currentRows,
    List<DriftFinding> features, List<DriftFinding> prediction, List<DriftFinding> concept,
    List<DriftFinding> performance, double driftShare, boolean datasetDrift, DriftOptions options,
    Instant computedAt) {

  /** Copies the lists. */
  public DriftReport {
    features = features == null ? List.of() : List.copyOf(features);
    prediction = prediction == null ? List.of() : List.copyOf(prediction);
    concept = concept == null ? List.of() : List.copyOf(concept);
    performance = performance == null ? List.of() : List.copyOf(performance);
  }

  /**
   * @param feature a feature name
   * @return its finding, or null
   */
  public DriftFinding feature(String feature) {
    for (DriftFinding f : features) {
      if (f.feature().equals(feature)) {
        return f;
      }
    }
    return null;
  }

  /** @return every finding: features, prediction, concept and performance */
  public List<DriftFinding> all() {
    java.util.ArrayList<DriftFinding> all = new java.util.ArrayList<>(features);
    all.addAll(prediction);
    all.addAll(concept);
    all.addAll(performance);
    return List.copyOf(all);
  }
}
