package dev.modelkit.experiment;

import dev.modelkit.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An A/B experiment as stored: the seed's {@code ABTestExperiment} plus its life cycle.
 *
 * @param id the experiment id
 * @param organizationId owning organisation
 * @param name name
 * @param hypothesis what it tests
 * @param variants its arms; exactly one is the control (see {@link ModelVariant})
 * @param trafficAllocation salt, holdout, ramp-up and targeting
 * @param successMetrics what it is judged by
 * @param experimentConfig analysis and stopping settings
 * @param status where it is in its life
 * @param statusReason why it last changed state, as given by the caller or the system; may be null
 * @param createdBy who created it
 * @param createdAt when
 * @param startedAt when it first started, or null
 * @param endedAt when it was stopped, concluded or rolled back, or null
 * @param allocationHistory the allocations over time, oldest first; the last is current
 * @param conclusion the recorded decision, once concluded
 */
public record ABTestExperiment(
    String id, String organizationId, String name, String hypothesis, List<ModelVariant> variants,
    TrafficAllocation trafficAllocation, List<SuccessMetric> successMetrics, ExperimentConfiguration experimentConfig,
    ExperimentStatus status, String statusReason, String createdBy, Instant createdAt, Instant startedAt,
    Instant endedAt, List<AllocationEpoch> allocationHistory, ExperimentConclusion conclusion) {

  /** Checks the required fields and copies the lists. */
  public ABTestExperiment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(status, "status");
    variants = List.copyOf(variants);
    successMetrics = List.copyOf(successMetrics);
    allocationHistory = allocationHistory == null ? List.of() : List.copyOf(allocationHistory);
    trafficAllocation = trafficAllocation == null ? TrafficAllocation.fixedSplit() : trafficAllocation;
    experimentConfig = experimentConfig == null ? ExperimentConfiguration.defaults() : experimentConfig;
  }

  /** @return the control variant */
  public ModelVariant controlVariant() {
    int i = ExperimentDefinition.controlIndex(variants);
    return variants.get(Math.max(i, 0));
  }

  /**
   * @param variantId a variant id
   * @return the variant
   * @throws NotFoundException naming the experiment's variants when there is none with that id
   */
  public ModelVariant variant(String variantId) {
    for (ModelVariant v : variants) {
      if (v.id().equals(variantId)) {
        return v;
      }
    }
    throw new NotFoundException("Experiment '" + id + "' has no variant '" + variantId + "'. Its variants are "
        + variants.stream().map(ModelVariant::id).toList() + ".");
  }

  /**
   * @param metricName a metric name
   * @return the metric
   * @throws NotFoundException naming the experiment's metrics when there is none with that name
   */
  public SuccessMetric metric(String metricName) {
    for (SuccessMetric m : successMetrics) {
      if (m.name().equals(metricName)) {
        return m;
      }
    }
    throw new NotFoundException("Experiment '" + id + "' has no metric '" + metricName + "'. Its metrics are "
        + successMetrics.stream().map(SuccessMetric::name).toList() + ".");
  }
}
