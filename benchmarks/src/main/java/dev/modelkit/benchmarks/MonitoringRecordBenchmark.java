package dev.modelkit.benchmarks;

import dev.modelkit.Monitoring;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.monitoring.MonitoringEngine;
import dev.modelkit.core.monitoring.MonitoringEnvironment;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Nanoseconds and bytes allocated per recorded prediction on the caller's thread, against
 * baselines in the same run: an empty method, a plain counter increment, and reading the row's 22
 * features from its map (the least any recorder must do).
 *
 * <ul>
 *   <li>{@code recorderLendingClub}: {@link PredictionRecorder#record} of a 22-feature Lending
 *       Club row (16 numeric, 6 categorical) checked against the reference profile, sketched,
 *       counted and put in the join buffer; rows cycle through 16 of the data set (a just-built request map is in cache);
 *   <li>{@code recorderNoFeatures}: the same for a version without a reference profile (latency,
 *       label, error and join buffer only);
 *   <li>{@code recordPredictionLendingClub}: {@code Monitoring.recordPrediction} of a prepared
 *       {@link PredictionRecord}, which also checks the permission and returns the id as a
 *       string.
 * </ul>
 *
 * <p>The clock stands still, so no window closes during the measurement; closing a window is the
 * background thread's work, not the caller's.
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar MonitoringRecordBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1 -prof gc
 * -jvmArgs -Dmodelkit.data=data}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MonitoringRecordBenchmark {
  private Path home;
  private SqliteMetadataStore store;
  private MonitoringEngine engine;
  private PredictionRecorder recorder;
  private PredictionRecorder bare;
  private Monitoring monitoring;
  private Map<String, Object>[] rows;
  private PredictionRecord[] records;
  private int next;
  private long counter;
  /**
   * Rows cycled through: a handful, so that, as in a service that has just built the request's
   * feature map, the map being recorded is in cache; the monitor's own state is not made any
   * smaller by this.
   */
  private static final int ROWS_MASK = 15;
  private static final String[] FEATURES = {"funded_amnt", "term", "int_rate", "sub_grade", "addr_state",
      "verification_status", "annual_inc", "emp_length", "delinq_2yrs", "inq_last_6mths", "revol_util",
      "acc_now_delinq", "open_il_6m", "open_il_12m", "open_il_24m", "total_bal_il", "all_util", "inq_fi",
      "inq_last_12m", "delinq_amnt", "num_il_tl", "total_il_high_credit_limit"};

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() throws IOException {
    home = Files.createTempDirectory("modelkit-bench-monitoring");
    Clock clock = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);
    store = SqliteMetadataStore.open(home, clock);
    ConfigCodec codec = new ConfigCodec();
    engine = new MonitoringEngine(new MonitoringEnvironment(store, codec, clock, home, a -> { }));
    monitoring = engine.monitoring(
        StandaloneContext.builder(Principal.of("bench", "bench-org", Roles.ADMINISTRATOR))
        .metadata(store).json(codec).clock(clock).build());
    List<Map<String, Object>> data = LendingClubRows.load();
    monitoring.registerReference("credit", "v1", ReferenceData.builder().rows(data).build());
    monitoring.registerReference("bare", "v1", ReferenceData.builder().rows(List.of(Map.of())).build());
    recorder = monitoring.recorder("credit", "v1");
    bare = monitoring.recorder("bare", "v1");
    // requests carry their own key strings, not the instances the reference profile was built from
    rows = new Map[ROWS_MASK + 1];
    for (int i = 0; i < rows.length; i++) {
      Map<String, Object> copy = new java.util.LinkedHashMap<>();
      data.get(i).forEach((k, v) -> copy.put(new String(k.toCharArray()), v));
      rows[i] = copy;
    }
    records = new PredictionRecord[rows.length];
    for (int i = 0; i < rows.length; i++) {
      records[i] = new PredictionRecord("credit", "v1", rows[i], i % 7 == 0 ? "bad" : "good", 0.1, 2_000_000, false);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    engine.close();
    store.close();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Baseline: an empty method. */
  @Benchmark
  public void baselineEmpty() {
    // measures the harness alone
  }

  /** Baseline: a plain counter increment. */
  @Benchmark
  public long baselineCounter() {
    return ++counter;
  }

  /**
   * Baseline: what any recorder must do at least, reading the 22 features of the row from its map
   * and summing the numbers.
   */
  @Benchmark
  public double baselineReadFeatures() {
    Map<String, Object> row = rows[next++ & ROWS_MASK];
    double sum = 0;
    for (String name : FEATURES) {
      Object v = row.get(name);
      sum += v instanceof Number n ? n.doubleValue() : v.hashCode();
    }
    return sum;
  }

  @Benchmark
  public long recorderLendingClub() {
    int i = next++ & ROWS_MASK;
    return recorder.record(rows[i], (i & 7) == 0 ? "bad" : "good", 0.1, 2_000_000 + i, false);
  }

  @Benchmark
  public long recorderNoFeatures() {
    int i = next++ & ROWS_MASK;
    return bare.record(Map.of(), (i & 7) == 0 ? "bad" : "good", 0.1, 2_000_000 + i, false);
  }

  @Benchmark
  public String recordPredictionLendingClub() {
    return monitoring.recordPrediction(records[next++ & ROWS_MASK]);
  }
}
