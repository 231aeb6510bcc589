package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.NotFoundException;
import dev.modelkit.TrainingJobs;
import dev.modelkit.security.Roles;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs().history}: every progress event in order, while running, after the end and after a restart. */
class JobHistoryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path home;

  private static ScriptedEngine epochs(int n, CountDownLatch midway, CountDownLatch release) {
    return new ScriptedEngine(ctx -> {
      for (int epoch = 1; epoch <= n; epoch++) {
        ctx.progress("model_training", epoch, n, 0, Map.of("loss", 1.0 / epoch, "val_roc_auc", 0.5 + epoch / 100.0),
            "epoch " + epoch);
        if (epoch == n / 2 && midway != null) {
          midway.countDown();
          release.await(10, TimeUnit.SECONDS);
        }
      }
      return ScriptedEngine.result(ctx, Map.of("roc_auc", 0.8), List.of());
    });
  }

  private static List<String> labels(List<TrainingEvent> events) {
    return events.stream().map(e -> e.stage().equals("model_training") ? "epoch " + e.epoch() : e.stage()).toList();
  }

  @Test
  void everyEventInOrderWhileRunningAfterTheEndAndAfterARestart() throws Exception {
    List<String> expected = new ArrayList<>(List.of("scheduled", "admitted"));
    for (int i = 1; i <= 30; i++) {
      expected.add("epoch " + i);
    }
    expected.add("finished");
    String jobId;
    List<TrainingEvent> heard = new CopyOnWriteArrayList<>();
    try (JobFixture fx = JobFixture.embedded(home)) {
      fx.open();
      TrainingJobs jobs = fx.jobs(fx.ctx("alice", "acme", Roles.DATA_SCIENTIST));
      CountDownLatch midway = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      fx.engine.set(epochs(30, midway, release));
      TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
      jobId = job.id();
      assertEquals(List.of(), jobs.history(jobId), "a job that never ran has no history");
      jobs.start(jobId);
      assertTrue(midway.await(10, TimeUnit.SECONDS));
      jobs.subscribe(jobId, heard::add);
      assertEquals(expected.subList(0, 2 + 15), labels(jobs.history(jobId)), "the events so far, while it runs");
      release.countDown();
      assertEquals(JobState.SUCCEEDED, jobs.await(jobId, WAIT).state());
      List<TrainingEvent> after = jobs.history(jobId);
      assertEquals(expected, labels(after));
      assertEquals(0.65, after.get(16).metrics().get("val_roc_auc"), 1e-12, "metrics travel with each event");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (heard.size() < 16 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(after.subList(after.size() - heard.size(), after.size()), heard,
          "a subscriber's events are the history's own, equal record for record");
    }
    try (JobFixture restarted = JobFixture.embedded(home)) {
      restarted.open();
      TrainingJobs jobs = restarted.jobs(restarted.ctx("alice", "acme", Roles.DATA_SCIENTIST));
      assertEquals(expected, labels(jobs.history(jobId)), "the stored history after a restart");
      TrainingJobs other = restarted.jobs(restarted.ctx("bob", "globex", Roles.DATA_SCIENTIST));
      NotFoundException e = assertThrows(NotFoundException.class, () -> other.history(jobId));
      assertTrue(e.getMessage().contains(jobId), e.getMessage());
    }
  }

  @Test
  void keepsTheNewestTenThousandEvents() throws Exception {
    try (JobFixture fx = JobFixture.inMemory(home)) {
      fx.open();
      TrainingJobs jobs = fx.jobs(fx.ctx("alice", "acme", Roles.DATA_SCIENTIST));
      int n = JobHistories.LIMIT + 50;
      fx.engine.set(epochs(n, null, null));
      TrainingJob job = jobs.create(JobFixture.config("acme", "m"));
      jobs.start(job.id());
      assertEquals(JobState.SUCCEEDED, jobs.await(job.id(), Duration.ofSeconds(60)).state());
      List<TrainingEvent> h = jobs.history(job.id());
      assertEquals(JobHistories.LIMIT, h.size());
      assertEquals(n - JobHistories.LIMIT + 2, h.get(0).epoch(), "the oldest were dropped");
      assertEquals("finished", h.get(h.size() - 1).stage());
    }
  }
}
