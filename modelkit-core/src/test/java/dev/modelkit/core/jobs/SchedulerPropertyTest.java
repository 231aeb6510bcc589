package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ResourceManager;
import dev.modelkit.TrainingJobs;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 jobs with seeded random requirements and priorities on a pool of 2 cores and 8 GiB.
 *
 * <p>Properties checked:
 *
 * <ol>
 *   <li>Never overcommitted: inside the engine, atomic counters of the cores and memory held by
 *       running jobs never exceed the pool (the counters rise when a job's engine starts and fall
 *       before it returns, so they are a lower bound of what the scheduler has handed out).
 *   <li>Priority order: all 200 jobs are queued behind a gate job that holds the whole pool, so
 *       all wait at once. A job's rank is (priority: high, medium, low; then the order in which it
 *       was started). When a job's engine starts, every job still waiting must rank below it; with
 *       nothing submitted after the gate opens, this means the admission order is exactly the
 *       rank order.
 *   <li>Nothing is lost: all 200 reach a terminal state (here SUCCEEDED) and each of the 10 models
 *       gets versions 1..n with no gap and no duplicate, although jobs of one model finish
 *       concurrently.
 * </ol>
 *
 * <p>It runs on the in-memory metadata store: the property is about the scheduler, and 1,000
 * fsynced SQLite transactions would make it the slowest test of the module. The same code paths
 * run on the embedded stores in {@link JobLifecycleTest}, {@link CostAndBudgetTest} and {@link
 * RecoveryTest}.
 */
class SchedulerPropertyTest {
  private static final long GIB = 1L << 30;
  private static final int JOBS = 200;
  private static final String[] CPUS = {"250m", "500m", "1", "1500m", "2"};
  private static final String[] MEMORY = {"256Mi", "512Mi", "1Gi", "2Gi", "4Gi", "8Gi"};

  @TempDir
  Path home;

  @Test
  void twoHundredRandomJobsNeverOvercommitRespectPriorityAndAllFinish() throws Exception {
    Random random = new Random(20250301L);
    try (JobFixture fx = JobFixture.inMemory(home)) {
      fx.open(new ResourcePool(2, 8 * GIB, 0), Prices.free("EUR"), 8);
      StandaloneContext alice = fx.ctx("alice", "acme", Roles.DATA_SCIENTIST);
      TrainingJobs jobs = fx.jobs(alice);
      ResourceManager resources = fx.manager().resources(alice);

      AtomicLong cpuInUse = new AtomicLong();
      AtomicLong memoryInUse = new AtomicLong();
      AtomicInteger concurrent = new AtomicInteger();
      AtomicLong peakCpu = new AtomicLong();
      AtomicInteger peakConcurrent = new AtomicInteger();
      List<String> violations = new CopyOnWriteArrayList<>();
      Map<String, Integer> rank = new ConcurrentHashMap<>();
      Map<String, Integer> sleepMillis = new ConcurrentHashMap<>();
      CountDownLatch gateRunning = new CountDownLatch(1);
      CountDownLatch openGate = new CountDownLatch(1);

      fx.engine.set(new ScriptedEngine(ctx -> {
        String id = ctx.job().id();
        if (ctx.job().modelId().equals("gate")) {
          gateRunning.countDown();
          openGate.await(30, TimeUnit.SECONDS);
          return ScriptedEngine.result(ctx, Map.of(), List.of());
        }
        Demand d = Demand.of(ctx.configuration().resources());
        long cpu = cpuInUse.addAndGet(d.milliCpu());
        long mem = memoryInUse.addAndGet(d.memoryBytes());
        peakCpu.accumulateAndGet(cpu, Math::max);
        peakConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        if (cpu > 2000 || mem > 8 * GIB) {
          violations.add("overcommitted when " + id + " started: " + cpu + " millicores, " + mem + " bytes");
        }
        for (String waiting : resources.pool().queued()) {
          if (rank.get(waiting) < rank.get(id)) {
            violations.add(id + " (rank " + rank.get(id) + ") ran while " + waiting + " (rank " + rank.get(waiting)
                + ") waited");
          }
        }
        Thread.sleep(sleepMillis.get(id));
        concurrent.decrementAndGet();
        cpuInUse.addAndGet(-d.milliCpu());
        memoryInUse.addAndGet(-d.memoryBytes());
        return ScriptedEngine.result(ctx, Map.of("accuracy", 0.5), List.of());
      }));

      TrainingJob gate = jobs.create(JobFixture.config("acme", "gate", ResourceRequirements.of("2", "8Gi", Priority.LOW)));
      jobs.start(gate.id());
      assertTrue(gateRunning.await(10, TimeUnit.SECONDS));

      record Planned(TrainingJob job, Priority priority, int arrival) {}
      List<Planned> planned = new ArrayList<>();
      Priority[] priorities = Priority.values();
      for (int i = 0; i < JOBS; i++) {
        Priority p = priorities[random.nextInt(priorities.length)];
        ResourceRequirements r = ResourceRequirements.of(CPUS[random.nextInt(CPUS.length)],
            MEMORY[random.nextInt(MEMORY.length)], p);
        TrainingJob job = jobs.create(JobFixture.config("acme", "model-" + (i % 10), r));
        sleepMillis.put(job.id(), 1 + random.nextInt(4));
        planned.add(new Planned(job, p, i));
      }
      List<Planned> byRank = new ArrayList<>(planned);
      byRank.sort(Comparator.comparing((Planned p) -> -p.priority().ordinal()).thenComparingInt(Planned::arrival));
      for (int i = 0; i < byRank.size(); i++) {
        rank.put(byRank.get(i).job().id(), i);
      }
      for (Planned p : planned) {
        jobs.start(p.job().id());
      }
      assertEquals(JOBS, resources.pool().queued().size(), "all 200 wait behind the gate");
      assertEquals(byRank.stream().map(p -> p.job().id()).toList(), resources.pool().queued(),
          "the queue is in rank order");
      openGate.countDown();

      Map<JobState, Integer> states = new HashMap<>();
      for (Planned p : planned) {
        TrainingJob done = jobs.await(p.job().id(), Duration.ofSeconds(60));
        states.merge(done.state(), 1, Integer::sum);
      }
      assertEquals(Map.of(JobState.SUCCEEDED, JOBS), states);
      assertEquals(List.of(), violations);
      assertTrue(peakCpu.get() <= 2000);
      assertTrue(peakConcurrent.get() >= 2, "jobs that fit together ran together");
      assertEquals(0, resources.pool().cpuInUse());
      assertEquals(0, resources.pool().memoryInUseBytes());
      assertEquals(List.of(), resources.pool().queued());

      Map<String, Long> perModel = planned.stream()
          .collect(Collectors.groupingBy(p -> p.job().modelId(), Collectors.counting()));
      for (Map.Entry<String, Long> e : perModel.entrySet()) {
        Set<Integer> versions = new TreeSet<>();
        for (EntityRecord r : fx.metadata.list(ModelVersionWriter.KIND, "acme", null, 0, 1000)) {
          if (r.id().startsWith(e.getKey() + ":")) {
            versions.add(Integer.parseInt(r.id().substring(e.getKey().length() + 1)));
          }
        }
        assertEquals(IntStream.rangeClosed(1, e.getValue().intValue()).boxed().collect(Collectors.toSet()), versions,
            "versions of " + e.getKey());
      }
    }
  }
}
