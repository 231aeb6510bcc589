package dev.modelkit.core.jobs;

import dev.modelkit.spi.TrainingContext.Checkpoint;
import java.util.List;
import java.util.Objects;

/**
 * The checkpoints kept for one job, oldest first, as stored in the metadata store (kind {@value
 * #KIND}, id = the job id). A job resumed after an interruption starts from the last one.
 *
 * @param jobId the job
 * @param checkpoints the checkpoints kept, oldest first; older ones beyond the strategy's {@code
 *     keepLast} are removed from the list and the artifact store
 */
public record JobCheckpoints(String jobId, List<Checkpoint> checkpoints) {
  /** The metadata kind checkpoint lists are stored under. */
  public static final String KIND = "job_checkpoints";

  /** Copies the list. */
  public JobCheckpoints {
    Objects.requireNonNull(jobId, "jobId");
    checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
  }
}
