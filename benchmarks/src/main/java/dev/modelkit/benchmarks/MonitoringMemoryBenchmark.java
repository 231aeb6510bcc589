package dev.modelkit.benchmarks;

import dev.modelkit.Monitoring;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.monitoring.MonitoringEngine;
import dev.modelkit.core.monitoring.MonitoringEnvironment;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory after ten million recorded predictions of the 22-feature Lending Club model, 100,000 a
 * minute (100 windows close on the way): the heap retained after garbage collection over the
 * heap before the engine started ({@code heapRetainedMb}, includes the metadata store's caches),
 * and the bytes of the monitor's own arrays ({@code monitorArraysMb}). One shot, since it is the
 * state after the run that matters; the score is the time to record the ten million.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MonitoringMemoryBenchmark -f 1
 * -jvmArgs "-Xmx1g -Dmodelkit.data=data"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
public class MonitoringMemoryBenchmark {
  static final long PREDICTIONS = 10_000_000;

  private Path home;
  private SqliteMetadataStore store;
  private MonitoringEngine engine;
  private PredictionRecorder recorder;
  private MovingClock clock;
  private List<Map<String, Object>> rows;
  private long baseline;

  /** The figures, reported by JMH next to the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Memory {
    /** Heap retained after GC over the baseline, MB. */
    public double heapRetainedMb;
    /** Bytes held by the monitor's arrays, MB. */
    public double monitorArraysMb;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    home = Files.createTempDirectory("modelkit-bench-memory");
    clock = new MovingClock(Instant.parse("2024-03-01T00:00:00Z"));
    store = SqliteMetadataStore.open(home, clock);
    ConfigCodec codec = new ConfigCodec();
    rows = LendingClubRows.load();
    baseline = usedAfterGc();
    engine = new MonitoringEngine(new MonitoringEnvironment(store, codec, clock, home, a -> { }));
    Monitoring monitoring = engine.monitoring(
        StandaloneContext.builder(Principal.of("bench", "bench-org", Roles.ADMINISTRATOR))
        .metadata(store).json(codec).clock(clock).build());
    monitoring.registerReference("credit", "v1", ReferenceData.builder().rows(rows).build());
    recorder = monitoring.recorder("credit", "v1");
  }

  @Benchmark
  public void recordTenMillion(Memory memory) {
    for (long i = 0; i < PREDICTIONS; i++) {
      recorder.record(rows.get((int) (i % rows.size())), "good", 0.05, 2_000_000 + (i & 1023) * 1000, false);
      if (i % 1000 == 999) {
        clock.advance(Duration.ofMillis(600));
      }
      if (i % 100_000 == 99_999) {
        engine.tick();
      }
    }
    memory.monitorArraysMb = engine.retainedBytes() / 1e6;
    memory.heapRetainedMb = (usedAfterGc() - baseline) / 1e6;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    engine.close();
    store.close();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A clock the benchmark moves forward, so windows close as they would over 100 minutes. */
  static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
