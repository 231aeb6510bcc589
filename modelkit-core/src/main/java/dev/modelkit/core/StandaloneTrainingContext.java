package dev.modelkit.core;

import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * A {@link TrainingContext} for calling a {@code TrainingEngine} directly, outside a {@link
 * ModelKit} runtime: a study, a benchmark, a command-line tool or a sample that trains one
 * configuration and reads the result. The runtime's own context adds what this one leaves to the
 * caller: scheduling, persisted progress and job records, checkpoint retention and the model
 * registry.
 *
 * <pre>{@code
 * TrainingContext ctx = StandaloneTrainingContext.builder(config)
 *     .workDirectory(home.resolve("work")).dataRoot(Path.of("data"))
 *     .artifacts(FileArtifactStore.open(home))
 *     .onProgress((stage, epoch, total, fold, metrics, message) -> log.info("{} {}", stage, metrics))
 *     .build();
 * TrainingResult result = engine.train(ctx);
 * }</pre>
 *
 * <p>Progress and checkpoints go to the listeners given (none by default); the job is never
 * cancelled unless a cancellation condition is given. Instances are immutable apart from what the
 * listeners do; the engine calls them from its training thread.
 */
public final class StandaloneTrainingContext implements TrainingContext {
  private final TrainingJob job;
  private final Principal principal;
  private final Path work;
  private final Path dataRoot;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final ProgressListener progress;
  private final CheckpointListener checkpoints;
  private final BooleanSupplier cancelled;
  private final Checkpoint resume;
  private final BiFunction<String, String, Optional<ModelVersion>> versions;

  private StandaloneTrainingContext(Builder b) {
    Instant now = b.clock.instant();
    this.principal = b.principal != null ? b.principal
        : Principal.of("standalone", b.config.organizationId(), Roles.DATA_SCIENTIST);
    this.job = new TrainingJob(b.jobId, b.config.organizationId(), b.modelId, principal.userId(), JobState.RUNNING,
        null, b.config, now, now, null, null, null, Map.of(), 0);
    this.work = b.work;
    this.dataRoot = b.dataRoot;
    this.artifacts = b.artifacts;
    this.clock = b.clock;
    this.progress = b.progress;
    this.checkpoints = b.checkpoints;
    this.cancelled = b.cancelled;
    this.resume = b.resume;
    this.versions = b.versions;
  }

  /**
   * @param config what to train
   * @return a builder; {@link Builder#workDirectory}, {@link Builder#dataRoot} and {@link
   *     Builder#artifacts} are required
   */
  public static Builder builder(TrainingConfiguration config) {
    return new Builder(Objects.requireNonNull(config, "config"));
  }

  @Override
  public TrainingJob job() {
    return job;
  }

  @Override
  public Principal principal() {
    return principal;
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
    return artifacts;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void progress(String stage, int epoch, int totalEpochs, int fold, Map<String, Double> metrics, String message) {
    progress.progress(stage, epoch, totalEpochs, fold, metrics, message);
  }

  @Override
  public boolean cancelled() {
    return cancelled.getAsBoolean();
  }

  @Override
  public void checkpoint(int epoch, int fold, ArtifactRef checkpoint, Map<String, Double> metrics) {
    checkpoints.checkpoint(epoch, fold, checkpoint, metrics);
  }

  @Override
  public Optional<Checkpoint> lastCheckpoint() {
    return Optional.ofNullable(resume);
  }

  @Override
  public Optional<ModelVersion> findModelVersion(String modelId, String version) {
    return versions.apply(modelId, version);
  }

  /** Receives the engine's progress, with the arguments of {@link TrainingContext#progress}. */
  @FunctionalInterface
  public interface ProgressListener {
    /**
     * @param stage pipeline stage, for example {@code model_training}
     * @param epoch current epoch
     * @param totalEpochs planned epochs
     * @param fold cross-validation fold, 0 when none
     * @param metrics metrics at this point
     * @param message a note, or null
     */
    void progress(String stage, int epoch, int totalEpochs, int fold, Map<String, Double> metrics, String message);
  }

  /** Receives each checkpoint the engine wrote, with the arguments of {@link TrainingContext#checkpoint}. */
  @FunctionalInterface
  public interface CheckpointListener {
    /**
     * @param epoch the epoch it was taken after
     * @param fold the fold, 0 when none
     * @param checkpoint the stored checkpoint
     * @param metrics metrics at that point
     */
    void checkpoint(int epoch, int fold, ArtifactRef checkpoint, Map<String, Double> metrics);
  }

  /** Collects a {@link StandaloneTrainingContext}; not thread-safe. */
  public static final class Builder {
    private final TrainingConfiguration config;
    private Principal principal;
    private Path work;
    private Path dataRoot;
    private ArtifactStore artifacts;
    private Clock clock = Clock.systemUTC();
    private String jobId = "standalone";
    private String modelId = "standalone";
    private ProgressListener progress = (stage, epoch, total, fold, metrics, message) -> { };
    private CheckpointListener checkpoints = (epoch, fold, checkpoint, metrics) -> { };
    private BooleanSupplier cancelled = () -> false;
    private Checkpoint resume;
    private BiFunction<String, String, Optional<ModelVersion>> versions = (model, version) -> Optional.empty();

    private Builder(TrainingConfiguration config) {
      this.config = config;
    }

    /**
     * @param principal the caller, checked against data set permissions; a data scientist of the
     *     configuration's organisation when not given
     * @return this builder
     */
    public Builder principal(Principal principal) {
      this.principal = Objects.requireNonNull(principal, "principal");
      return this;
    }

    /**
     * @param dir the engine's scratch directory (required)
     * @return this builder
     */
    public Builder workDirectory(Path dir) {
      this.work = Objects.requireNonNull(dir, "workDirectory");
      return this;
    }

    /**
     * @param dir what relative data source paths resolve against (required)
     * @return this builder
     */
    public Builder dataRoot(Path dir) {
      this.dataRoot = Objects.requireNonNull(dir, "dataRoot");
      return this;
    }

    /**
     * @param store where the engine writes checkpoints and the model (required)
     * @return this builder
     */
    public Builder artifacts(ArtifactStore store) {
      this.artifacts = Objects.requireNonNull(store, "artifacts");
      return this;
    }

    /**
     * @param clock the clock (dates in data filters, timestamps); the UTC system clock by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param jobId the job id the engine sees (names its scratch files); {@code standalone} by default
     * @param modelId the model id; {@code standalone} by default
     * @return this builder
     */
    public Builder job(String jobId, String modelId) {
      this.jobId = Objects.requireNonNull(jobId, "jobId");
      this.modelId = Objects.requireNonNull(modelId, "modelId");
      return this;
    }

    /**
     * @param listener told of every progress event
     * @return this builder
     */
    public Builder onProgress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @param listener told of every checkpoint written; keep the last one to resume from it
     * @return this builder
     */
    public Builder onCheckpoint(CheckpointListener listener) {
      this.checkpoints = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @param condition asked at every step; training stops (the engine throws a cancellation)
     *     once it answers true
     * @return this builder
     */
    public Builder cancelWhen(BooleanSupplier condition) {
      this.cancelled = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * @param checkpoint a checkpoint an earlier run of the same configuration wrote, to continue from
     * @return this builder
     */
    public Builder resumeFrom(Checkpoint checkpoint) {
      this.resume = Objects.requireNonNull(checkpoint, "checkpoint");
      return this;
    }

    /**
     * @param lookup finds model versions the configuration starts from (base model, teacher,
     *     transfer source); none by default
     * @return this builder
     */
    public Builder modelVersions(BiFunction<String, String, Optional<ModelVersion>> lookup) {
      this.versions = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    /**
     * @return the context
     * @throws IllegalStateException naming the builder method when a required part is missing
     */
    public StandaloneTrainingContext build() {
      if (work == null || dataRoot == null || artifacts == null) {
        throw new IllegalStateException("StandaloneTrainingContext needs "
            + (work == null ? "workDirectory(dir) " : "")
            + (dataRoot == null ? "dataRoot(dir) " : "") + (artifacts == null ? "artifacts(store) " : "")
            + "before build()");
      }
      return new StandaloneTrainingContext(this);
    }
  }
}
