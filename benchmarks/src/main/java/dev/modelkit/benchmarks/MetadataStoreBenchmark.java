package dev.modelkit.benchmarks;

import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the embedded metadata store: durable saves with their audit record, reads by id,
 * audit appends; against raw JDBC on an SQLite file with the same durability settings (WAL,
 * {@code synchronous=FULL}), which is the floor our layer adds to.
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar MetadataStoreBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MetadataStoreBenchmark {
  private static final String ORG = "acme-bank";
  private static final int PREFILLED = 2_000;

  private Path dir;
  private SqliteMetadataStore store;
  private Connection raw;
  private PreparedStatement rawInsert;
  private PreparedStatement rawSelect;
  private String json;
  private final AtomicLong nextId = new AtomicLong();

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    dir = Files.createTempDirectory("modelkit-metadata-bench");
    store = SqliteMetadataStore.open(dir.resolve("home"));
    StringBuilder body = new StringBuilder("{\"organizationId\":\"acme-bank\",\"state\":\"QUEUED\",\"config\":{");
    SplittableRandom random = new SplittableRandom(42);
    while (body.length() < 1024) {
      body.append("\"p").append(random.nextInt(1000)).append("\":").append(random.nextDouble()).append(',');
    }
    json = body.append("\"end\":true}}").toString();
    for (int i = 0; i < PREFILLED; i++) {
      store.save("job", ORG, "p-" + i, "QUEUED", json, 0, null);
    }

    raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("baseline.db"));
    try (Statement s = raw.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("CREATE TABLE t (id VARCHAR(256) PRIMARY KEY, body TEXT NOT NULL)");
    }
    rawInsert = raw.prepareStatement("INSERT INTO t (id, body) VALUES (?, ?)");
    rawSelect = raw.prepareStatement("SELECT body FROM t WHERE id = ?");
    raw.setAutoCommit(false);
    for (int i = 0; i < PREFILLED; i++) {
      rawInsert.setString(1, "p-" + i);
      rawInsert.setString(2, json);
      rawInsert.executeUpdate();
    }
    raw.commit();
    raw.setAutoCommit(true);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, SQLException {
    store.close();
    raw.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A thread's own connection to the baseline file, as a plain JDBC application would have. */
  @State(Scope.Thread)
  public static class RawConnection {
    private Connection connection;
    private PreparedStatement insert;

    @Setup(Level.Trial)
    public void open(MetadataStoreBenchmark bench) throws SQLException {
      connection = DriverManager.getConnection("jdbc:sqlite:" + bench.dir.resolve("baseline.db"));
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=30000");
      }
      insert = connection.prepareStatement("INSERT INTO t (id, body) VALUES (?, ?)");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      connection.close();
    }
  }

  /** Per-thread random ids to read. */
  @State(Scope.Thread)
  public static class Reader {
    private final SplittableRandom random = new SplittableRandom(7);

    String nextId() {
      return "p-" + random.nextInt(PREFILLED);
    }
  }

  private AuditDraft audit(String id) {
    return new AuditDraft(ORG, "alice", "job.created", "job", id, null, json, "benchmark", Instant.now());
  }

  /** @return a new object saved with its audit record in one durable transaction */
  @Benchmark
  public EntityRecord saveWithAudit() {
    String id = "b-" + nextId.incrementAndGet();
    return store.save("job", ORG, id, "QUEUED", json, 0, audit(id));
  }

  /** @return an audit record appended on its own */
  @Benchmark
  public Object appendAudit() {
    return store.appendAudit(audit("a-" + nextId.incrementAndGet()));
  }

  /**
   * @param reader the thread's ids
   * @return one object read by id
   */
  @Benchmark
  public Optional<EntityRecord> getById(Reader reader) {
    return store.get("job", ORG, reader.nextId());
  }

  /**
   * Baseline: one auto-committed row insert on an SQLite file with the same durability settings.
   *
   * @return rows inserted
   * @throws SQLException if SQLite fails
   */
  @Benchmark
  public int baselineRawJdbcInsert() throws SQLException {
    rawInsert.setString(1, "b-" + nextId.incrementAndGet());
    rawInsert.setString(2, json);
    return rawInsert.executeUpdate();
  }

  /** @return a new object saved with its audit record, four threads at once (group commit) */
  @Benchmark
  @Threads(4)
  public EntityRecord saveWithAuditFourThreads() {
    return saveWithAudit();
  }

  /**
   * Baseline: four threads inserting one auto-committed row each, on their own connections.
   *
   * @param raw the thread's connection
   * @return rows inserted
   * @throws SQLException if SQLite fails
   */
  @Benchmark
  @Threads(4)
  public int baselineRawJdbcInsertFourThreads(RawConnection raw) throws SQLException {
    raw.insert.setString(1, "c-" + nextId.incrementAndGet());
    raw.insert.setString(2, json);
    return raw.insert.executeUpdate();
  }

  /**
   * Baseline: one select by primary key with a prepared statement.
   *
   * @param reader the thread's ids
   * @return the body
   * @throws SQLException if SQLite fails
   */
  @Benchmark
  public String baselineRawJdbcSelect(Reader reader) throws SQLException {
    rawSelect.setString(1, reader.nextId());
    try (ResultSet rs = rawSelect.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
