package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.TrainingJobs;
import dev.modelkit.config.Violation;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.training.DeploymentConfiguration;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path home;
  private JobFixture fx;
  private StandaloneContext alice;
  private TrainingJobs jobs;

  @BeforeEach
  void open() {
    fx = JobFixture.embedded(home);
    fx.open();
    alice = fx.ctx("alice", "acme", Roles.DATA_SCIENTIST);
    jobs = fx.jobs(alice);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  /** Reports three epochs, checks the work directory, and returns accuracy 0.9. */
  private static ScriptedEngine succeeding(AtomicReference<Path> workDir) {
    return new ScriptedEngine(ctx -> {
      workDir.set(ctx.workDirectory());
      assertTrue(Files.isDirectory(ctx.workDirectory()));
      Files.writeString(ctx.workDirectory().resolve("scratch.txt"), "temporary");
      for (int epoch = 1; epoch <= 3; epoch++) {
        ctx.progress("model_training", epoch, 3, 0, Map.of("loss", 1.0 / epoch), null);
      }
      return ScriptedEngine.result(ctx, Map.of("accuracy", 0.9), List.of());
    });
  }

  @Test
  void aJobRunsFromQueuedToSucceededAndRegistersADraftVersion() throws Exception {
    AtomicReference<Path> work = new AtomicReference<>();
    fx.engine.set(succeeding(work));
    TrainingConfiguration config = JobFixture.config("acme", "Credit Risk Model");

    TrainingJob created = jobs.create(config);
    assertEquals(JobState.QUEUED, created.state());
    assertEquals("credit-risk-model", created.modelId());
    assertEquals("alice", created.createdBy());
    assertEquals(created, jobs.get(created.id()), "the stored job reads back equal");

    TrainingJob submitted = jobs.start(created.id());
    assertEquals(JobState.QUEUED, submitted.state());
    TrainingJob done = jobs.await(created.id(), WAIT);

    assertEquals(JobState.SUCCEEDED, done.state(), () -> "reason: " + done.reason());
    assertNull(done.reason());
    assertEquals("1", done.modelVersion());
    assertEquals(Map.of("accuracy", 0.9), done.metrics());
    assertNotNull(done.startedAt());
    assertNotNull(done.finishedAt());
    assertFalse(Files.exists(work.get()), "the work directory is deleted at the end");
    assertEquals(home.resolve("work").resolve(created.id()), work.get());

    EntityRecord stored = fx.metadata.get(ModelVersionWriter.KIND, "acme", "credit-risk-model:1").orElseThrow();
    assertEquals("draft", stored.status());
    ModelVersion mv = fx.json.fromJson(stored.json(), ModelVersion.class);
    assertEquals(LifecycleStage.DRAFT, mv.stage());
    assertEquals(created.id(), mv.lineage().jobId());
    assertEquals(ModelVersionWriter.sha256(fx.json.toJson(config)), mv.lineage().configurationSha256());
    assertEquals(7L, mv.lineage().seed());
    assertEquals("custom", mv.lineage().baseModel());
    assertEquals("ab".repeat(32), mv.lineage().datasetFingerprints().get("train"));
    assertEquals("1.0", mv.lineage().libraryVersions().get("fake-engine"));
    assertTrue(mv.lineage().libraryVersions().containsKey("java"));
    assertEquals(Map.of(), mv.requiredApprovals(), "no approval required by default");
    assertTrue(mv.artifacts().containsKey("model"));

    TrainingJob second = jobs.create(config);
    jobs.start(second.id());
    assertEquals("2", jobs.await(second.id(), WAIT).modelVersion(), "versions count up per model");

    assertEquals(List.of("job.created", "job.started", "job.running", "job.succeeded"),
        fx.jobActions("acme", created.id()));
    List<AuditDraft> registered = fx.audit("acme", ModelVersionWriter.KIND, "credit-risk-model:1");
    assertEquals(List.of("model_version.registered"), registered.stream().map(AuditDraft::action).toList());
    assertEquals(stored.json(), registered.get(0).after());
  }

  @Test
  void aRunFindsEarlierVersionsOfItsOwnOrganisationOnlyAndRecordsTheEngineName() throws Exception {
    fx.engine.set(new ScriptedEngine(ctx -> ScriptedEngine.result(ctx, Map.of("accuracy", 0.9), List.of())));
    TrainingJob base = jobs.create(JobFixture.config("acme", "Base Model"));
    jobs.start(base.id());
    assertEquals(JobState.SUCCEEDED, jobs.await(base.id(), WAIT).state());
    ModelVersion stored = fx.json.fromJson(
        fx.metadata.get(ModelVersionWriter.KIND, "acme", "base-model:1").orElseThrow().json(), ModelVersion.class);
    assertEquals("ScriptedEngine", stored.engine(), "an engine without a name() is recorded by its class name");

    StandaloneContext bob = fx.ctx("bob", "globex", Roles.DATA_SCIENTIST);
    List<String> seen = new CopyOnWriteArrayList<>();
    fx.engine.set(new ScriptedEngine(ctx -> {
      seen.add(ctx.job().organizationId() + " base:1=" + ctx.findModelVersion("base-model", "1").map(v -> v.modelId() + ":" + v.version())
          .orElse("none") + " base:2=" + ctx.findModelVersion("base-model", "2").isPresent()
          + " blank=" + ctx.findModelVersion("", "1").isPresent());
      return ScriptedEngine.result(ctx, Map.of("accuracy", 0.9), List.of());
    }) {
      @Override
      public String name() {
        return "scripted";
      }
    });
    TrainingJob child = jobs.create(JobFixture.config("acme", "Child"));
    jobs.start(child.id());
    assertEquals(JobState.SUCCEEDED, jobs.await(child.id(), WAIT).state());
    TrainingJobs bobJobs = fx.jobs(bob);
    TrainingJob foreign = bobJobs.create(JobFixture.config("globex", "Child"));
    bobJobs.start(foreign.id());
    assertEquals(JobState.SUCCEEDED, bobJobs.await(foreign.id(), WAIT).state());

    assertEquals(List.of("acme base:1=base-model:1 base:2=false blank=false",
        "globex base:1=none base:2=false blank=false"), seen,
        "a version is found by id in the job's organisation and never in another's");
    assertEquals("scripted", fx.json.fromJson(
        fx.metadata.get(ModelVersionWriter.KIND, "acme", "child:1").orElseThrow().json(), ModelVersion.class).engine());
  }

  @Test
  void anEngineFailureEndsTheJobFailedWithTheWholeMessage() throws Exception {
    fx.engine.set(new ScriptedEngine(ctx -> {
      throw new IllegalStateException("out of data", new IOException("disk gone"));
    }));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    jobs.start(job.id());
    TrainingJob done = jobs.await(job.id(), WAIT);
    assertEquals(JobState.FAILED, done.state());
    assertEquals("Training failed: IllegalStateException: out of data (caused by IOException: disk gone)",
        done.reason());
    assertNull(done.modelVersion());
    assertTrue(fx.metadata.list(ModelVersionWriter.KIND, "acme", null, 0, 10).isEmpty());
  }

  @Test
  void missedThresholdsFailTheJobAndRegisterARejectedVersion() throws Exception {
    fx.engine.set(new ScriptedEngine(ctx -> ScriptedEngine.result(ctx, Map.of("accuracy", 0.61),
        List.of("accuracy 0.61 is below minAccuracy 0.8"))));
    TrainingJob job = jobs.create(JobFixture.config("acme", "Fraud"));
    jobs.start(job.id());
    TrainingJob done = jobs.await(job.id(), WAIT);
    assertEquals(JobState.FAILED, done.state());
    assertEquals("Missed quality thresholds: accuracy 0.61 is below minAccuracy 0.8; registered as version fraud:1 "
        + "in stage rejected", done.reason());
    assertEquals("1", done.modelVersion());
    EntityRecord stored = fx.metadata.get(ModelVersionWriter.KIND, "acme", "fraud:1").orElseThrow();
    assertEquals("rejected", stored.status());
    ModelVersion mv = fx.json.fromJson(stored.json(), ModelVersion.class);
    assertEquals(LifecycleStage.REJECTED, mv.stage());
    assertEquals("Missed quality thresholds: accuracy 0.61 is below minAccuracy 0.8", mv.note());
  }

  @Test
  void approvalRequiredWithoutRolesNeedsOneAdministrator() throws Exception {
    fx.engine.set(succeeding(new AtomicReference<>()));
    TrainingConfiguration config = JobFixture.config("acme", "m").toBuilder()
        .deploymentConfig(new DeploymentConfiguration(false, null, true, true, null)).build();
    TrainingJob job = jobs.create(config);
    jobs.start(job.id());
    jobs.await(job.id(), WAIT);
    ModelVersion mv = fx.json.fromJson(fx.metadata.get(ModelVersionWriter.KIND, "acme", "m:1").orElseThrow().json(),
        ModelVersion.class);
    assertEquals(Map.of("administrator", 1), mv.requiredApprovals());

    TrainingConfiguration named = config.toBuilder()
        .deploymentConfig(new DeploymentConfiguration(false, null, true, true, Map.of("risk_officer", 2))).build();
    TrainingJob job2 = jobs.create(named);
    jobs.start(job2.id());
    jobs.await(job2.id(), WAIT);
    ModelVersion mv2 = fx.json.fromJson(fx.metadata.get(ModelVersionWriter.KIND, "acme", "m:2").orElseThrow().json(),
        ModelVersion.class);
    assertEquals(Map.of("risk_officer", 2), mv2.requiredApprovals());
  }

  @Test
  void cancellingAQueuedJobRemovesItFromTheQueue() throws Exception {
    fx.open(new ResourcePool(1, 4 * JobFixture.GIB, 0), Prices.free("EUR"), 2);
    jobs = fx.jobs(alice);
    CountDownLatch release = new CountDownLatch(1);
    fx.engine.set(new ScriptedEngine(ctx -> {
      release.await(10, TimeUnit.SECONDS);
      return ScriptedEngine.result(ctx, Map.of(), List.of());
    }));
    TrainingJob blocker = jobs.create(JobFixture.config("acme", "blocker"));
    TrainingJob waiting = jobs.create(JobFixture.config("acme", "waiting"));
    jobs.start(blocker.id());
    jobs.start(waiting.id());
    assertEquals(List.of(waiting.id()), fx.manager().resources(alice).pool().queued());

    TrainingJob cancelled = jobs.cancel(waiting.id(), "not needed any more");
    assertEquals(JobState.CANCELLED, cancelled.state());
    assertEquals("not needed any more", cancelled.reason());
    assertEquals(List.of(), fx.manager().resources(alice).pool().queued());
    assertEquals(JobState.CANCELLED, jobs.await(waiting.id(), Duration.ZERO).state());
    InvalidStateException again = assertThrows(InvalidStateException.class, () -> jobs.cancel(waiting.id(), "x"));
    assertEquals("Job '" + waiting.id() + "' already finished as CANCELLED; there is nothing to cancel",
        again.getMessage());
    assertThrows(InvalidStateException.class, () -> jobs.start(waiting.id()));

    release.countDown();
    assertEquals(JobState.SUCCEEDED, jobs.await(blocker.id(), WAIT).state());
  }

  @Test
  void cancellingAnUnstartedJobWorksWithoutAnEngine() {
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    TrainingJob cancelled = jobs.cancel(job.id(), null);
    assertEquals(JobState.CANCELLED, cancelled.state());
    assertEquals("Cancelled by alice", cancelled.reason());
  }

  @Test
  void cancellingARunningJobStopsTheEngineAtItsNextStep() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    fx.engine.set(new ScriptedEngine(ctx -> {
      running.countDown();
      int step = 0;
      while (!ctx.cancelled()) {
        ctx.progress("model_training", ++step, 1000, 0, Map.of(), null);
        Thread.sleep(1);
      }
      return ScriptedEngine.result(ctx, Map.of("accuracy", 0.5), List.of());
    }));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    jobs.start(job.id());
    assertTrue(running.await(10, TimeUnit.SECONDS));
    TrainingJob during = jobs.cancel(job.id(), "wrong data");
    assertEquals(JobState.RUNNING, during.state(), "the engine stops at its next step, not at once");
    TrainingJob done = jobs.await(job.id(), WAIT);
    assertEquals(JobState.CANCELLED, done.state());
    assertEquals("wrong data", done.reason());
    assertNull(done.modelVersion(), "a cancelled job registers no version");
    assertEquals(0, fx.manager().resources(alice).pool().cpuInUse());
    List<AuditDraft> trail = fx.audit("acme", JobRecords.KIND, job.id());
    AuditDraft last = trail.get(trail.size() - 1);
    assertEquals("job.cancelled", last.action());
    assertEquals("alice", last.principal());
  }

  @Test
  void awaitReturnsTheUnfinishedJobWhenTheTimeoutPasses() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    fx.engine.set(new ScriptedEngine(ctx -> {
      release.await(10, TimeUnit.SECONDS);
      return ScriptedEngine.result(ctx, Map.of(), List.of());
    }));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    assertEquals(JobState.QUEUED, jobs.await(job.id(), Duration.ofMillis(20)).state(), "never started");
    jobs.start(job.id());
    long t0 = System.nanoTime();
    TrainingJob early = jobs.await(job.id(), Duration.ofMillis(100));
    assertTrue(System.nanoTime() - t0 >= 90_000_000L, "await waited for the timeout");
    assertFalse(early.state().isTerminal());
    release.countDown();
    assertEquals(JobState.SUCCEEDED, jobs.await(job.id(), WAIT).state());
  }

  @Test
  void listenersAndPublishersSeeEveryEventInOrderAndAThrowingListenerBreaksNothing() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    fx.engine.set(new ScriptedEngine(ctx -> {
      go.await(10, TimeUnit.SECONDS);
      for (int epoch = 1; epoch <= 50; epoch++) {
        ctx.progress("model_training", epoch, 50, 0, Map.of("loss", 1.0 / epoch), "epoch " + epoch);
      }
      return ScriptedEngine.result(ctx, Map.of("accuracy", 0.8), List.of());
    }));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));

    List<TrainingEvent> heard = new CopyOnWriteArrayList<>();
    List<Integer> thrownOn = new CopyOnWriteArrayList<>();
    jobs.subscribe(job.id(), heard::add);
    jobs.subscribe(job.id(), e -> {
      thrownOn.add(e.epoch());
      throw new IllegalStateException("listener bug");
    });
    RecordingSubscriber published = new RecordingSubscriber(3);
    jobs.events(job.id()).subscribe(published);
    // A listener stuck on its first event until the job has ended: delivery must not wait for it.
    CountDownLatch unblock = new CountDownLatch(1);
    List<TrainingEvent> slow = new CopyOnWriteArrayList<>();
    jobs.subscribe(job.id(), e -> {
      try {
        unblock.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      slow.add(e);
    });

    jobs.start(job.id());
    go.countDown();
    TrainingJob done = jobs.await(job.id(), WAIT);
    assertEquals(JobState.SUCCEEDED, done.state(), "the throwing listener did not break the job");
    assertTrue(slow.isEmpty(), "the job ended while a listener was still stuck on its first event");
    unblock.countDown();
    assertTrue(published.completed.await(10, TimeUnit.SECONDS), "the publisher completes when the job ends");

    List<String> expected = new ArrayList<>(List.of("scheduled", "admitted"));
    for (int i = 1; i <= 50; i++) {
      expected.add("model_training/" + i);
    }
    expected.add("finished");
    assertEquals(expected, published.received.stream().map(JobLifecycleTest::label).toList());
    assertEquals(JobState.SUCCEEDED, published.received.get(published.received.size() - 1).state());
    awaitSize(heard, expected.size());
    assertEquals(expected, heard.stream().map(JobLifecycleTest::label).toList());
    awaitSize(thrownOn, expected.size());
    assertEquals(expected.size(), thrownOn.size(), "the throwing listener kept receiving events");
    assertNull(published.error.get());
    awaitSize(slow, expected.size());
    assertEquals(expected, slow.stream().map(JobLifecycleTest::label).toList(), "the slow listener lost nothing");
  }

  @Test
  void subscribingToAFinishedJobCompletesAtOnce() throws Exception {
    fx.engine.set(succeeding(new AtomicReference<>()));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    jobs.start(job.id());
    jobs.await(job.id(), WAIT);
    RecordingSubscriber late = new RecordingSubscriber(Long.MAX_VALUE);
    jobs.events(job.id()).subscribe(late);
    assertTrue(late.completed.await(5, TimeUnit.SECONDS));
    assertTrue(late.received.isEmpty());
  }

  @Test
  void startingWithoutAnEngineFailsWithTheProviderErrorButCreatingWorks() {
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, () -> jobs.start(job.id()));
    assertTrue(e.getMessage().contains("modelkit-training-djl"));
    assertEquals(JobState.QUEUED, jobs.get(job.id()).state());
    assertNull(jobs.get(job.id()).progress(), "a refused start leaves the job unstarted");
  }

  @Test
  void engineValidationProblemsAreReportedTogether() {
    fx.engine.set(new ScriptedEngine(ctx -> null, c -> List.of(
        new Violation("baseModel", "gpt-4", "be a model this engine can train in-process"),
        new Violation("datasetConfig.trainingData[0].source", "credit/missing.arff", "name a readable file"))));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> jobs.create(JobFixture.config("acme", "m")));
    assertEquals("Invalid TrainingConfiguration (2 problems):\n"
        + "  - baseModel was 'gpt-4' but it must be a model this engine can train in-process\n"
        + "  - datasetConfig.trainingData[0].source was 'credit/missing.arff' but it must name a readable file",
        e.getMessage());
    assertTrue(jobs.list(null, 0, 10).isEmpty(), "nothing was persisted");
  }

  @Test
  void aJobLargerThanThePoolIsRefusedAtStartNamingFieldValueAndCapacity() {
    fx.engine.set(succeeding(new AtomicReference<>()));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m",
        new ResourceRequirements(dev.modelkit.config.Quantity.parse("8"), dev.modelkit.config.Quantity.parse("32Gi"),
            dev.modelkit.config.Quantity.parse("1"), null, null, Priority.HIGH)));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> jobs.start(job.id()));
    assertEquals("Invalid TrainingConfiguration (3 problems):\n"
        + "  - resources.cpu was '8' but it must be at most the resource pool's capacity of 4 cores; lower it or give "
        + "ModelKit a larger pool\n"
        + "  - resources.memory was '32Gi' but it must be at most the resource pool's capacity of 16Gi (17179869184 "
        + "bytes); lower it or give ModelKit a larger pool\n"
        + "  - resources.gpu was '1' but it must be at most the resource pool's capacity of 0 GPUs; lower it or give "
        + "ModelKit a pool with GPUs", e.getMessage());
  }

  @Test
  void jobsOfAnotherOrganisationAreNotFound() throws Exception {
    fx.engine.set(succeeding(new AtomicReference<>()));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    StandaloneContext bob = fx.ctx("bob", "globex", Roles.ADMINISTRATOR);
    TrainingJobs other = fx.jobs(bob);
    assertThrows(NotFoundException.class, () -> other.get(job.id()));
    assertThrows(NotFoundException.class, () -> other.start(job.id()));
    assertThrows(NotFoundException.class, () -> other.cancel(job.id(), "x"));
    assertThrows(NotFoundException.class, () -> other.await(job.id(), Duration.ZERO));
    assertThrows(NotFoundException.class, () -> other.subscribe(job.id(), e -> { }));
    assertThrows(NotFoundException.class, () -> other.events(job.id()));
    assertTrue(other.list(null, 0, 100).isEmpty());
    AccessDeniedException denied = assertThrows(AccessDeniedException.class,
        () -> other.create(JobFixture.config("acme", "m")));
    assertEquals("User 'bob' of organisation 'globex' may not create a training job for organisation 'acme'; "
        + "set organizationId to 'globex'", denied.getMessage());

    jobs.start(job.id());
    jobs.await(job.id(), WAIT);
    assertEquals(List.of(), fx.manager().resources(bob).costs().byJob().keySet().stream().toList());
    assertEquals(1, jobs.list(JobState.SUCCEEDED, 0, 10).size());
    assertEquals(0, jobs.list(JobState.QUEUED, 0, 10).size());
  }

  @Test
  void permissionsAndDataSourceRolesAreEnforced() {
    StandaloneContext viewer = fx.ctx("vic", "acme", Roles.BUSINESS_USER);
    assertThrows(AccessDeniedException.class, () -> fx.jobs(viewer).create(JobFixture.config("acme", "m")));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    assertEquals(job, fx.jobs(viewer).get(job.id()), "business users may read");
    assertThrows(AccessDeniedException.class, () -> fx.jobs(viewer).start(job.id()));
    assertThrows(AccessDeniedException.class, () -> fx.jobs(viewer).cancel(job.id(), "no"));

    TrainingConfiguration restricted = JobFixture.config("acme", "m",
        ResourceRequirements.defaults(), List.of("risk_officer", "administrator"));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> jobs.create(restricted));
    assertEquals("User 'alice' with roles [data_scientist] may not train on data source 'train' (allowed roles: "
        + "[risk_officer, administrator]); ask an administrator for one of the allowed roles or remove the source",
        e.getMessage());
    StandaloneContext officer = fx.ctx("olga", "acme", Roles.DATA_SCIENTIST, "risk_officer");
    assertEquals(JobState.QUEUED, fx.jobs(officer).create(restricted).state());
  }

  @Test
  void onlyTheLastKCheckpointsAreKept() throws Exception {
    List<dev.modelkit.spi.ArtifactRef> refs = new CopyOnWriteArrayList<>();
    fx.engine.set(new ScriptedEngine(ctx -> {
      for (int epoch = 1; epoch <= 4; epoch++) {
        refs.add(ctx.artifacts().put(("weights after epoch " + epoch).getBytes()));
        ctx.checkpoint(epoch, 0, refs.get(epoch - 1), Map.of("loss", 1.0 / epoch));
      }
      return ScriptedEngine.result(ctx, Map.of(), List.of());
    }));
    TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
    jobs.start(job.id());
    jobs.await(job.id(), WAIT);
    JobCheckpoints kept = fx.json.fromJson(
        fx.metadata.get(JobCheckpoints.KIND, "acme", job.id()).orElseThrow().json(), JobCheckpoints.class);
    assertEquals(List.of(3, 4), kept.checkpoints().stream().map(c -> c.epoch()).toList(), "keepLast defaults to 2");
    assertEquals(refs.subList(2, 4), kept.checkpoints().stream().map(c -> c.artifact()).toList());
    assertFalse(stored(refs.get(0)), "older checkpoints are deleted from the artifact store");
    assertFalse(stored(refs.get(1)));
    assertTrue(stored(refs.get(2)));
    assertTrue(stored(refs.get(3)));
  }

  @Test
  void listPagesOldestFirstAndRejectsNegativeArguments() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(jobs.create(JobFixture.config("acme", "m" + i)).id());
      fx.clock.advance(Duration.ofSeconds(1));
    }
    assertEquals(ids.subList(2, 4), jobs.list(null, 2, 2).stream().map(TrainingJob::id).toList());
    assertEquals(5, jobs.count(null));
    assertEquals(5, jobs.count(JobState.QUEUED));
    assertEquals(0, jobs.count(JobState.RUNNING));
    assertEquals(ids.subList(3, 5), jobs.list(null, (int) jobs.count(null) - 2, 2).stream().map(TrainingJob::id)
        .toList(), "the newest page in one call");
    assertEquals(0, fx.jobs(fx.ctx("bob", "globex", Roles.DATA_SCIENTIST)).count(null), "another organisation's");
    assertThrows(IllegalArgumentException.class, () -> jobs.list(null, -1, 2));
    assertThrows(IllegalArgumentException.class, () -> jobs.list(null, 0, -2));
  }

  private boolean stored(dev.modelkit.spi.ArtifactRef ref) {
    return fx.artifacts.find(ref.sha256()).isPresent();
  }

  private static String label(TrainingEvent e) {
    return e.stage().equals("model_training") ? e.stage() + "/" + e.epoch() : e.stage();
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** Requests {@code batch} events at a time and records everything it receives. */
  static class RecordingSubscriber implements Flow.Subscriber<TrainingEvent> {
    final List<TrainingEvent> received = new CopyOnWriteArrayList<>();
    final CountDownLatch completed = new CountDownLatch(1);
    final AtomicReference<Throwable> error = new AtomicReference<>();
    private final long batch;
    private Flow.Subscription subscription;
    private long outstanding;

    RecordingSubscriber(long batch) {
      this.batch = batch;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      outstanding = batch;
      s.request(batch);
    }

    @Override
    public void onNext(TrainingEvent item) {
      received.add(item);
      if (batch != Long.MAX_VALUE && --outstanding == 0) {
        outstanding = batch;
        subscription.request(batch);
      }
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      completed.countDown();
    }

    @Override
    public void onComplete() {
      completed.countDown();
    }
  }
}
