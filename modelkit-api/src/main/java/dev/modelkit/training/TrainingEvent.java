package dev.modelkit.training;

import java.time.Instant;
import java.util.Map;

/**
 * A progress event of a training job, delivered to listeners and publishers in order.
 *
 * @param jobId the job
 * @param state the job's state when the event was emitted
 * @param stage the pipeline stage, for example {@code data_ingestion} or {@code model_training}
 * @param epoch the current epoch, 0 before training starts
 * @param totalEpochs the planned epochs
 * @param fold the cross-validation fold, 0 when not cross-validating
 * @param metrics metrics at this point, for example {@code loss} and {@code val_accuracy}
 * @param message a human-readable note, or null
 * @param time when it was emitted
 */
public record TrainingEvent(
    String jobId, JobState state, String stage, int epoch, int totalEpochs, int fold,
    Map<String, Double> metrics, String message, Instant time) {

  /** Copies the metrics. */
  public TrainingEvent {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
