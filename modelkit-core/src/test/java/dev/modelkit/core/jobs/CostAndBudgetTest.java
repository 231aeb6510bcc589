package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ResourceManager;
import dev.modelkit.TrainingJobs;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.resources.CostReport;
import dev.modelkit.resources.PoolStatus;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.security.Roles;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostAndBudgetTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** 1 EUR per core-hour, 0.5 EUR per GiB-hour, 3 EUR per GPU-hour. */
  private static final Prices PRICES = new Prices("EUR", 1.0, 0.5, 3.0);

  @TempDir
  Path home;
  private JobFixture fx;
  private TrainingJobs jobs;
  private ResourceManager resources;
  private ResourceManager admin;

  @BeforeEach
  void open() {
    fx = JobFixture.embedded(home);
    fx.open(new ResourcePool(4, 16 * JobFixture.GIB, 1), PRICES, 2);
    StandaloneContext alice = fx.ctx("alice", "acme", Roles.DATA_SCIENTIST);
    jobs = fx.jobs(alice);
    resources = fx.manager().resources(alice);
    admin = fx.manager().resources(fx.ctx("root", "acme", Roles.ADMINISTRATOR));
    // Each run holds its resources for 30 minutes of the injected clock.
    fx.engine.set(new ScriptedEngine(ctx -> {
      fx.clock.advance(Duration.ofMinutes(30));
      return ScriptedEngine.result(ctx, Map.of(), List.of());
    }));
  }

  @AfterEach
  void close() {
    fx.close();
  }

  /** Runs a 2-core, 4 GiB job for half an hour: 0.5 h x (2 x 1 + 4 x 0.5) = 2 EUR. */
  private TrainingJob runTwoEuroJob() throws InterruptedException {
    TrainingJob job = jobs.create(JobFixture.config("acme", "m", ResourceRequirements.of("2", "4Gi", Priority.MEDIUM)));
    jobs.start(job.id());
    TrainingJob done = jobs.await(job.id(), WAIT);
    assertEquals(JobState.SUCCEEDED, done.state());
    return done;
  }

  @Test
  void aJobCostsTheResourcesItHeldTimesThePrices() throws Exception {
    TrainingJob done = runTwoEuroJob();
    assertEquals(2.0, done.cost(), 1e-9);
    TrainingJob gpuJob = jobs.create(JobFixture.config("acme", "gpu", new ResourceRequirements(
        dev.modelkit.config.Quantity.parse("500m"), dev.modelkit.config.Quantity.parse("1Gi"),
        dev.modelkit.config.Quantity.parse("1"), null, null, Priority.HIGH)));
    jobs.start(gpuJob.id());
    // 0.5 h x (0.5 x 1 + 1 x 0.5 + 1 x 3) = 2 EUR
    assertEquals(2.0, jobs.await(gpuJob.id(), WAIT).cost(), 1e-9);

    CostReport report = resources.costs();
    assertEquals("acme", report.organizationId());
    assertEquals("EUR", report.currency());
    assertEquals(4.0, report.total(), 1e-9);
    assertEquals(Map.of(done.id(), 2.0, gpuJob.id(), 2.0), report.byJob());
    assertTrue(Double.isNaN(report.budget()));
    assertFalse(report.overBudget());
    CostReport other = fx.manager().resources(fx.ctx("bob", "globex", Roles.BUSINESS_USER)).costs();
    assertEquals(0.0, other.total());
    assertTrue(other.byJob().isEmpty());
  }

  @Test
  void crossingTheBudgetRaisesOneAlertPerCrossing() throws Exception {
    assertThrows(AccessDeniedException.class, () -> resources.setBudget(3));
    assertThrows(IllegalArgumentException.class, () -> admin.setBudget(-1));
    admin.setBudget(3);
    assertEquals("within", fx.metadata.get(OrganizationBudget.KIND, "acme", "acme").orElseThrow().status());

    TrainingJob first = runTwoEuroJob();
    assertTrue(fx.alerts.isEmpty(), "2 EUR is within the budget of 3");
    TrainingJob second = runTwoEuroJob();
    assertEquals(1, fx.alerts.size(), "4 EUR crosses 3");
    Alert alert = fx.alerts.get(0);
    assertEquals("acme", alert.organizationId());
    assertEquals("budget_exceeded", alert.name());
    assertEquals("cost > 3 EUR", alert.condition());
    assertEquals(4.0, alert.value(), 1e-9);
    assertEquals(second.modelId(), alert.modelId());
    assertEquals(fx.clock.instant(), alert.raisedAt());
    assertEquals("exceeded", fx.metadata.get(OrganizationBudget.KIND, "acme", "acme").orElseThrow().status());

    runTwoEuroJob();
    assertEquals(1, fx.alerts.size(), "still over the same budget: no second alert");

    admin.setBudget(10);
    CostReport report = resources.costs();
    assertEquals(10, report.budget());
    assertFalse(report.overBudget());
    runTwoEuroJob();
    assertEquals(1, fx.alerts.size(), "8 EUR is within 10");
    runTwoEuroJob();
    assertEquals(1, fx.alerts.size(), "10 EUR is not over 10");
    runTwoEuroJob();
    assertEquals(2, fx.alerts.size(), "12 EUR crosses the new budget: a new crossing, a new alert");
    assertEquals("cost > 10 EUR", fx.alerts.get(1).condition());
    assertTrue(resources.costs().overBudget());
    assertEquals(first.cost(), resources.costs().byJob().get(first.id()));
  }

  @Test
  void aBudgetBelowWhatWasAlreadySpentAlertsAtOnce() throws Exception {
    runTwoEuroJob();
    admin.setBudget(1);
    assertEquals(1, fx.alerts.size());
    assertEquals("cost > 1 EUR", fx.alerts.get(0).condition());
    assertTrue(resources.costs().overBudget());
  }

  @Test
  void theBudgetAndSpendingSurviveARestart() throws Exception {
    admin.setBudget(3);
    runTwoEuroJob();
    fx.open(new ResourcePool(4, 16 * JobFixture.GIB, 1), PRICES, 2);
    StandaloneContext alice = fx.ctx("alice", "acme", Roles.DATA_SCIENTIST);
    jobs = fx.jobs(alice);
    resources = fx.manager().resources(alice);
    assertEquals(3, resources.costs().budget());
    assertEquals(2.0, resources.costs().total(), 1e-9);
    runTwoEuroJob();
    assertEquals(1, fx.alerts.size(), "the restarted manager knows the 2 EUR spent before");
  }

  @Test
  void thePoolShowsCapacityUseAndTheCallersQueue() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    fx.engine.set(new ScriptedEngine(ctx -> {
      running.countDown();
      release.await(10, TimeUnit.SECONDS);
      fx.clock.advance(Duration.ofMinutes(30));
      return ScriptedEngine.result(ctx, Map.of(), List.of());
    }));
    TrainingJob big = jobs.create(JobFixture.config("acme", "big", ResourceRequirements.of("3", "8Gi", Priority.LOW)));
    TrainingJob next = jobs.create(JobFixture.config("acme", "next", ResourceRequirements.of("2", "1Gi", Priority.LOW)));
    jobs.start(big.id());
    jobs.start(next.id());
    assertTrue(running.await(10, TimeUnit.SECONDS));
    fx.clock.advance(Duration.ofMinutes(15));
    PoolStatus pool = resources.pool();
    assertEquals(4, pool.cpuCapacity());
    assertEquals(16 * JobFixture.GIB, pool.memoryCapacityBytes());
    assertEquals(1, pool.gpuCapacity());
    assertEquals(3, pool.cpuInUse());
    assertEquals(8 * JobFixture.GIB, pool.memoryInUseBytes());
    assertEquals(List.of(big.id()), pool.running());
    assertEquals(List.of(next.id()), pool.queued());
    assertEquals(List.of(), fx.manager().resources(fx.ctx("bob", "globex", Roles.BUSINESS_USER)).pool().queued());
    // a quarter hour of 3 cores and 8 GiB: 0.25 x (3 + 4) = 1.75 EUR so far
    assertEquals(1.75, resources.costs().byJob().get(big.id()), 1e-9);

    release.countDown();
    assertEquals(JobState.SUCCEEDED, jobs.await(big.id(), WAIT).state());
    assertEquals(JobState.SUCCEEDED, jobs.await(next.id(), WAIT).state());
    assertEquals(0, resources.pool().cpuInUse());
    assertEquals(0, resources.pool().memoryInUseBytes());
  }
}
