package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.TrainingJobs;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path home;

  /** An engine that checkpoints epoch 1 and then hangs until released, like a process about to die. */
  private static ScriptedEngine hanging(CountDownLatch checkpointed, CountDownLatch release) {
    return new ScriptedEngine(ctx -> {
      ctx.progress("model_training", 1, 3, 0, Map.of("loss", 0.5), null);
      ctx.checkpoint(1, 0, ctx.artifacts().put(("epoch 1 of " + ctx.job().id()).getBytes()), Map.of("loss", 0.5));
      checkpointed.countDown();
      release.await(10, TimeUnit.SECONDS);
      throw new IllegalStateException("the old process is gone");
    });
  }

  /** Simulates a crash: a second "process" over the store as it is right now. */
  private static JobFixture restartFrom(JobFixture crashed, Path home) {
    JobFixture fx = new JobFixture(home, clock -> ((MemoryMetadataStore) crashed.metadata).copy(clock),
        crashed.artifacts, crashed.json);
    fx.clock.advance(Duration.ofHours(1));
    return fx;
  }

  @Test
  void aJobRunningWhenTheProcessDiedIsInterruptedAndResumesFromItsLastCheckpoint() throws Exception {
    CountDownLatch checkpointed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (JobFixture before = JobFixture.inMemory(home.resolve("a"))) {
      before.open();
      before.engine.set(hanging(checkpointed, release));
      TrainingJobs jobs = before.jobs(before.ctx("alice", "acme", Roles.DATA_SCIENTIST));
      TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
      jobs.start(job.id());
      assertTrue(checkpointed.await(10, TimeUnit.SECONDS));

      try (JobFixture after = restartFrom(before, home.resolve("b"))) {
        AtomicReference<Optional<TrainingContext.Checkpoint>> resumedFrom = new AtomicReference<>();
        after.engine.set(new ScriptedEngine(ctx -> {
          resumedFrom.set(ctx.lastCheckpoint());
          return ScriptedEngine.result(ctx, Map.of("accuracy", 0.8), List.of());
        }));
        after.open();
        TrainingJobs jobs2 = after.jobs(after.ctx("alice", "acme", Roles.DATA_SCIENTIST));

        TrainingJob interrupted = jobs2.get(job.id());
        assertEquals(JobState.INTERRUPTED, interrupted.state());
        assertEquals("Interrupted: ModelKit stopped while this job was running (last recorded at "
            + "2025-03-01T09:00:00Z, found at start-up at 2025-03-01T10:00:00Z); startTraining resumes it from its "
            + "last checkpoint", interrupted.reason());
        AuditDraft audit = lastAudit(after, job.id());
        assertEquals("job.interrupted", audit.action());
        assertEquals("modelkit-system", audit.principal());

        TrainingJob resumed = jobs2.start(job.id());
        assertEquals(JobState.QUEUED, resumed.state());
        assertTrue(resumed.reason().startsWith("Resuming from its last checkpoint after: Interrupted:"));
        TrainingJob done = jobs2.await(job.id(), WAIT);
        assertEquals(JobState.SUCCEEDED, done.state(), done::reason);
        ArtifactRef epoch1 = after.artifacts.put(("epoch 1 of " + job.id()).getBytes());
        assertEquals(1, resumedFrom.get().orElseThrow().epoch());
        assertEquals(epoch1, resumedFrom.get().orElseThrow().artifact());
        assertEquals(Map.of("loss", 0.5), resumedFrom.get().orElseThrow().metrics());
        assertTrue(after.jobActions("acme", job.id()).contains("job.resumed"));
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void startedJobsStillWaitingAreQueuedAgainInPriorityOrderAfterARestart() throws Exception {
    CountDownLatch checkpointed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ResourcePool oneCore = new ResourcePool(1, 4 * JobFixture.GIB, 0);
    try (JobFixture before = JobFixture.inMemory(home.resolve("a"))) {
      before.open(oneCore, Prices.free("EUR"), 2);
      before.engine.set(hanging(checkpointed, release));
      TrainingJobs jobs = before.jobs(before.ctx("alice", "acme", Roles.DATA_SCIENTIST));
      TrainingJob running = jobs.create(JobFixture.config("acme", "running"));
      TrainingJob medium = jobs.create(JobFixture.config("acme", "medium",
          ResourceRequirements.of("1", "1Gi", Priority.MEDIUM)));
      TrainingJob high = jobs.create(JobFixture.config("acme", "high",
          ResourceRequirements.of("1", "1Gi", Priority.HIGH)));
      TrainingJob neverStarted = jobs.create(JobFixture.config("acme", "idle"));
      jobs.start(running.id());
      assertTrue(checkpointed.await(10, TimeUnit.SECONDS));
      jobs.start(medium.id());
      jobs.start(high.id());

      try (JobFixture after = restartFrom(before, home.resolve("b"))) {
        List<String> ran = new CopyOnWriteArrayList<>();
        after.engine.set(new ScriptedEngine(ctx -> {
          ran.add(ctx.job().modelId());
          return ScriptedEngine.result(ctx, Map.of(), List.of());
        }));
        after.open(oneCore, Prices.free("EUR"), 2);
        TrainingJobs jobs2 = after.jobs(after.ctx("alice", "acme", Roles.DATA_SCIENTIST));
        assertEquals(JobState.SUCCEEDED, jobs2.await(medium.id(), WAIT).state());
        assertEquals(JobState.SUCCEEDED, jobs2.await(high.id(), WAIT).state());
        assertEquals(List.of("high", "medium"), ran, "queued again by priority, then arrival");
        assertEquals(JobState.INTERRUPTED, jobs2.get(running.id()).state());
        assertEquals(JobState.QUEUED, jobs2.get(neverStarted.id()).state(), "a job never started stays unstarted");
        assertTrue(after.jobActions("acme", high.id()).contains("job.requeued"));
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void closingInterruptsRunningJobsAndTheNextStartResumesThem() throws Exception {
    try (JobFixture fx = JobFixture.embedded(home)) {
      fx.open();
      CountDownLatch running = new CountDownLatch(1);
      fx.engine.set(new ScriptedEngine(ctx -> {
        ctx.checkpoint(2, 0, ctx.artifacts().put("epoch 2".getBytes()), Map.of());
        running.countDown();
        while (!ctx.cancelled()) {
          Thread.sleep(1);
        }
        return ScriptedEngine.result(ctx, Map.of(), List.of());
      }));
      TrainingJob job = fx.jobs(fx.ctx("alice", "acme", Roles.DATA_SCIENTIST)).create(JobFixture.config("acme", "m"));
      fx.jobs(fx.ctx("alice", "acme", Roles.DATA_SCIENTIST)).start(job.id());
      assertTrue(running.await(10, TimeUnit.SECONDS));

      AtomicReference<Integer> resumedAt = new AtomicReference<>();
      fx.engine.set(new ScriptedEngine(ctx -> {
        resumedAt.set(ctx.lastCheckpoint().orElseThrow().epoch());
        return ScriptedEngine.result(ctx, Map.of(), List.of());
      }));
      fx.open();
      TrainingJobs jobs = fx.jobs(fx.ctx("alice", "acme", Roles.DATA_SCIENTIST));
      TrainingJob interrupted = jobs.get(job.id());
      assertEquals(JobState.INTERRUPTED, interrupted.state());
      assertTrue(interrupted.reason().startsWith("Interrupted: ModelKit was closed at "), interrupted.reason());
      assertTrue(interrupted.reason().endsWith("; startTraining resumes it from its last checkpoint"));
      jobs.start(job.id());
      assertEquals(JobState.SUCCEEDED, jobs.await(job.id(), WAIT).state());
      assertEquals(2, resumedAt.get());
    }
  }

  @Test
  void onTheEmbeddedStoresARunningJobOfAKilledProcessIsInterruptedAndResumes() throws Exception {
    CountDownLatch checkpointed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Path first = home.resolve("first");
    Path second = home.resolve("second");
    try (JobFixture before = JobFixture.embedded(first)) {
      before.open();
      before.engine.set(hanging(checkpointed, release));
      TrainingJobs jobs = before.jobs(before.ctx("alice", "acme", Roles.DATA_SCIENTIST));
      TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
      jobs.start(job.id());
      assertTrue(checkpointed.await(10, TimeUnit.SECONDS));
      // What a process killed now leaves on disk: the database, its write-ahead log and the artifacts.
      copyDurableState(first, second);

      try (JobFixture after = JobFixture.embedded(second)) {
        after.clock.advance(Duration.ofHours(1));
        AtomicReference<Integer> resumedAt = new AtomicReference<>();
        after.engine.set(new ScriptedEngine(ctx -> {
          TrainingContext.Checkpoint c = ctx.lastCheckpoint().orElseThrow();
          assertEquals(("epoch 1 of " + ctx.job().id()), new String(ctx.artifacts().read(c.artifact())));
          resumedAt.set(c.epoch());
          return ScriptedEngine.result(ctx, Map.of("accuracy", 0.8), List.of());
        }));
        after.open();
        TrainingJobs jobs2 = after.jobs(after.ctx("alice", "acme", Roles.DATA_SCIENTIST));
        TrainingJob interrupted = jobs2.get(job.id());
        assertEquals(JobState.INTERRUPTED, interrupted.state());
        assertTrue(interrupted.reason().contains("found at start-up at 2025-03-01T10:00:00Z"), interrupted.reason());
        assertEquals("modelkit-system", lastAudit(after, job.id()).principal());
        jobs2.start(job.id());
        assertEquals(JobState.SUCCEEDED, jobs2.await(job.id(), WAIT).state());
        assertEquals(1, resumedAt.get());
        assertEquals(List.of("job.created", "job.started", "job.running", "job.interrupted", "job.resumed",
            "job.running", "job.succeeded"), after.jobActions("acme", job.id()));
      } finally {
        release.countDown();
      }
    }
  }

  private static void copyDurableState(Path from, Path to) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
      for (Path p : files.toList()) {
        Path rel = from.relativize(p);
        String name = p.getFileName().toString();
        if (name.endsWith("-shm") || name.equals(".lock") || rel.startsWith("work")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void recoverRunsOnce() {
    try (JobFixture fx = JobFixture.embedded(home)) {
      JobManager m = fx.open();
      IllegalStateException e = assertThrows(IllegalStateException.class, m::recover);
      assertEquals("recover() runs once, at start-up; it was already called", e.getMessage());
    }
  }

  private static AuditDraft lastAudit(JobFixture fx, String entityId) {
    List<AuditDraft> trail = fx.audit("acme", JobRecords.KIND, entityId);
    return trail.get(trail.size() - 1);
  }
}
