package dev.modelkit.benchmarks;

import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A training context for benchmark and study runs outside a runtime: artifacts in the given store,
 * data under the given root, no progress, checkpoints or cancellation kept.
 */
final class StudyTrainingContext implements TrainingContext {
  private final TrainingJob job;
  private final Path work;
  private final Path dataRoot;
  private final ArtifactStore store;

  StudyTrainingContext(TrainingConfiguration cfg, Path work, Path dataRoot, ArtifactStore store) {
    this.job = new TrainingJob("study", cfg.organizationId(), "credit", "study", JobState.RUNNING, null, cfg,
        Clock.systemUTC().instant(), null, null, null, null, Map.of(), 0);
    this.work = work;
    this.dataRoot = dataRoot;
    this.store = store;
  }

  @Override
  public TrainingJob job() {
    return job;
  }

  @Override
  public Principal principal() {
    return Principal.of("study", job.organizationId(), "data_scientist");
  }

  @Override
  public Path workDirectory() {
    return work;
  }

  @Override
  public Path dataRoot() {
    return dataRoot;
  }

  @Override
  public ArtifactStore artifacts() {
    return store;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public void progress(String stage, int epoch, int total, int fold, Map<String, Double> metrics, String message) {}

  @Override
  public boolean cancelled() {
    return false;
  }

  @Override
  public void checkpoint(int epoch, int fold, ArtifactRef checkpoint, Map<String, Double> metrics) {}

  @Override
  public Optional<Checkpoint> lastCheckpoint() {
    return Optional.empty();
  }
}
