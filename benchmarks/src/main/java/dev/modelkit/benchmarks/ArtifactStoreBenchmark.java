package dev.modelkit.benchmarks;

import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.spi.ArtifactRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the file artifact store: a durable put (hash, fsync, atomic rename, directory
 * fsync) and a verified read, against writing the same bytes to a file and fsyncing it, and
 * reading them back, without hashing or renaming.
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar ArtifactStoreBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ArtifactStoreBenchmark {
  @Param({"262144"})
  public int size;

  private Path dir;
  private FileArtifactStore store;
  private byte[] content;
  private ArtifactRef stored;
  private Path rawStored;
  private long counter;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("modelkit-artifact-bench");
    content = new byte[size];
    new SplittableRandom(42).nextBytes(content);
    store = FileArtifactStore.open(dir.resolve("home"));
    stored = store.put(content);
    rawStored = Files.write(dir.resolve("raw-stored"), content);
    Files.createDirectories(dir.resolve("raw"));
  }

  /** Removes what an iteration wrote so that runs do not fill the disk. */
  @TearDown(Level.Iteration)
  public void clean() throws IOException {
    store.close();
    delete(dir.resolve("home"));
    delete(dir.resolve("raw"));
    Files.createDirectories(dir.resolve("raw"));
    store = FileArtifactStore.open(dir.resolve("home"));
    stored = store.put(content);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    delete(dir);
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void makeUnique() {
    long c = counter++;
    for (int i = 0; i < 8; i++) {
      content[i] = (byte) (c >>> (8 * i));
    }
  }

  /** @return the reference of new content stored durably */
  @Benchmark
  public ArtifactRef put() {
    makeUnique();
    return store.put(content);
  }

  /** @return content read whole and verified against its digest */
  @Benchmark
  public byte[] readVerified() {
    return store.read(stored);
  }

  /**
   * Baseline: write the bytes to a new file and fsync it.
   *
   * @return the file
   * @throws IOException if writing fails
   */
  @Benchmark
  public Path baselineWriteAndFsync() throws IOException {
    makeUnique();
    Path file = dir.resolve("raw").resolve(Long.toString(counter));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    return file;
  }

  /**
   * Baseline: read a file whole without verifying it.
   *
   * @return its bytes
   * @throws IOException if reading fails
   */
  @Benchmark
  public byte[] baselineReadAll() throws IOException {
    return Files.readAllBytes(rawStored);
  }
}
