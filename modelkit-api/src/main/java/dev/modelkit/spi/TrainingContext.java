package dev.modelkit.spi;

import dev.modelkit.security.Principal;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime gives a training engine for one job.
 */
public interface TrainingContext {

  /** @return the job as it was when admitted */
  TrainingJob job();

  /** @return its configuration */
  default TrainingConfiguration configuration() {
    return job().configuration();
  }

  /** @return who started it */
  Principal principal();

  /** @return a private scratch directory for the job, deleted when it ends */
  Path workDirectory();

  /**
   * @return the directory relative data source paths resolve against (the configuration file's
   *     directory, or the runtime's data root)
   */
  Path dataRoot();

  /** @return the artifact store */
  ArtifactStore artifacts();

  /** @return the clock */
  Clock clock();

  /**
   * Publishes progress to listeners and records it on the job.
   *
   * @param stage pipeline stage, for example {@code model_training}
   * @param epoch current epoch
   * @param totalEpochs planned epochs
   * @param fold cross-validation fold, 0 when none
   * @param metrics metrics at this point
   * @param message a note, or null
   */
  void progress(String stage, int epoch, int totalEpochs, int fold, Map<String, Double> metrics, String message);

  /** @return whether cancellation was requested; engines stop at the next step when it is */
  boolean cancelled();

  /**
   * Records a checkpoint already written to the artifact store; the runtime keeps the strategy's
   * last K and deletes older ones.
   *
   * @param epoch the epoch it was taken after
   * @param fold the fold, 0 when none
   * @param checkpoint the stored checkpoint
   * @param metrics metrics at that point
   */
  void checkpoint(int epoch, int fold, ArtifactRef checkpoint, Map<String, Double> metrics);

  /** @return the last recorded checkpoint of this job, when it is resuming */
  Optional<Checkpoint> lastCheckpoint();

  /**
   * Looks up a registered model version of the caller's organisation, so that an engine can start
   * from it ({@code baseModel: model:<id>:<version>}, a distillation teacher, a transfer-learning
   * source). Runtimes that keep a model registry override it.
   *
   * @param modelId the model
   * @param version the version label
   * @return the version, when it exists and the caller may read it
   */
  default Optional<dev.modelkit.governance.ModelVersion> findModelVersion(String modelId, String version) {
    return Optional.empty();
  }

  /**
   * A recorded checkpoint.
   *
   * @param epoch epoch after which it was taken
   * @param fold fold
   * @param artifact where it is stored
   * @param metrics metrics at that point
   */
  record Checkpoint(int epoch, int fold, ArtifactRef artifact, Map<String, Double> metrics) {}
}
