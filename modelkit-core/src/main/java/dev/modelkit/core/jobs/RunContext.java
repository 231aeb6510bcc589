package dev.modelkit.core.jobs;

import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The {@link TrainingContext} of one run of one job: its scratch directory, the stores, progress
 * reporting, the stop flag and checkpoint recording.
 */
final class RunContext implements TrainingContext {

  /** Where progress reported by the engine goes. */
  interface ProgressSink {
    void progress(String stage, int epoch, int totalEpochs, int fold, Map<String, Double> metrics, String message);
  }

  private final TrainingJob job;
  private final ActiveJob active;
  private final Path workDirectory;
  private final Path dataRoot;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final ProgressSink progress;
  private final CheckpointKeeper checkpoints;
  private final Optional<Checkpoint> resumeFrom;
  private final BiFunction<String, String, Optional<ModelVersion>> versions;

  /**
   * @param versions looks up a registered version of the job's organisation by model id and
   *     version label (base models, teachers and adaptation sources named {@code model:<id>:<version>})
   */
  RunContext(TrainingJob job, ActiveJob active, Path workDirectory, Path dataRoot, ArtifactStore artifacts, Clock clock,
      ProgressSink progress, CheckpointKeeper checkpoints, BiFunction<String, String, Optional<ModelVersion>> versions) {
    this.versions = versions;
    this.job = job;
    this.active = active;
    this.workDirectory = workDirectory;
    this.dataRoot = dataRoot;
    this.artifacts = artifacts;
    this.clock = clock;
    this.progress = progress;
    this.checkpoints = checkpoints;
    this.resumeFrom = checkpoints.last();
  }

  @Override
  public Optional<ModelVersion> findModelVersion(String modelId, String version) {
    if (modelId == null || version == null || modelId.isBlank() || version.isBlank()) {
      return Optional.empty();
    }
    return versions.apply(modelId, version);
  }

  @Override
  public TrainingJob job() {
    return job;
  }

  @Override
  public Principal principal() {
    return active.startedBy;
  }

  @Override
  public Path workDirectory() {
    return workDirectory;
  }

  @Override
  public Path dataRoot() {
    return dataRoot;
  }

  @Override
  public ArtifactStore artifacts() {
    return artifacts;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void progress(String stage, int epoch, int totalEpochs, int fold, Map<String, Double> metrics, String message) {
    Objects.requireNonNull(stage, "stage");
    progress.progress(stage, epoch, totalEpochs, fold, metrics, message);
  }

  @Override
  public boolean cancelled() {
    return active.stopRequested();
  }

  @Override
  public void checkpoint(int epoch, int fold, ArtifactRef checkpoint, Map<String, Double> metrics) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    checkpoints.record(new Checkpoint(epoch, fold, checkpoint, Metrics.finite(metrics)));
  }

  /** @return the checkpoint this run resumes from: the last one recorded before it started */
  @Override
  public Optional<Checkpoint> lastCheckpoint() {
    return resumeFrom;
  }
}
