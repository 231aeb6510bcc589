package dev.modelkit.training.djl;

import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A training context for tests: a real file artifact store in a temp directory, events recorded. */
class TestContext implements TrainingContext {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

  /** One recorded progress event. */
  record Event(String stage, int epoch, int total, int fold, Map<String, Double> metrics, String message) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();
  final Map<String, ModelVersion> versions = new HashMap<>();
  private final TrainingJob job;
  private final Principal principal;
  private final Path work;
  private final Path dataRoot;
  private final ArtifactStore store;
  private Checkpoint resume;
  private Predicate<Event> cancelWhen = e -> false;
  private volatile boolean cancelled;

  TestContext(TrainingConfiguration config, Path temp) {
    this(config, temp, Principal.of("alice", config.organizationId(), "data_scientist"), FileArtifactStore.open(temp.resolve("home")));
  }

  TestContext(TrainingConfiguration config, Path temp, Principal principal, ArtifactStore store) {
    this.job = new TrainingJob("job-1", config.organizationId(), "model-1", principal.userId(), JobState.RUNNING, null,
        config, CLOCK.instant(), CLOCK.instant(), null, null, null, Map.of(), 0);
    this.principal = principal;
    this.work = temp.resolve("work");
    this.dataRoot = Path.of(System.getProperty("modelkit.data"));
    this.store = store;
  }

  TestContext resumeFrom(Checkpoint c) {
    this.resume = c;
    return this;
  }

  TestContext cancelWhen(Predicate<Event> p) {
    this.cancelWhen = p;
    return this;
  }

  /** Registers a result as a version other jobs can start from. */
  ModelVersion register(String modelId, String version, TrainingResult r) {
    ModelVersion v = new ModelVersion(modelId, version, job.organizationId(), "pytorch",
        LifecycleStage.DRAFT, r.artifacts(), r.metrics(), null, List.of(), Map.of(), principal.userId(), CLOCK.instant(), null);
    versions.put(modelId + ":" + version, v);
    return v;
  }

  List<Event> events(String stage) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.stage().equals(stage)) {
        out.add(e);
      }
    }
    return out;
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
    return store;
  }

  @Override
  public Clock clock() {
    return CLOCK;
  }

  @Override
  public void progress(String stage, int epoch, int totalEpochs, int fold, Map<String, Double> metrics, String message) {
    Event e = new Event(stage, epoch, totalEpochs, fold, Map.copyOf(metrics), message);
    events.add(e);
    if (cancelWhen.test(e)) {
      cancelled = true;
    }
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public void checkpoint(int epoch, int fold, ArtifactRef checkpoint, Map<String, Double> metrics) {
    checkpoints.add(new Checkpoint(epoch, fold, checkpoint, Map.copyOf(metrics)));
  }

  @Override
  public Optional<Checkpoint> lastCheckpoint() {
    return Optional.ofNullable(resume);
  }

  @Override
  public Optional<ModelVersion> findModelVersion(String modelId, String version) {
    return Optional.ofNullable(versions.get(modelId + ":" + version));
  }
}
