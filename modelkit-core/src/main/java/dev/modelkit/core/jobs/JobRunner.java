package dev.modelkit.core.jobs;

import dev.modelkit.InvalidStateException;
import dev.modelkit.TrainingException;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admitted job on a worker thread: marks it running, calls the engine with a {@link
 * RunContext}, registers the model version it produced, and ends it (with its cost) however the
 * run went. The job's resources are returned and its scratch directory deleted in every case.
 */
final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final Duration PROGRESS_WRITE_INTERVAL = Duration.ofSeconds(1);

  private final JobEnvironment env;
  private final JobRecords records;
  private final CostLedger ledger;
  private final ModelVersionWriter versions;
  private final ResourceScheduler scheduler;
  private final Map<String, ActiveJob> actives;
  private final JobEvents events;

  JobRunner(JobEnvironment env, JobRecords records, CostLedger ledger, ModelVersionWriter versions,
      ResourceScheduler scheduler, Map<String, ActiveJob> actives, JobEvents events) {
    this.env = env;
    this.records = records;
    this.ledger = ledger;
    this.versions = versions;
    this.scheduler = scheduler;
    this.actives = actives;
    this.events = events;
  }

  void run(ActiveJob a) {
    Path work = env.home().resolve("work").resolve(a.jobId);
    TrainingJob last = null;
    try {
      last = runAdmitted(a, work);
    } catch (RuntimeException | Error e) {
      LOG.error("Job {} could not be run to its end", a.jobId, e);
      last = endSafely(a, JobState.FAILED, "ModelKit could not run the job: " + describe(e));
    } finally {
      scheduler.release(a.jobId);
      deleteRecursively(work);
      finish(a, last);
    }
  }

  private TrainingJob runAdmitted(ActiveJob a, Path work) {
    if (a.shutdownRequested()) {
      // Not running yet: it stays queued and is queued again after the next start.
      return null;
    }
    if (a.cancelRequested()) {
      return end(a, JobState.CANCELLED, a.cancelReason(), a.cancelledBy(), null, null);
    }
    TrainingEngine engine;
    try {
      engine = env.engine().get();
    } catch (RuntimeException e) {
      return end(a, JobState.FAILED, "No training engine could be loaded: " + describe(e), JobStates.SYSTEM_USER,
          null, null);
    }
    TrainingJob job = markRunning(a);
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      return end(a, JobState.FAILED, "Could not create the job's work directory " + work + ": " + describe(e),
          JobStates.SYSTEM_USER, null, null);
    }
    CheckpointKeeper keeper = new CheckpointKeeper(env.metadata(), env.artifacts(), env.json(), a.organizationId,
        a.jobId, job.configuration().advancedConfig().checkpointStrategy().keepLast());
    RunContext context = new RunContext(job, a, work, env.dataRoot(), artifactsFor(job), env.clock(),
        new ProgressRecorder(a, job), keeper, (modelId, version) -> env.metadata()
            .get(ModelVersionWriter.KIND, a.organizationId, modelId + ":" + version)
            .map(r -> env.json().fromJson(r.json(), ModelVersion.class)));
    TrainingResult result = null;
    Throwable failure = null;
    try {
      result = engine.train(context);
      if (result == null) {
        failure = new TrainingException(engine.getClass().getName() + ".train returned no result");
      }
    } catch (Throwable t) {
      failure = t;
    }
    // An engine that was interrupted must not leave the pooled worker thread interrupted.
    Thread.interrupted();
    if (a.cancelRequested()) {
      return end(a, JobState.CANCELLED, a.cancelReason(), a.cancelledBy(), null, null);
    }
    if (a.shutdownRequested()) {
      return end(a, JobState.INTERRUPTED, "Interrupted: ModelKit was closed at " + env.clock().instant()
          + " while this job was running; startTraining resumes it from its last checkpoint", JobStates.SYSTEM_USER,
          null, null);
    }
    if (failure != null) {
      LOG.info("Job {} failed", a.jobId, failure);
      return end(a, JobState.FAILED, "Training failed: " + describe(failure), JobStates.SYSTEM_USER, null, null);
    }
    return register(a, job, result, engineName(engine));
  }

  private TrainingJob markRunning(ActiveJob a) {
    Instant now = env.clock().instant();
    String admittedWith = "Admitted with " + a.demand;
    TrainingJob running = records.update(a.organizationId, a.jobId, j -> {
      if (j.state() != JobState.QUEUED) {
        throw new InvalidStateException("Job '" + j.id() + "' was " + j.state() + " when admitted");
      }
      TrainingEvent admitted = new TrainingEvent(j.id(), JobState.RUNNING, JobStates.ADMITTED, 0,
          JobStates.totalEpochs(j), 0, Map.of(), admittedWith, now);
      return JobStates.running(j, now, admitted);
    }, (before, after) -> new AuditDraft(a.organizationId, JobStates.SYSTEM_USER, "job.running", JobRecords.KIND,
        a.jobId, before, after, admittedWith, now)).job();
    events.publish(a.organizationId, a.jobId, running.progress());
    return running;
  }

  private TrainingJob register(ActiveJob a, TrainingJob job, TrainingResult result, String engineName) {
    if (!result.thresholdFailures().isEmpty()) {
      String missed = "Missed quality thresholds: " + String.join("; ", result.thresholdFailures());
      ModelVersion mv = versions.register(job, result, engineName, LifecycleStage.REJECTED, missed,
          JobStates.SYSTEM_USER);
      return end(a, JobState.FAILED, missed + "; registered as version " + mv.modelId() + ":" + mv.version()
          + " in stage " + LifecycleStage.REJECTED.wireName(), JobStates.SYSTEM_USER, mv.version(), mv.metrics());
    }
    ModelVersion mv = versions.register(job, result, engineName, LifecycleStage.DRAFT, "Trained by job " + job.id(),
        JobStates.SYSTEM_USER);
    return end(a, JobState.SUCCEEDED, null, JobStates.SYSTEM_USER, mv.version(), mv.metrics());
  }

  private static String engineName(TrainingEngine engine) {
    String name = engine.name();
    return name == null || name.isBlank() ? engine.getClass().getName() : name;
  }

  /**
   * Persists the end of a run (a terminal state, or INTERRUPTED when closing) with its cost, and
   * charges the cost to the organisation.
   *
   * @param by the user id the audit record names
   */
  TrainingJob end(ActiveJob a, JobState state, String reason, String by, String modelVersion,
      Map<String, Double> metrics) {
    // Resources go back before the end is written: whoever sees the job ended (await, a listener,
    // a reader of the store) also sees the pool without it. Releasing is idempotent; run's finally
    // releases again for the paths that never reach here.
    scheduler.release(a.jobId);
    Instant now = env.clock().instant();
    double charge = a.admittedAt() == null ? 0 : ledger.cost(a.demand, a.admittedAt(), now);
    String action = "job." + state.name().toLowerCase(Locale.ROOT);
    CostLedger.Charged<JobRecords.Stored> charged;
    synchronized (events.lock(a.jobId)) {
      charged = ledger.charge(a.organizationId, a.modelId, charge, () -> records.update(a.organizationId, a.jobId,
          j -> j.state().isTerminal() ? null : JobStates.ended(j, state, reason, now, modelVersion, metrics, charge),
          (before, after) -> new AuditDraft(a.organizationId, by, action, JobRecords.KIND, a.jobId, before, after,
              reason, now)));
    }
    ledger.send(charged.alert());
    return charged.written().job();
  }

  /** Like {@link #end}, for the last-resort path: never throws, returns null when even that failed. */
  private TrainingJob endSafely(ActiveJob a, JobState state, String reason) {
    try {
      return end(a, state, reason, JobStates.SYSTEM_USER, null, null);
    } catch (RuntimeException e) {
      LOG.error("Job {} could not be marked {} ({}); it stays in its last stored state, where recovery after a "
          + "restart finds it", a.jobId, state, reason, e);
      return null;
    }
  }

  /** Forgets the active job and tells its subscribers and waiters that it ended. */
  void finish(ActiveJob a, TrainingJob last) {
    actives.remove(a.jobId, a);
    events.end(a.organizationId, a.jobId, last);
  }

  /** Publishes the engine's progress and writes it on the job per stage, epoch or fold, at most once a second otherwise. */
  private final class ProgressRecorder implements RunContext.ProgressSink {
    private final ActiveJob active;
    private final int plannedEpochs;
    private TrainingEvent lastWritten;

    ProgressRecorder(ActiveJob active, TrainingJob job) {
      this.active = active;
      this.plannedEpochs = JobStates.totalEpochs(job);
    }

    @Override
    public synchronized void progress(String stage, int epoch, int totalEpochs, int fold, Map<String, Double> metrics,
        String message) {
      TrainingEvent e = new TrainingEvent(active.jobId, JobState.RUNNING, stage, epoch,
          totalEpochs > 0 ? totalEpochs : plannedEpochs, fold, Metrics.finite(metrics), message, env.clock().instant());
      events.publish(active.organizationId, active.jobId, e);
      if (lastWritten == null || !lastWritten.stage().equals(stage) || lastWritten.epoch() != epoch
          || lastWritten.fold() != fold
          || Duration.between(lastWritten.time(), e.time()).compareTo(PROGRESS_WRITE_INTERVAL) >= 0) {
        try {
          records.update(active.organizationId, active.jobId,
              j -> j.state() == JobState.RUNNING ? JobStates.withProgress(j, e) : null, null);
          lastWritten = e;
        } catch (RuntimeException ex) {
          LOG.warn("Progress of job {} could not be written; training continues: {}", active.jobId, ex.toString());
        }
      }
    }
  }

  /** @return the failure's class and message, then its causes', so the reason is never lost */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int causes = 0;
    for (Throwable c = t; c != null && seen.add(c) && seen.size() <= 5; c = c.getCause()) {
      if (c != t) {
        sb.append(" (caused by ");
        causes++;
      }
      String name = c.getClass().getSimpleName();
      sb.append(name.isEmpty() ? c.getClass().getName() : name);
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.append(")".repeat(causes)).toString();
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not delete the work directory {}: {}", dir, e.toString());
    }
  }

  /** Jobs whose privacy configuration asks for encryption store their checkpoints and model encrypted at rest. */
  private ArtifactStore artifactsFor(TrainingJob job) {
    if (job.configuration().datasetConfig().privacyConfig().encryption() && env.encryptedArtifacts() != null) {
      return env.encryptedArtifacts().apply(job.organizationId());
    }
    return env.artifacts();
  }
}
