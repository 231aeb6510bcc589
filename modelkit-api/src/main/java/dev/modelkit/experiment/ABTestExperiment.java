package dev.modelkit.experiment;

import java.time.Instant;
import java.util.List;

/**
 * An A/B experiment as stored.
 *
 * @param id the experiment id
 * @param organizationId owning organisation
 * @param name name
 * @param hypothesis what it tests
 * @param variants its arms; the first is the control unless one is named {@code control}
 * @param successMetrics what it is judged by
 * @param status draft, running, paused, stopped, concluded or rolled_back
 * @param createdBy who created it
 * @param createdAt when
 */
public record ABTestExperiment(
    String id, String organizationId, String name, String hypothesis, List<ModelVariant> variants,
    List<SuccessMetric> successMetrics, String status, String createdBy, Instant createdAt) {

  /** Copies the lists. */
  public ABTestExperiment {
    variants = List.copyOf(variants);
    successMetrics = List.copyOf(successMetrics);
  }
}
