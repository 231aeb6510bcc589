package dev.modelkit.experiment;

import java.time.Instant;
import java.util.List;

/**
 * Everything an analysis found: exposure and sample-ratio check, every metric compared with the
 * control (fixed-horizon, sequential, Bayesian and, where a covariate was recorded, CUPED), the
 * early-stopping recommendation and the time-to-decision projection.
 *
 * <p>Numbers that are undefined for the data (for example a relative effect when the control's
 * mean is 0) are null, never NaN.
 *
 * @param experimentId the experiment
 * @param analysedAt when
 * @param status the experiment's status at that time
 * @param totalUnits exposed units over all variants
 * @param variants units per variant
 * @param sampleRatio the sample-ratio-mismatch check
 * @param metrics one entry per success metric, in the experiment's order
 * @param recommendation what the early-stopping rules recommend
 * @param projection when a decision can be expected at the current traffic
 * @param notes data-quality remarks, for example units that changed variant after a reallocation
 */
public record ExperimentAnalysis(
    String experimentId, Instant analysedAt, ExperimentStatus status, long totalUnits, List<VariantExposure> variants,
    SampleRatioCheck sampleRatio, List<MetricAnalysis> metrics, Recommendation recommendation,
    DecisionProjection projection, List<String> notes) {

  /** Copies the lists. */
  public ExperimentAnalysis {
    variants = List.copyOf(variants);
    metrics = List.copyOf(metrics);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * @param name a metric name
   * @return its analysis
   * @throws IllegalArgumentException if the experiment has no such metric
   */
  public MetricAnalysis metric(String name) {
    return metrics.stream().filter(m -> m.metric().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no metric '" + name + "' in this analysis"));
  }
}
