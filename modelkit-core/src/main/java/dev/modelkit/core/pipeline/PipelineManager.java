package dev.modelkit.core.pipeline;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.Pipelines;
import dev.modelkit.config.Violation;
import dev.modelkit.core.jobs.ModelIds;
import dev.modelkit.core.pipeline.internal.AlertKinds;
import dev.modelkit.core.pipeline.internal.Fingerprints;
import dev.modelkit.core.pipeline.internal.Notifier;
import dev.modelkit.core.pipeline.internal.PipelineStore;
import dev.modelkit.core.pipeline.internal.Stages;
import dev.modelkit.core.pipeline.internal.StoredPipeline;
import dev.modelkit.core.pipeline.internal.TriggerState;
import dev.modelkit.core.privacy.Anonymizer;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.NotificationConfig;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.PipelineTrigger;
import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageRun;
import dev.modelkit.pipeline.StageState;
import dev.modelkit.pipeline.StageType;
import dev.modelkit.pipeline.TriggerType;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.spi.TrainingEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training pipelines for the ModelKit runtime: stores pipelines and runs, executes runs on
 * its worker threads, fires schedule, new-data and alert triggers, and sends notifications.
 *
 * <p>One instance per runtime. Runs a previous process left queued or running are marked failed
 * at construction ("interrupted"), so that {@code resume} continues them from their unfinished
 * stage. {@link #close()} asks running runs to stop and waits up to ten seconds.
 */
public final class PipelineManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineManager.class);

  private final PipelineEnvironment env;
  private final PipelineStore store;
  private final Notifier notifier;
  private final RunLoop loop;
  private final ExecutorService workers;
  private final ExecutorService attempts;
  private final ScheduledExecutorService ticker;
  private final Map<String, AtomicBoolean> active = new ConcurrentHashMap<>();
  private final Object triggerLock = new Object();

  /**
   * @param env the runtime's parts
   * @throws dev.modelkit.StoreException if the metadata store fails during recovery
   */
  public PipelineManager(PipelineEnvironment env) {
    this.env = Objects.requireNonNull(env, "env");
    this.store = new PipelineStore(env.metadata(), env.json());
    this.notifier = new Notifier(env.channels(), env.json());
    this.workers = Executors.newFixedThreadPool(env.workers(), daemons("modelkit-pipeline-"));
    this.attempts = Executors.newCachedThreadPool(daemons("modelkit-pipeline-stage-"));
    this.loop = new RunLoop(env, store, notifier, new Stages(this::pseudonymKey), attempts);
    recover();
    if (env.tickEvery() != null) {
      this.ticker = Executors.newSingleThreadScheduledExecutor(daemons("modelkit-pipeline-triggers-"));
      long ms = env.tickEvery().toMillis();
      ticker.scheduleWithFixedDelay(this::tickQuietly, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      this.ticker = null;
    }
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * @param ctx the caller
   * @return the pipelines of the caller's organisation, as the caller
   */
  public Pipelines pipelines(ServiceContext ctx) {
    return new BoundPipelines(this, Objects.requireNonNull(ctx, "ctx"));
  }

  PipelineEnvironment env() {
    return env;
  }

  PipelineStore store() {
    return store;
  }

  Notifier notifier() {
    return notifier;
  }

  // ------------------------------------------------------------------ create

  ModelTrainingPipeline create(ServiceContext ctx, ModelTrainingPipeline draft) {
    ctx.require(Permission.TRAIN);
    Objects.requireNonNull(draft, "pipeline");
    Principal caller = ctx.principal();
    if (!draft.organizationId().equals(caller.organizationId())) {
      throw new AccessDeniedException("User '" + caller.userId() + "' of organisation '" + caller.organizationId()
          + "' may not create a pipeline for organisation '" + draft.organizationId() + "'");
    }
    if (draft.stages().stream().anyMatch(s -> s.type() == StageType.MODEL_DEPLOYMENT)) {
      ctx.require(Permission.DEPLOY);
    }
    if (draft.stages().stream().anyMatch(s -> s.type() == StageType.MONITORING_SETUP)) {
      ctx.require(Permission.MONITOR);
    }
    validate(draft);
    Instant now = env.clock().instant();
    ModelTrainingPipeline p = new ModelTrainingPipeline("pipeline-" + UUID.randomUUID(), draft.name(),
        draft.organizationId(), draft.stages(), draft.triggers(), draft.schedule(), draft.notifications(),
        draft.training(), caller.userId(), now);
    store.insert(new StoredPipeline(p, caller.roles()),
        body -> ctx.audit("pipeline.created", PipelineStore.PIPELINE, p.id(), null, body, null));
    armTriggers(p, now, 0);
    return p;
  }

  /** Baselines a pipeline's triggers as of now: watched data as it is, schedules due from now on. */
  private void armTriggers(ModelTrainingPipeline p, Instant now, long expectedVersion) {
    Map<String, Map<String, String>> baseline = new HashMap<>();
    Map<String, Instant> checked = new HashMap<>();
    List<PipelineTrigger> all = p.allTriggers();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).type() == TriggerType.NEW_DATA) {
        baseline.put(Integer.toString(i), Fingerprints.of(env.dataRoot().resolve(all.get(i).location())));
      } else if (all.get(i).type() == TriggerType.SCHEDULE) {
        checked.put(Integer.toString(i), now);
      }
    }
    store.saveTriggers(p.organizationId(), p.id(), new TriggerState(checked, baseline), expectedVersion);
  }

  /**
   * Replaces a pipeline's definition (name, stages, triggers, schedule, notifications, training)
   * when none of its runs is queued or running. Id, owner and creation time stay; the triggers are
   * baselined again; failed or cancelled runs made before the change can no longer be resumed.
   */
  ModelTrainingPipeline update(ServiceContext ctx, String pipelineId, ModelTrainingPipeline draft) {
    ctx.require(Permission.TRAIN);
    Objects.requireNonNull(draft, "pipeline");
    String org = ctx.principal().organizationId();
    if (draft.organizationId() != null && !draft.organizationId().equals(org)) {
      throw new AccessDeniedException("User '" + ctx.principal().userId() + "' of organisation '" + org
          + "' may not move a pipeline to organisation '" + draft.organizationId() + "'");
    }
    if (draft.stages().stream().anyMatch(s -> s.type() == StageType.MODEL_DEPLOYMENT)) {
      ctx.require(Permission.DEPLOY);
    }
    if (draft.stages().stream().anyMatch(s -> s.type() == StageType.MONITORING_SETUP)) {
      ctx.require(Permission.MONITOR);
    }
    synchronized (triggerLock) {
      StoredPipeline current = store.pipeline(org, pipelineId);
      requireIdle(current.pipeline(), "changed");
      validate(draft);
      ModelTrainingPipeline old = current.pipeline();
      Instant now = env.clock().instant();
      ModelTrainingPipeline p = new ModelTrainingPipeline(old.id(), draft.name(), org, draft.stages(), draft.triggers(),
          draft.schedule(), draft.notifications(), draft.training(), old.createdBy(), old.createdAt());
      store.replace(new StoredPipeline(p, current.ownerRoles(), now, ctx.principal().userId()), false,
          (before, after) -> ctx.audit("pipeline.updated", PipelineStore.PIPELINE, p.id(), before, after, null));
      armTriggers(p, now, store.triggers(org, p.id()).map(PipelineStore.Versioned::version).orElse(0L));
      return p;
    }
  }

  /**
   * Deletes a pipeline when none of its runs is queued or running: it stops triggering and is no
   * longer found or listed; its stored definition and its runs stay for the audit trail.
   */
  void delete(ServiceContext ctx, String pipelineId) {
    ctx.require(Permission.TRAIN);
    String org = ctx.principal().organizationId();
    synchronized (triggerLock) {
      StoredPipeline current = store.pipeline(org, pipelineId);
      requireIdle(current.pipeline(), "deleted");
      store.replace(new StoredPipeline(current.pipeline(), current.ownerRoles(), env.clock().instant(),
          ctx.principal().userId()), true,
          (before, after) -> ctx.audit("pipeline.deleted", PipelineStore.PIPELINE, pipelineId, before, after, null));
    }
  }

  private void requireIdle(ModelTrainingPipeline p, String what) {
    for (PipelineRun r : store.runs(p.organizationId(), p.id(), 0, Integer.MAX_VALUE)) {
      if (!r.state().isTerminal()) {
        throw new InvalidStateException("Pipeline '" + p.id() + "' cannot be " + what + " while its run '" + r.id()
            + "' is " + r.state().wireName() + "; cancel it with pipelines().cancel or wait for it with"
            + " pipelines().await");
      }
    }
  }

  private void validate(ModelTrainingPipeline p) {
    List<Violation> problems = new ArrayList<>();
    List<PipelineTrigger> all = p.allTriggers();
    for (int i = 0; i < p.triggers().size() + (p.schedule() == null ? 0 : 1); i++) {
      PipelineTrigger t = all.get(i);
      String path = i < p.triggers().size() ? "triggers[" + i + "]" : "schedule";
      if (t.type() == TriggerType.SCHEDULE) {
        try {
          CronExpression.parse(t.schedule().cron());
        } catch (IllegalArgumentException e) {
          problems.add(new Violation(path + (path.equals("schedule") ? "" : ".schedule") + ".cron", t.schedule().cron(),
              "be a valid five-field cron expression (" + e.getMessage() + ")"));
        }
      }
      if (t.type() == TriggerType.NEW_DATA && !Files.isDirectory(env.dataRoot().resolve(t.location()))) {
        problems.add(new Violation(path + ".location", t.location(), "name an existing directory (resolved against "
            + env.dataRoot() + ")"));
      }
    }
    for (int i = 0; i < p.notifications().size(); i++) {
      NotificationConfig n = p.notifications().get(i);
      if (!notifier.exists(n.channel())) {
        problems.add(new Violation("notifications[" + i + "].channel", n.channel(), "be one of "
            + notifier.names() + " (add a NotificationChannelProvider for others)"));
      }
    }
    var privacy = p.training().datasetConfig().privacyConfig();
    if (privacy.anonymization()) {
      boolean preprocessBeforeTraining = false;
      for (PipelineStage s : p.stages()) {
        if (s.type() == StageType.DATA_PREPROCESSING) {
          preprocessBeforeTraining = true;
        }
        if (s.type() == StageType.MODEL_TRAINING) {
          break;
        }
      }
      if (!preprocessBeforeTraining && p.stages().stream().anyMatch(s -> s.type() == StageType.MODEL_TRAINING)) {
        problems.add(new Violation("stages", p.stages().stream().map(PipelineStage::name).toList().toString(),
            "contain a data_preprocessing stage before model_training, which anonymises the data as "
                + "training.datasetConfig.privacyConfig.anonymization asks"));
      }
    }
    if (privacy.encryption() && env.keys() == null) {
      problems.add(new Violation("training.datasetConfig.privacyConfig.encryption", "true",
          "be false unless the runtime has a key provider (ModelKit.builder().keyProvider(...))"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("ModelTrainingPipeline", problems);
    }
  }

  // ------------------------------------------------------------------ runs

  PipelineRun start(StoredPipeline sp, Principal as, TriggerType trigger, String detail) {
    ModelTrainingPipeline p = sp.pipeline();
    List<StageRun> stages = p.stages().stream().map(StageRun::pending).toList();
    Instant now = env.clock().instant();
    PipelineRun run = new PipelineRun("run-" + UUID.randomUUID(), p.id(), p.organizationId(), RunState.QUEUED, trigger,
        detail, as.userId(), now, null, stages, List.of(), null, 0);
    String body = env.json().toJson(run);
    store.insertRun(run, new AuditDraft(p.organizationId(), as.userId(), "pipeline.run_created", PipelineStore.RUN,
        run.id(), null, body, trigger.wireName() + (detail == null ? "" : ": " + detail), now));
    submit(run, as);
    return run;
  }

  private void submit(PipelineRun run, Principal as) {
    AtomicBoolean stop = new AtomicBoolean();
    active.put(run.id(), stop);
    try {
      workers.execute(() -> {
        try {
          loop.execute(run.organizationId(), run.id(), as, stop);
        } catch (RuntimeException | Error e) {
          LOG.error("Pipeline run {} failed unexpectedly", run.id(), e);
          failQuietly(run.organizationId(), run.id(), "the run failed unexpectedly: " + e);
        } finally {
          active.remove(run.id(), stop);
        }
      });
    } catch (RejectedExecutionException closing) {
      active.remove(run.id(), stop);
      failQuietly(run.organizationId(), run.id(), "ModelKit was closing; resume the run after the next start");
    }
  }

  private void failQuietly(String org, String runId, String reason) {
    try {
      store.updateRun(org, runId, r -> r.state().isTerminal() ? r : RunLoop.withState(r, RunState.FAILED, reason,
          env.clock().instant()), (b, a) -> new AuditDraft(org, Principal.system(org).userId(), "pipeline.run_failed",
          PipelineStore.RUN, runId, b, a, reason, env.clock().instant()));
    } catch (RuntimeException e) {
      LOG.error("Could not mark pipeline run {} failed", runId, e);
    }
  }

  PipelineRun resume(ServiceContext ctx, String runId) {
    ctx.require(Permission.TRAIN);
    String org = ctx.principal().organizationId();
    PipelineRun current = store.run(org, runId);
    StoredPipeline definition = store.find(org, current.pipelineId()).orElseThrow(() -> new InvalidStateException(
        "Pipeline run '" + runId + "' cannot be resumed: its pipeline '" + current.pipelineId() + "' was deleted"));
    if (definition.updatedAt() != null && current.createdAt().isBefore(definition.updatedAt())) {
      throw new InvalidStateException("Pipeline run '" + runId + "' cannot be resumed: its pipeline '"
          + current.pipelineId() + "' was changed at " + definition.updatedAt() + " by '" + definition.updatedBy()
          + "', after the run started; start a new run with pipelines().run");
    }
    if (active.containsKey(runId)) {
      throw new InvalidStateException("Pipeline run '" + runId + "' is still " + current.state().wireName()
          + "; wait for it with pipelines().await");
    }
    PipelineRun resumed = store.updateRun(org, runId, r -> {
      if (r.state() != RunState.FAILED && r.state() != RunState.CANCELLED) {
        throw new InvalidStateException("Pipeline run '" + runId + "' is " + r.state().wireName()
            + "; only failed or cancelled runs can be resumed");
      }
      List<StageRun> stages = new ArrayList<>();
      for (StageRun s : r.stages()) {
        stages.add(s.state() == StageState.SUCCEEDED ? s : new StageRun(s.name(), s.type(), StageState.PENDING, 0, null,
            null, Map.of(), List.of(), Map.of(), s.message() == null ? null : "before resume: " + s.message()));
      }
      return new PipelineRun(r.id(), r.pipelineId(), r.organizationId(), RunState.QUEUED, r.trigger(),
          r.triggerDetail(), r.startedBy(), r.createdAt(), null, stages, r.warnings(), null, r.resumes() + 1);
    }, (b, a) -> ctx.audit("pipeline.run_resumed", PipelineStore.RUN, runId, b, a, null));
    submit(resumed, ctx.principal());
    return resumed;
  }

  PipelineRun cancel(ServiceContext ctx, String runId, String reason) {
    ctx.require(Permission.TRAIN);
    String org = ctx.principal().organizationId();
    String why = "Cancelled by " + ctx.principal().userId() + (reason == null || reason.isBlank() ? "" : ": " + reason);
    PipelineRun run = store.updateRun(org, runId, r -> {
      if (r.state().isTerminal()) {
        throw new InvalidStateException("Pipeline run '" + runId + "' already finished as " + r.state().wireName());
      }
      return RunLoop.withState(r, r.state(), why, null);
    }, (b, a) -> ctx.audit("pipeline.run_cancel_requested", PipelineStore.RUN, runId, b, a, why));
    AtomicBoolean stop = active.get(runId);
    if (stop != null) {
      stop.set(true);
    }
    return run;
  }

  PipelineRun await(String org, String runId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      PipelineRun r = store.run(org, runId);
      if ((r.state().isTerminal() && !active.containsKey(runId)) || System.nanoTime() >= deadline) {
        return r;
      }
      Thread.sleep(20);
    }
  }

  private void recover() {
    for (RunState s : List.of(RunState.QUEUED, RunState.RUNNING)) {
      for (PipelineRun r : store.runsInState(s.wireName())) {
        String reason = "Interrupted: ModelKit stopped while the run was " + s.wireName()
            + "; resume it with pipelines().resume";
        store.updateRun(r.organizationId(), r.id(), x -> {
          List<StageRun> stages = new ArrayList<>();
          for (StageRun st : x.stages()) {
            stages.add(st.state() == StageState.RUNNING ? new StageRun(st.name(), st.type(), StageState.FAILED,
                st.attempts(), st.startedAt(), env.clock().instant(), Map.of(), List.of(), Map.of(), reason) : st);
          }
          PipelineRun y = RunLoop.withState(x, RunState.FAILED, reason, env.clock().instant());
          return new PipelineRun(y.id(), y.pipelineId(), y.organizationId(), y.state(), y.trigger(), y.triggerDetail(),
              y.startedBy(), y.createdAt(), y.finishedAt(), stages, y.warnings(), y.reason(), y.resumes());
        }, (b, a) -> new AuditDraft(r.organizationId(), Principal.system(r.organizationId()).userId(),
            "pipeline.run_interrupted", PipelineStore.RUN, r.id(), b, a, reason, env.clock().instant()));
      }
    }
  }

  // ------------------------------------------------------------------ triggers

  /**
   * Checks every pipeline's schedules and watched locations once, starting the runs that are due.
   * Runs every {@code tickEvery}; tests call it directly with a stepped clock.
   */
  public void tick() {
    synchronized (triggerLock) {
      Instant now = env.clock().instant();
      for (StoredPipeline sp : store.allPipelines()) {
        ModelTrainingPipeline p = sp.pipeline();
        List<PipelineTrigger> all = p.allTriggers();
        if (all.stream().noneMatch(t -> t.type() == TriggerType.SCHEDULE || t.type() == TriggerType.NEW_DATA)) {
          continue;
        }
        var stored = store.triggers(p.organizationId(), p.id());
        TriggerState state = stored.map(PipelineStore.Versioned::value).orElse(new TriggerState(Map.of(), Map.of()));
        Map<String, Instant> checked = new HashMap<>(state.scheduleCheckedUntil());
        Map<String, Map<String, String>> prints = new HashMap<>(state.fingerprints());
        List<String> reasons = new ArrayList<>();
        TriggerType firing = null;
        for (int i = 0; i < all.size(); i++) {
          PipelineTrigger t = all.get(i);
          String key = Integer.toString(i);
          if (t.type() == TriggerType.SCHEDULE) {
            CronExpression cron = CronExpression.parse(t.schedule().cron());
            Instant from = checked.getOrDefault(key, p.createdAt());
            ZonedDateTime due = cron.next(from.atZone(ZoneId.of(t.schedule().timeZone())));
            checked.put(key, now);
            if (due != null && !due.toInstant().isAfter(now)) {
              reasons.add("schedule '" + cron + "' (" + t.schedule().timeZone() + ") was due at " + due.toInstant());
              firing = firing == null ? TriggerType.SCHEDULE : firing;
            }
          } else if (t.type() == TriggerType.NEW_DATA) {
            Map<String, String> current = Fingerprints.of(env.dataRoot().resolve(t.location()));
            Map<String, String> before = prints.get(key);
            prints.put(key, current);
            List<String> changed = before == null ? List.of() : Fingerprints.changed(before, current);
            if (!changed.isEmpty()) {
              reasons.add("new or changed data in " + t.location() + ": " + changed);
              firing = firing == null ? TriggerType.NEW_DATA : firing;
            }
          }
        }
        store.saveTriggers(p.organizationId(), p.id(), new TriggerState(checked, prints),
            stored.map(PipelineStore.Versioned::version).orElse(0L));
        if (firing != null) {
          fire(sp, firing, String.join("; ", reasons));
        }
      }
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("Checking pipeline triggers failed; trying again at the next tick", e);
    }
  }

  /**
   * Starts the runs whose drift or performance-drop trigger matches an alert. Called on the
   * runtime's alert thread.
   *
   * @param alert a monitoring alert
   */
  public void onAlert(Alert alert) {
    for (StoredPipeline sp : store.allPipelines()) {
      ModelTrainingPipeline p = sp.pipeline();
      if (!p.organizationId().equals(alert.organizationId())) {
        continue;
      }
      for (PipelineTrigger t : p.allTriggers()) {
        boolean kind = (t.type() == TriggerType.DRIFT_ALERT && AlertKinds.isDrift(alert))
            || (t.type() == TriggerType.PERFORMANCE_DROP && AlertKinds.isPerformance(alert));
        String model = t.modelId() != null ? t.modelId() : ModelIds.slug(p.training().modelName());
        if (kind && model.equals(alert.modelId()) && (t.ruleName() == null || t.ruleName().equals(alert.name()))) {
          fire(sp, t.type(), "alert " + alert.id() + " '" + alert.name() + "' (" + alert.condition() + ", value "
              + alert.value() + ") on " + alert.modelId() + " " + alert.version());
          break;
        }
      }
    }
  }

  private void fire(StoredPipeline sp, TriggerType type, String detail) {
    ModelTrainingPipeline p = sp.pipeline();
    boolean busy = store.runs(p.organizationId(), p.id(), 0, Integer.MAX_VALUE).stream()
        .anyMatch(r -> !r.state().isTerminal());
    if (busy) {
      LOG.info("Pipeline {} already has a run in progress; {} trigger not started: {}", p.id(), type.wireName(),
          detail);
      return;
    }
    try {
      start(sp, sp.owner(), type, detail);
    } catch (RuntimeException e) {
      LOG.warn("Pipeline {} could not start a {} run: {}", p.id(), type.wireName(), e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ keys

  /**
   * The pseudonymisation key of an organisation: derived from its encryption key when the host
   * supplies keys, else from a random secret kept in the home directory (created once, owner-only).
   */
  private byte[] pseudonymKey(byte[] organizationId) {
    String org = new String(organizationId, StandardCharsets.UTF_8);
    if (env.keys() != null) {
      return Anonymizer.derivePseudonymKey(env.keys().key(env.keys().currentKeyId(org)));
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(runtimeSecret(), "HmacSHA256"));
      return mac.doFinal(organizationId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private synchronized byte[] runtimeSecret() {
    Path file = env.home().resolve("pipelines").resolve("pseudonym.key");
    try {
      if (Files.exists(file)) {
        return Files.readAllBytes(file);
      }
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "pseudonym", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the home directory's ACL applies
      }
      Files.write(tmp, secret);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new dev.modelkit.StoreException("Cannot read or create the pseudonymisation secret " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** @return the training engine, or a clear error naming the artifact */
  TrainingEngine engine() {
    return env.engine().get();
  }

  /** Stops triggers, asks running runs to stop, and waits up to ten seconds for them. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    active.values().forEach(s -> s.set(true));
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    attempts.shutdownNow();
  }
}
