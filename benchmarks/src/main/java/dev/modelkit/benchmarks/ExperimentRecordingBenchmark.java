package dev.modelkit.benchmarks;

import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.RecordResult;
import dev.modelkit.experiments.internal.assign.Assigner;
import dev.modelkit.experiments.internal.store.ExperimentState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recorded events per second on two threads (the bar: at least 2 million per second on
 * 2 cores). Each iteration starts a fresh experiment with 1,000,000 exposed units; each of the
 * two threads records one outcome of each of two metrics (a conversion and a value) for its
 * 500,000 units, so every event is new, in batches of {@code batch} events. A batch returns only
 * once it is on disk (one fsync per batch, shared between the threads by group commit).
 *
 * <ul>
 *   <li>{@code record}: {@code Experiments.record}, durable per batch;
 *   <li>{@code baselineAggregateOnly}: the same events applied to the in-memory statistics
 *       directly (hash, attribution, de-duplication, moments) with no lock, log or disk: the CPU
 *       floor;
 *   <li>{@code baselineWriteAndFsync}: writing the same number of bytes the log writes (26 bytes
 *       an event, in one frame per batch) with one fsync per batch: the disk floor.
 * </ul>
 *
 * <p>Single-shot: each invocation records all of a thread's 1,000,000 events, and JMH reports
 * the time per event per thread; two threads' events per second = 2 / that time.
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar ExperimentRecordingBenchmark -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
@Threads(2)
public class ExperimentRecordingBenchmark {
  private static final int THREADS = 2;
  private static final int UNITS_PER_THREAD = 500_000;
  private static final int EVENTS_PER_THREAD = 2 * UNITS_PER_THREAD;
  private static final int BYTES_PER_EVENT = 26;

  /** Events per durable batch. */
  @Param({"1000", "10000", "50000"})
  public int batch;

  private ExperimentFixture fixture;
  private String experimentId;
  private Assigner assigner;
  private ExperimentState bareState;
  private List<List<List<MetricEvent>>> batches;
  private final AtomicInteger threadIds = new AtomicInteger();

  /** Opens the runtime. */
  @Setup(Level.Trial)
  public void open() {
    fixture = new ExperimentFixture();
  }

  /** A fresh experiment with every unit exposed, and each thread's event batches. */
  @Setup(Level.Iteration)
  public void freshExperiment() {
    experimentId = fixture.runningExperiment(2);
    assigner = new Assigner(fixture.experiments.get(experimentId));
    bareState = new ExperimentState(2, 2);
    SplittableRandom random = new SplittableRandom(42);
    batches = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<List<MetricEvent>> mine = new ArrayList<>();
      List<MetricEvent> current = new ArrayList<>(batch);
      for (int u = 0; u < UNITS_PER_THREAD; u++) {
        String unit = "t" + t + "-unit-" + u;
        fixture.experiments.assign(experimentId, unit, Map.of());
        long hash = assigner.hash(unit);
        bareState.expose(hash, assigner.variantOf(hash), 0);
        current.add(MetricEvent.conversion("conversion", unit, random.nextInt(10) == 0));
        current.add(MetricEvent.value("score", unit, 50 + 10 * random.nextGaussian()));
        if (current.size() >= batch) {
          mine.add(current);
          current = new ArrayList<>(batch);
        }
      }
      if (!current.isEmpty()) {
        mine.add(current);
      }
      batches.add(mine);
    }
    fixture.experiments.flush(experimentId);
  }

  /** Deletes the home. */
  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  /** Which half of the units a thread records. */
  @State(Scope.Thread)
  public static class Worker {
    int index;
    FileChannel channel;
    Path file;

    /** @param bench the shared state */
    @Setup(Level.Trial)
    public void claim(ExperimentRecordingBenchmark bench) {
      index = bench.threadIds.getAndIncrement() % THREADS;
    }

    /**
     * @param bench the shared state
     * @throws IOException if the floor's file cannot be created
     */
    @Setup(Level.Iteration)
    public void openFloorFile(ExperimentRecordingBenchmark bench) throws IOException {
      file = Files.createTempFile(bench.fixture.home, "floor-", ".bin");
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /** @throws IOException if the file cannot be removed */
    @TearDown(Level.Iteration)
    public void release() throws IOException {
      channel.close();
      Files.deleteIfExists(file);
    }
  }

  /**
   * @param w this thread's share
   * @return events accepted
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_THREAD)
  public int record(Worker w) {
    int accepted = 0;
    for (List<MetricEvent> b : batches.get(w.index)) {
      RecordResult r = fixture.experiments.record(experimentId, b);
      accepted += r.accepted();
    }
    if (accepted != EVENTS_PER_THREAD) {
      throw new IllegalStateException("accepted " + accepted + " of " + EVENTS_PER_THREAD);
    }
    return accepted;
  }

  /**
   * @param w this thread's share
   * @return events accepted
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_THREAD)
  public int baselineAggregateOnly(Worker w) {
    // Each thread owns its half of the units, so the shared state is only read concurrently for
    // the other half's keys; synchronising on it keeps the table consistent, as the engine's lock does.
    int accepted = 0;
    for (List<MetricEvent> b : batches.get(w.index)) {
      synchronized (bareState) {
        for (MetricEvent e : b) {
          int metric = e.kind() == dev.modelkit.experiment.MetricKind.BINARY ? 0 : 1;
          accepted += bareState.outcome(assigner.hash(e.unitId()), metric, e.value(), 0, false) >= 0 ? 1 : 0;
        }
      }
    }
    return accepted;
  }

  /**
   * @param w this thread's share
   * @return bytes written
   * @throws IOException if the disk fails
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_THREAD)
  public long baselineWriteAndFsync(Worker w) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(batch * BYTES_PER_EVENT + 8);
    long written = 0;
    for (List<MetricEvent> b : batches.get(w.index)) {
      buffer.clear();
      buffer.position(b.size() * BYTES_PER_EVENT + 8);
      buffer.flip();
      while (buffer.hasRemaining()) {
        written += w.channel.write(buffer);
      }
      w.channel.force(false);
    }
    if (written == 0) {
      throw new UncheckedIOException(new IOException("nothing written"));
    }
    return written;
  }
}
