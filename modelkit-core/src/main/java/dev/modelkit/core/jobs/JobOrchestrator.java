package dev.modelkit.core.jobs;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.config.Violation;
import dev.modelkit.resources.CostReport;
import dev.modelkit.resources.PoolStatus;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations behind {@link JobManager}'s views: create, start, cancel, read, follow, pool,
 * costs, budget, recovery and shutdown. Running a job is {@link JobRunner}'s, events are {@link
 * JobEvents}', restart recovery is {@link JobRecovery}'s.
 */
final class JobOrchestrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobOrchestrator.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final JobEnvironment env;
  private final JobRecords records;
  private final CostLedger ledger;
  private final ResourceScheduler scheduler;
  private final ExecutorService workers;
  private final JobEvents events;
  private final JobRunner runner;
  private final JobRecovery recovery;
  private final JobHistories histories;
  private final Map<String, ActiveJob> actives = new ConcurrentHashMap<>();
  private final AtomicBoolean recovered = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  JobOrchestrator(JobEnvironment env) {
    this.env = env;
    this.records = new JobRecords(env.metadata(), env.json());
    this.ledger = new CostLedger(env.metadata(), env.json(), env.clock(), env.prices(), env.alerts(), records);
    this.workers = Executors.newFixedThreadPool(env.workers(), Threads.daemons("modelkit-job-worker-"));
    this.histories = new JobHistories(env.metadata(), env.json());
    this.events = new JobEvents(env.clock(), histories);
    this.scheduler = new ResourceScheduler(Demand.of(env.pool()), env.workers(), this::admit);
    this.runner = new JobRunner(env, records, ledger, new ModelVersionWriter(env.metadata(), env.json(), env.clock()),
        scheduler, actives, events);
    this.recovery = new JobRecovery(env, records, scheduler, actives);
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
      List<Violation> problems = engine.validate(config, env.dataRoot());
      if (problems != null && !problems.isEmpty()) {
        throw new ConfigurationException("TrainingConfiguration", problems);
      }
    }
    checkDataAccess(caller, config.datasetConfig());
    if (config.datasetConfig().privacyConfig().encryption() && env.encryptedArtifacts() == null) {
      throw new ConfigurationException("TrainingConfiguration", List.of(new Violation(
          "datasetConfig.privacyConfig.encryption", "true", "be false unless the runtime has a key provider "
          + "(ModelKit.builder().keyProvider(...)) to encrypt artifacts at rest with")));
    }
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
    List<String> access = data.privacyConfig().accessControl();
    if (!access.isEmpty() && !access.contains(caller.userId()) && access.stream().noneMatch(caller.roles()::contains)) {
      throw new AccessDeniedException("User '" + caller.userId() + "' with roles " + caller.roles()
          + " is not on the data set's privacyConfig.accessControl " + access
          + "; add the user or one of their roles to it, or ask for a listed role");
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
      events.publish(job.organizationId(), jobId, queued.job().progress());
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
      CompletableFuture.runAsync(() -> scheduler.release(ticket.jobId()));
      return;
    }
    active.admitted(env.clock().instant());
    try {
      workers.execute(() -> runner.run(active));
    } catch (RejectedExecutionException closing) {
      LOG.warn("Job {} was admitted while ModelKit closed; it stays queued and is resubmitted after a restart",
          ticket.jobId());
      actives.remove(ticket.jobId(), active);
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
          TrainingJob done = runner.end(active, JobState.CANCELLED, why, caller.userId(), null, null);
          runner.finish(active, done);
          return done;
        }
        // Admitted: the worker sees the flag, the engine stops at its next step and the job ends cancelled.
        return records.require(caller.organizationId(), jobId).job();
      }
      try {
        TrainingJob done;
        synchronized (events.lock(jobId)) {
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
          events.end(caller.organizationId(), jobId, done);
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

  long count(ServiceContext ctx, JobState state) {
    ctx.require(Permission.READ);
    return records.count(ctx.principal().organizationId(), state);
  }

  TrainingJob await(ServiceContext ctx, String jobId, Duration timeout) throws InterruptedException {
    ctx.require(Permission.READ);
    Objects.requireNonNull(timeout, "timeout");
    String org = ctx.principal().organizationId();
    records.require(org, jobId);
    events.awaitEnd(jobId, () -> ended(org, jobId), timeout);
    return records.require(org, jobId).job();
  }

  AutoCloseable subscribe(ServiceContext ctx, String jobId, Consumer<TrainingEvent> listener) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(listener, "listener");
    String org = ctx.principal().organizationId();
    records.require(org, jobId);
    EventMailbox mailbox = events.attach(jobId, new ListenerSubscriber(jobId, listener), () -> ended(org, jobId));
    return mailbox::cancel;
  }

  Flow.Publisher<TrainingEvent> events(ServiceContext ctx, String jobId) {
    ctx.require(Permission.READ);
    String org = ctx.principal().organizationId();
    records.require(org, jobId);
    return subscriber -> events.attach(jobId, Objects.requireNonNull(subscriber, "subscriber"),
        () -> ended(org, jobId));
  }

  List<TrainingEvent> history(ServiceContext ctx, String jobId) {
    ctx.require(Permission.READ);
    String org = ctx.principal().organizationId();
    records.require(org, jobId);
    return histories.get(org, jobId);
  }

  /** @return whether nothing more will happen to the job in this process: it ended, or we closed */
  private boolean ended(String org, String jobId) {
    return closed.get() || records.require(org, jobId).job().state().isTerminal();
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

  void recover() {
    if (!recovered.compareAndSet(false, true)) {
      throw new IllegalStateException("recover() runs once, at start-up; it was already called");
    }
    ensureOpen();
    recovery.recover();
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
    events.close();
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("The job manager is closed; open a new ModelKit runtime");
    }
  }
}
