package dev.modelkit.core.jobs;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.TrainingException;
import dev.modelkit.config.Violation;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.resources.CostReport;
import dev.modelkit.resources.PoolStatus;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job machinery behind {@link JobManager}: validation and persistence of jobs, the scheduler,
 * the worker that runs admitted jobs, events, costs and restart recovery.
 *
 * <p>Locking: a striped lock per job serialises "the job reached its end" (persist, publish the
 * last event, close its event hub) against "someone subscribes or waits", so no subscriber can
 * register after the end was published and wait forever. Lock order is job stripe, then cost
 * account, then the stores.
 */
final class JobOrchestrator implements AutoCloseable {
  static final String SYSTEM_USER = Principal.system("system").userId();
  private static final Logger LOG = LoggerFactory.getLogger(JobOrchestrator.class);
  private static final Duration PROGRESS_WRITE_INTERVAL = Duration.ofSeconds(1);
  private static final long SHUTDOWN_GRACE_SECONDS = 10;
  private static final int STRIPES = 64;

  private final JobEnvironment env;
  private final JobRecords records;
  private final CostLedger ledger;
  private final ModelVersionWriter versions;
  private final ResourceScheduler scheduler;
  private final ExecutorService workers;
  private final ExecutorService events;
  private final Map<String, ActiveJob> actives = new ConcurrentHashMap<>();
  private final Map<String, EventHub> hubs = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private final AtomicBoolean recovered = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  JobOrchestrator(JobEnvironment env) {
    this.env = env;
    this.records = new JobRecords(env.metadata(), env.json());
    this.ledger = new CostLedger(env.metadata(), env.json(), env.clock(), env.prices(), env.alerts(), records);
    this.versions = new ModelVersionWriter(env.metadata(), env.json(), env.clock());
    this.workers = Executors.newFixedThreadPool(env.workers(), daemons("modelkit-job-worker-"));
    this.events = Executors.newCachedThreadPool(daemons("modelkit-job-events-"));
    this.scheduler = new ResourceScheduler(Demand.of(env.pool()), env.workers(), this::admit);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  // ---------------------------------------------------------------- create

  TrainingJob create(ServiceContext ctx, TrainingConfiguration config) {
    ctx.require(Permission.TRAIN);
    Objects.requireNonNull(config, "config");
    ensureOpen();
    Principal caller = ctx.principal();
    if (!config.organizationId().equals(caller.organizationId())) {
      throw new AccessDeniedException("User '" + caller.userId() + "' of organisation '" + caller.organizationId()
          + "' may not create a training job for organisation '" + config.organizationId()
          + "'; set organizationId to '" + caller.organizationId() + "'");
    }
    String modelId = ModelIds.slug(config.modelName());
    if (modelId.isEmpty()) {
      throw new ConfigurationException("TrainingConfiguration", List.of(new Violation("modelName", config.modelName(),
          "contain at least one letter or digit (a-z, 0-9), from which the model id is derived")));
    }
    TrainingEngine engine = installedEngine();
    if (engine != null) {
      List<Violation> problems = engine.validate(config);
      if (problems != null && !problems.isEmpty()) {
        throw new ConfigurationException("TrainingConfiguration", problems);
      }
    }
    checkDataAccess(caller, config.datasetConfig());
    Instant now = ctx.clock().instant();
    TrainingJob job = new TrainingJob("job-" + UUID.randomUUID(), caller.organizationId(), modelId, caller.userId(),
        JobState.QUEUED, null, config, now, null, null, null, null, Map.of(), 0);
    String body = ctx.json().toJson(job);
    records.insert(job, body, ctx.audit("job.created", JobRecords.KIND, job.id(), null, body, null));
    return job;
  }

  private TrainingEngine installedEngine() {
    try {
      return env.engine().get();
    } catch (ProviderNotFoundException none) {
      // Creating a job without an engine is allowed; starting it reports the missing engine.
      return null;
    }
  }

  private static void checkDataAccess(Principal caller, DatasetConfiguration data) {
    List<String> denied = new ArrayList<>();
    for (List<DataSource> sources : List.of(data.trainingData(), data.validationData(), data.testData())) {
      for (DataSource s : sources) {
        if (!s.permissions().isEmpty() && s.permissions().stream().noneMatch(caller.roles()::contains)) {
          denied.add("'" + s.id() + "' (allowed roles: " + s.permissions() + ")");
        }
      }
    }
    if (!denied.isEmpty()) {
      throw new AccessDeniedException("User '" + caller.userId() + "' with roles " + caller.roles()
          + " may not train on data source" + (denied.size() == 1 ? " " : "s ") + String.join(", ", denied)
          + "; ask an administrator for one of the allowed roles or remove the source");
    }
  }

  // ---------------------------------------------------------------- start

  TrainingJob start(ServiceContext ctx, String jobId) {
    ctx.require(Permission.TRAIN);
    ensureOpen();
    Principal caller = ctx.principal();
    TrainingJob job = records.require(caller.organizationId(), jobId).job();
    checkStartable(job);
    env.engine().get();
    List<Violation> tooLarge = Demand.exceeding(job.configuration().resources(), scheduler.capacity());
    if (!tooLarge.isEmpty()) {
      throw new ConfigurationException("TrainingConfiguration", tooLarge);
    }
    ActiveJob active = new ActiveJob(job.organizationId(), job.id(), job.modelId(), caller,
        Demand.of(job.configuration().resources()));
    if (actives.putIfAbsent(job.id(), active) != null) {
      throw new InvalidStateException("Job '" + jobId + "' is already started; follow it with jobs().await or subscribe");
    }
    try {
      boolean resuming = job.state() == JobState.INTERRUPTED;
      String action = resuming ? "job.resumed" : "job.started";
      JobRecords.Stored queued = records.update(job.organizationId(), jobId, j -> {
        checkStartable(j);
        String reason = j.state() == JobState.INTERRUPTED
            ? "Resuming from its last checkpoint after: " + j.reason() : null;
        return JobStates.scheduled(j, reason, scheduledEvent(j, active.demand, ctx.clock().instant()));
      }, (before, after) -> ctx.audit(action, JobRecords.KIND, jobId, before, after, null));
      publish(jobId, queued.job().progress());
      scheduler.submit(job.organizationId(), jobId, active.demand, job.configuration().resources().priority());
      return queued.job();
    } catch (RuntimeException e) {
      actives.remove(jobId, active);
      throw e;
    }
  }

  private static void checkStartable(TrainingJob j) {
    if (j.state().isTerminal()) {
      throw new InvalidStateException("Job '" + j.id() + "' already finished as " + j.state()
          + "; create a new job to train again");
    }
    if (j.state() == JobState.RUNNING) {
      throw new InvalidStateException("Job '" + j.id() + "' is already running; wait for it with jobs().await");
    }
  }

  private static TrainingEvent scheduledEvent(TrainingJob j, Demand demand, Instant now) {
    return new TrainingEvent(j.id(), JobState.QUEUED, JobStates.SCHEDULED, 0, JobStates.totalEpochs(j), 0, Map.of(),
        "Waiting for " + demand + " at priority " + j.configuration().resources().priority().wireName(), now);
  }

  /** Called by the scheduler, under its lock, for each admitted job. */
  private void admit(ResourceScheduler.Ticket ticket) {
    ActiveJob active = actives.get(ticket.jobId());
    if (active == null) {
      LOG.error("The scheduler admitted job {} which is not active; its resources are returned", ticket.jobId());
      events.execute(() -> scheduler.release(ticket.jobId()));
      return;
    }
    active.admitted(env.clock().instant());
    try {
      workers.execute(() -> run(active));
    } catch (RejectedExecutionException closing) {
      LOG.warn("Job {} was admitted while ModelKit closed; it stays queued and is resubmitted after a restart",
          ticket.jobId());
      actives.remove(ticket.jobId(), active);
    }
  }

  // ---------------------------------------------------------------- run

  private void run(ActiveJob a) {
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
      // Not yet running: it stays queued and is resubmitted after a restart.
      return null;
    }
    if (a.cancelRequested()) {
      return end(a, JobState.CANCELLED, a.cancelReason(), a.cancelledBy(), null, null);
    }
    TrainingEngine engine;
    try {
      engine = env.engine().get();
    } catch (RuntimeException e) {
      return end(a, JobState.FAILED, "No training engine could be loaded: " + describe(e), SYSTEM_USER, null, null);
    }
    Instant now = env.clock().instant();
    JobRecords.Stored running = records.update(a.organizationId, a.jobId, j -> {
      if (j.state() != JobState.QUEUED) {
        throw new InvalidStateException("Job '" + j.id() + "' was " + j.state() + " when admitted");
      }
      TrainingEvent admitted = new TrainingEvent(j.id(), JobState.RUNNING, JobStates.ADMITTED, 0,
          JobStates.totalEpochs(j), 0, Map.of(), "Admitted with " + a.demand, now);
      return JobStates.running(j, now, admitted);
    }, systemAudit(a.organizationId, "job.running", a.jobId, "admitted with " + a.demand));
    publish(a.jobId, running.job().progress());
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      return end(a, JobState.FAILED, "Could not create the job's work directory " + work + ": " + describe(e),
          SYSTEM_USER, null, null);
    }
    TrainingJob job = running.job();
    CheckpointKeeper keeper = new CheckpointKeeper(env.metadata(), env.artifacts(), env.json(), a.organizationId,
        a.jobId, job.configuration().advancedConfig().checkpointStrategy().keepLast());
    ProgressRecorder progress = new ProgressRecorder(a, job);
    RunContext context = new RunContext(job, a, work, env.dataRoot(), env.artifacts(), env.clock(), progress, keeper);
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
    // An engine that was interrupted must not leave the worker thread interrupted.
    Thread.interrupted();
    if (a.cancelRequested()) {
      return end(a, JobState.CANCELLED, a.cancelReason(), a.cancelledBy(), null, null);
    }
    if (a.shutdownRequested()) {
      return end(a, JobState.INTERRUPTED, "Interrupted: ModelKit was closed at " + env.clock().instant()
          + " while this job was running; startTraining resumes it from its last checkpoint", SYSTEM_USER, null, null);
    }
    if (failure != null) {
      LOG.info("Job {} failed", a.jobId, failure);
      return end(a, JobState.FAILED, "Training failed: " + describe(failure), SYSTEM_USER, null, null);
    }
    return register(a, job, result, engineName(engine));
  }

  private TrainingJob register(ActiveJob a, TrainingJob job, TrainingResult result, String engineName) {
    if (!result.thresholdFailures().isEmpty()) {
      String missed = "Missed quality thresholds: " + String.join("; ", result.thresholdFailures());
      ModelVersion mv = versions.register(job, result, engineName, LifecycleStage.REJECTED, missed, SYSTEM_USER);
      return end(a, JobState.FAILED, missed + "; registered as version " + mv.modelId() + ":" + mv.version()
          + " in stage " + LifecycleStage.REJECTED.wireName(), SYSTEM_USER, mv.version(), mv.metrics());
    }
    ModelVersion mv = versions.register(job, result, engineName, LifecycleStage.DRAFT,
        "Trained by job " + job.id(), SYSTEM_USER);
    return end(a, JobState.SUCCEEDED, null, SYSTEM_USER, mv.version(), mv.metrics());
  }

  private static String engineName(TrainingEngine engine) {
    return engine.getClass().getSimpleName().isEmpty() ? engine.getClass().getName()
        : engine.getClass().getSimpleName();
  }

  /**
   * Persists the end of a run (a terminal state, or INTERRUPTED when closing) with its cost, and
   * charges the cost to the organisation.
   */
  private TrainingJob end(ActiveJob a, JobState state, String reason, String by, String modelVersion,
      Map<String, Double> metrics) {
    Instant now = env.clock().instant();
    double charge = a.admittedAt() == null ? 0 : ledger.cost(a.demand, a.admittedAt(), now);
    String action = "job." + state.name().toLowerCase(Locale.ROOT);
    synchronized (stripe(a.jobId)) {
      return ledger.charge(a.organizationId, a.modelId, charge, () -> records.update(a.organizationId, a.jobId,
          j -> j.state().isTerminal() ? null : JobStates.ended(j, state, reason, now, modelVersion, metrics, charge),
          (before, after) -> new AuditDraft(a.organizationId, by == null ? SYSTEM_USER : by, action, JobRecords.KIND,
              a.jobId, before, after, reason, now))).job();
    }
  }

  /** Like {@link #end}, for the last-resort path: never throws, returns null when even that failed. */
  private TrainingJob endSafely(ActiveJob a, JobState state, String reason) {
    try {
      return end(a, state, reason, SYSTEM_USER, null, null);
    } catch (RuntimeException e) {
      LOG.error("Job {} could not be marked {} ({}); it stays in its last stored state and recovery after a restart "
          + "finds it", a.jobId, state, reason, e);
      return null;
    }
  }

  /** Publishes the job's last event, completes its subscribers and wakes its waiters. */
  private void finish(ActiveJob a, TrainingJob last) {
    actives.remove(a.jobId, a);
    synchronized (stripe(a.jobId)) {
      EventHub hub = hubs.remove(a.jobId);
      if (hub != null) {
        if (last != null) {
          hub.publish(finalEvent(last));
        }
        hub.close();
      }
    }
  }

  private TrainingEvent finalEvent(TrainingJob j) {
    TrainingEvent p = j.progress();
    String message = j.reason() != null ? j.reason()
        : j.modelVersion() != null ? "Registered model version " + j.modelId() + ":" + j.modelVersion() : null;
    return new TrainingEvent(j.id(), j.state(), JobStates.FINISHED, p == null ? 0 : p.epoch(),
        JobStates.totalEpochs(j), p == null ? 0 : p.fold(), j.metrics(), message, env.clock().instant());
  }

  private void publish(String jobId, TrainingEvent e) {
    EventHub hub = hubs.get(jobId);
    if (hub != null && e != null) {
      hub.publish(e);
    }
  }

  /** Publishes the engine's progress and writes it on the job at most once a second or per epoch. */
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
      publish(active.jobId, e);
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

  // ---------------------------------------------------------------- cancel

  /** Thrown inside an update when the job became active meanwhile; the cancel starts over. */
  private static final class BecameActive extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BecameActive() {
      super(null, null, false, false);
    }
  }

  TrainingJob cancel(ServiceContext ctx, String jobId, String reason) {
    ctx.require(Permission.TRAIN);
    Principal caller = ctx.principal();
    String why = reason == null || reason.isBlank() ? "Cancelled by " + caller.userId() : reason;
    while (true) {
      TrainingJob job = records.require(caller.organizationId(), jobId).job();
      if (job.state().isTerminal()) {
        throw new InvalidStateException("Job '" + jobId + "' already finished as " + job.state()
            + "; there is nothing to cancel");
      }
      ActiveJob active = actives.get(jobId);
      if (active != null) {
        active.requestCancel(why, caller.userId());
        if (scheduler.withdraw(jobId)) {
          TrainingJob done = end(active, JobState.CANCELLED, why, caller.userId(), null, null);
          finish(active, done);
          return done;
        }
        // Admitted: the worker sees the flag, the engine stops at its next step and the job ends cancelled.
        return records.require(caller.organizationId(), jobId).job();
      }
      try {
        TrainingJob done;
        synchronized (stripe(jobId)) {
          done = records.update(caller.organizationId(), jobId, j -> {
            if (j.state().isTerminal()) {
              throw new InvalidStateException("Job '" + jobId + "' already finished as " + j.state()
                  + "; there is nothing to cancel");
            }
            if (actives.containsKey(jobId)) {
              throw new BecameActive();
            }
            return JobStates.ended(j, JobState.CANCELLED, why, ctx.clock().instant(), null, null, 0);
          }, (before, after) -> ctx.audit("job.cancelled", JobRecords.KIND, jobId, before, after, why)).job();
          EventHub hub = hubs.remove(jobId);
          if (hub != null) {
            hub.publish(finalEvent(done));
            hub.close();
          }
        }
        return done;
      } catch (BecameActive retry) {
        // started concurrently: cancel it as an active job
      }
    }
  }

  // ---------------------------------------------------------------- read and follow

  TrainingJob get(ServiceContext ctx, String jobId) {
    ctx.require(Permission.READ);
    return records.require(ctx.principal().organizationId(), jobId).job();
  }

  List<TrainingJob> list(ServiceContext ctx, JobState state, int offset, int limit) {
    ctx.require(Permission.READ);
    if (offset < 0) {
      throw new IllegalArgumentException("offset was " + offset + " but it must be 0 or more");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit was " + limit + " but it must be 0 or more");
    }
    return limit == 0 ? List.of() : records.list(ctx.principal().organizationId(), state, offset, limit);
  }

  TrainingJob await(ServiceContext ctx, String jobId, Duration timeout) throws InterruptedException {
    ctx.require(Permission.READ);
    Objects.requireNonNull(timeout, "timeout");
    String org = ctx.principal().organizationId();
    EventHub hub;
    synchronized (stripe(jobId)) {
      TrainingJob job = records.require(org, jobId).job();
      if (job.state().isTerminal() || closed.get()) {
        return job;
      }
      hub = hubs.computeIfAbsent(jobId, k -> new EventHub());
    }
    if (!timeout.isNegative() && !timeout.isZero()) {
      hub.ended().await(Math.min(timeout.toNanos(), Long.MAX_VALUE / 2), TimeUnit.NANOSECONDS);
    }
    return records.require(org, jobId).job();
  }

  AutoCloseable subscribe(ServiceContext ctx, String jobId, Consumer<TrainingEvent> listener) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(listener, "listener");
    String org = ctx.principal().organizationId();
    records.require(org, jobId);
    EventMailbox mailbox = attach(org, jobId, new ListenerSubscriber(jobId, listener));
    return mailbox::cancel;
  }

  Flow.Publisher<TrainingEvent> events(ServiceContext ctx, String jobId) {
    ctx.require(Permission.READ);
    String org = ctx.principal().organizationId();
    records.require(org, jobId);
    return subscriber -> attach(org, jobId, Objects.requireNonNull(subscriber, "subscriber"));
  }

  private EventMailbox attach(String org, String jobId, Flow.Subscriber<? super TrainingEvent> subscriber) {
    AtomicReference<EventHub> joined = new AtomicReference<>();
    EventMailbox mailbox = new EventMailbox(jobId, subscriber, events, m -> {
      EventHub hub = joined.get();
      if (hub != null) {
        hub.remove(m);
      }
    });
    mailbox.open();
    try {
      synchronized (stripe(jobId)) {
        TrainingJob job = records.require(org, jobId).job();
        if (job.state().isTerminal() || closed.get()) {
          mailbox.complete();
        } else {
          EventHub hub = hubs.computeIfAbsent(jobId, k -> new EventHub());
          joined.set(hub);
          if (!hub.add(mailbox)) {
            mailbox.complete();
          }
        }
      }
    } catch (RuntimeException e) {
      mailbox.fail(e);
    }
    return mailbox;
  }

  /** Adapts a listener: unbounded demand, and a throwing listener only loses that one event. */
  private static final class ListenerSubscriber implements Flow.Subscriber<TrainingEvent> {
    private final String jobId;
    private final Consumer<TrainingEvent> listener;
    private long failures;

    ListenerSubscriber(String jobId, Consumer<TrainingEvent> listener) {
      this.jobId = jobId;
      this.listener = listener;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(TrainingEvent e) {
      try {
        listener.accept(e);
      } catch (RuntimeException ex) {
        // Logged once per listener so that a listener failing on every event cannot flood the log.
        if (failures++ == 0) {
          LOG.warn("A listener of job {} threw on a {} event; it keeps receiving events, and further failures are "
              + "logged at debug level", jobId, e.stage(), ex);
        } else {
          LOG.debug("A listener of job {} threw again on a {} event: {}", jobId, e.stage(), ex.toString());
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      LOG.warn("Events of job {} ended with an error: {}", jobId, t.toString());
    }

    @Override
    public void onComplete() {
      // nothing follows the last event
    }
  }

  // ---------------------------------------------------------------- resources and costs

  PoolStatus pool(ServiceContext ctx) {
    ctx.require(Permission.READ);
    String org = ctx.principal().organizationId();
    ResourceScheduler.Snapshot s = scheduler.snapshot();
    return new PoolStatus(s.capacity().cpu(), s.capacity().memoryBytes(), s.capacity().gpu(), s.inUse().cpu(),
        s.inUse().memoryBytes(), s.inUse().gpu(), idsOf(s.running(), org), idsOf(s.queued(), org));
  }

  private static List<String> idsOf(List<ResourceScheduler.Ticket> tickets, String org) {
    return tickets.stream().filter(t -> t.organizationId().equals(org)).map(ResourceScheduler.Ticket::jobId).toList();
  }

  CostReport costs(ServiceContext ctx) {
    ctx.require(Permission.READ);
    String org = ctx.principal().organizationId();
    Instant now = env.clock().instant();
    Map<String, Double> live = new HashMap<>();
    for (ResourceScheduler.Ticket t : scheduler.snapshot().running()) {
      ActiveJob a = actives.get(t.jobId());
      if (t.organizationId().equals(org) && a != null && a.admittedAt() != null) {
        records.find(org, t.jobId()).ifPresent(s ->
            live.put(t.jobId(), s.job().cost() + ledger.cost(a.demand, a.admittedAt(), now)));
      }
    }
    return ledger.report(org, live);
  }

  void setBudget(ServiceContext ctx, double amount) {
    ctx.require(Permission.ADMINISTER);
    String org = ctx.principal().organizationId();
    ledger.setBudget(org, amount, (before, after) -> ctx.audit("budget.set", OrganizationBudget.KIND, org, before,
        after, "Budget set to " + amount + " " + ledger.prices().currency()));
  }

  // ---------------------------------------------------------------- recovery and shutdown

  /**
   * Marks jobs that were running when the process died as interrupted, and hands jobs that were
   * started and still waiting back to the scheduler in their original order.
   */
  void recover() {
    if (!recovered.compareAndSet(false, true)) {
      throw new IllegalStateException("recover() runs once, at start-up; it was already called");
    }
    ensureOpen();
    Instant now = env.clock().instant();
    int interrupted = 0;
    for (JobRecords.Stored s : records.allOrganizations(JobState.RUNNING)) {
      if (actives.containsKey(s.job().id())) {
        continue;
      }
      String reason = "Interrupted: ModelKit stopped while this job was running (last recorded at "
          + s.record().updatedAt() + ", found at start-up at " + now
          + "); startTraining resumes it from its last checkpoint";
      records.update(s.job().organizationId(), s.job().id(),
          j -> j.state() == JobState.RUNNING ? JobStates.ended(j, JobState.INTERRUPTED, reason, now, null, null, 0)
              : null,
          systemAudit(s.job().organizationId(), "job.interrupted", s.job().id(), reason));
      interrupted++;
    }
    List<JobRecords.Stored> waiting = new ArrayList<>(records.allOrganizations(JobState.QUEUED).stream()
        .filter(s -> JobStates.startedAndWaiting(s.job()) && !actives.containsKey(s.job().id())).toList());
    waiting.sort(Comparator.comparing((JobRecords.Stored s) -> s.job().progress().time())
        .thenComparing(s -> s.job().createdAt()));
    int resubmitted = requeue(waiting);
    if (interrupted > 0 || !waiting.isEmpty()) {
      LOG.info("Job recovery: {} interrupted job(s) marked for resume, {} of {} waiting job(s) queued again",
          interrupted, resubmitted, waiting.size());
    }
  }

  private int requeue(List<JobRecords.Stored> waiting) {
    if (waiting.isEmpty()) {
      return 0;
    }
    try {
      env.engine().get();
    } catch (ProviderNotFoundException e) {
      LOG.warn("{} started job(s) stay queued until a training engine is installed and startTraining is called "
          + "again: {}", waiting.size(), e.getMessage());
      return 0;
    }
    List<ResourceScheduler.Submission> submissions = new ArrayList<>();
    for (JobRecords.Stored s : waiting) {
      TrainingJob j = s.job();
      List<Violation> tooLarge = Demand.exceeding(j.configuration().resources(), scheduler.capacity());
      if (!tooLarge.isEmpty()) {
        LOG.warn("Job {} stays queued: it no longer fits the resource pool ({})", j.id(), tooLarge.get(0).message());
        continue;
      }
      ActiveJob a = new ActiveJob(j.organizationId(), j.id(), j.modelId(), Principal.system(j.organizationId()),
          Demand.of(j.configuration().resources()));
      actives.put(j.id(), a);
      env.metadata().appendAudit(new AuditDraft(j.organizationId(), SYSTEM_USER, "job.requeued", JobRecords.KIND,
          j.id(), null, null, "Queued again at start-up; it had been started and was waiting for resources",
          env.clock().instant()));
      submissions.add(new ResourceScheduler.Submission(j.organizationId(), j.id(), a.demand,
          j.configuration().resources().priority()));
    }
    scheduler.submitAll(submissions);
    return submissions.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.stop();
    for (ActiveJob a : actives.values()) {
      a.requestShutdown();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Training engines did not stop within {} s of close(); interrupting them", SHUTDOWN_GRACE_SECONDS);
        workers.shutdownNow();
        workers.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (String jobId : List.copyOf(hubs.keySet())) {
      synchronized (stripe(jobId)) {
        EventHub hub = hubs.remove(jobId);
        if (hub != null) {
          hub.close();
        }
      }
    }
    events.shutdown();
    try {
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("The job manager is closed; open a new ModelKit runtime");
    }
  }

  // ---------------------------------------------------------------- helpers

  private Object stripe(String jobId) {
    return stripes[Math.floorMod(jobId.hashCode(), STRIPES)];
  }

  private BiFunction<String, String, AuditDraft> systemAudit(String org, String action, String jobId, String reason) {
    return (before, after) -> new AuditDraft(org, SYSTEM_USER, action, JobRecords.KIND, jobId, before, after, reason,
        env.clock().instant());
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
      sb.append(c.getClass().getSimpleName());
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

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
