package dev.modelkit.training;

import java.time.Instant;
import java.util.Map;

/**
 * A training job as stored: its configuration, state and result.
 *
 * @param id the job id
 * @param organizationId the owning organisation
 * @param modelId the model the job trains a version of
 * @param createdBy the user who created it
 * @param state where it is
 * @param reason why it is in that state (failure, cancellation or interruption), or null
 * @param configuration what it trains
 * @param createdAt when it was created
 * @param startedAt when it started running, or null
 * @param finishedAt when it reached a terminal state, or null
 * @param progress the latest progress, or null before the first event
 * @param modelVersion the version it registered, or null
 * @param metrics the final metrics, empty until it finishes
 * @param cost the resource cost charged so far, in the configured currency
 */
public record TrainingJob(
    String id, String organizationId, String modelId, String createdBy, JobState state, String reason,
    TrainingConfiguration configuration, Instant createdAt, Instant startedAt, Instant finishedAt,
    TrainingEvent progress, String modelVersion, Map<String, Double> metrics, double cost) {

  /** Copies the metrics. */
  public TrainingJob {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
