package dev.modelkit.benchmarks;

import dev.modelkit.experiment.ExperimentRouter;
import dev.modelkit.experiments.internal.assign.Assigner;
import dev.modelkit.experiments.internal.assign.Murmur3;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Assignments per second on one thread (the bar: at least 5 million per second per
 * core), for a running three-variant experiment and {@code units} distinct ASCII unit ids, all
 * already exposed and visited in turn (the exposure table of 10,000 units fits in the CPU caches;
 * that of 1,000,000 units, 16 MB, does not, so each lookup in it is a memory access):
 *
 * <ul>
 *   <li>{@code baselineMurmurHash}: MurmurHash3 of the unit id alone, the floor every assignment
 *       pays;
 *   <li>{@code assign}: the assignment function (hash, targeting, holdout, ramp, bucket lookup),
 *       without exposure logging;
 *   <li>{@code routerReturningUnit}: the deployment's hot path, {@code
 *       ExperimentRouter.variantFor}, for units already exposed (the steady state of a live
 *       service): experiment lookup, assignment and the exposure-log check;
 *   <li>{@code routerFirstExposure}: the same call for units never seen, which also appends each
 *       exposure to the write-ahead log buffer (a fresh experiment per invocation of 200,000
 *       units).
 * </ul>
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar ExperimentAssignmentBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ExperimentAssignmentBenchmark {
  private static final int FRESH = 200_000;
  private static final Map<String, String> NO_ATTRIBUTES = Map.of();

  /** Distinct unit ids cycled through. */
  @Param({"10000", "1000000"})
  public int units;

  private ExperimentFixture fixture;
  private ExperimentRouter router;
  private Assigner assigner;
  private String experimentId;
  private String[] ids;
  private int cursor;
  private int seed;

  /** Creates the experiment and exposes every unit once. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = new ExperimentFixture();
    experimentId = fixture.runningExperiment(3);
    router = fixture.experiments.router();
    assigner = new Assigner(fixture.experiments.get(experimentId));
    seed = Murmur3.x86_32(experimentId, 0);
    ids = new String[Math.max(units, FRESH)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "customer-" + (1_000_000_000L + i * 7919L);
      if (i < units) {
        router.variantFor(experimentId, ids[i], NO_ATTRIBUTES);
      }
    }
    fixture.experiments.flush(experimentId);
  }

  /** A new experiment for each first-exposure invocation, so that its units are new to it. */
  @State(Scope.Thread)
  public static class Fresh {
    String id;

    /** @param bench the benchmark's shared state */
    @Setup(Level.Invocation)
    public void create(ExperimentAssignmentBenchmark bench) {
      id = bench.fixture.runningExperiment(3);
    }
  }

  /** Deletes the home. */
  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  // Walks the ids in order, like ids parsed from consecutive requests; the exposure table is
  // still probed at a hash-determined, unrelated place each time.
  private String next() {
    int i = cursor + 1;
    if (i == units) {
      i = 0;
    }
    cursor = i;
    return ids[i];
  }

  /** @return the raw hash of the next unit id */
  @Benchmark
  public long baselineMurmurHash() {
    return Murmur3.x64_64(next(), seed);
  }

  /** @return the variant index for the next unit */
  @Benchmark
  public int assign() {
    return assigner.decide(assigner.hash(next()), NO_ATTRIBUTES, 0);
  }

  /** @return the variant id served to the next (already exposed) unit */
  @Benchmark
  public String routerReturningUnit() {
    return router.variantFor(experimentId, next(), NO_ATTRIBUTES);
  }

  /**
   * @param fresh an experiment none of the units has seen
   * @return a checksum of the variants served to 200,000 units new to the experiment
   */
  @Benchmark
  @OperationsPerInvocation(FRESH)
  public int routerFirstExposure(Fresh fresh) {
    int sum = 0;
    for (int i = 0; i < FRESH; i++) {
      sum += router.variantFor(fresh.id, ids[i], NO_ATTRIBUTES).length();
    }
    return sum;
  }
}
