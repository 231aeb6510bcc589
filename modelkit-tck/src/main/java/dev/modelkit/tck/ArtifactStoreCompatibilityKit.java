package dev.modelkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.NotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link ArtifactStore}, as tests every implementation extends.
 *
 * <p>Subclass it and implement {@link #openStore} and {@link #fileOf}, the hook through which the
 * kit damages stored content to check that reads detect it:
 *
 * <pre>{@code
 * class MyArtifactStoreTest extends ArtifactStoreCompatibilityKit {
 *   protected ArtifactStore openStore(Path dir) { return MyArtifactStore.open(dir); }
 *   protected Path fileOf(ArtifactRef ref) { return ((MyArtifactStore) store).fileOf(ref); }
 * }
 * }</pre>
 *
 * <p>A store that does not keep an artifact in one file overrides {@link #corrupt} and
 * {@link #truncate} instead. Content is generated from fixed seeds.
 */
public abstract class ArtifactStoreCompatibilityKit {
  private static final int LARGE = 50 * 1024 * 1024;

  /** An empty directory for this test's store, kept until the test ends. */
  @TempDir protected Path dir;

  /** The store under test, opened before each test and closed after it. */
  protected ArtifactStore store;

  /**
   * Opens the implementation under test.
   *
   * @param dir the directory it keeps its data in; the same directory means the same data
   * @return an open store
   */
  protected abstract ArtifactStore openStore(Path dir);

  /**
   * @param ref a stored artifact
   * @return the file holding its bytes, which the kit damages to test verification
   */
  protected abstract Path fileOf(ArtifactRef ref);

  /**
   * Changes one byte of a stored artifact in place, as a failing disk or a careless tool would.
   *
   * @param ref a stored, non-empty artifact
   * @param position which byte
   * @throws IOException if the file cannot be changed
   */
  protected void corrupt(ArtifactRef ref, long position) throws IOException {
    Path file = writable(fileOf(ref));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.flip();
      byte flipped = (byte) (b.get(0) ^ 0x5a);
      ch.write(ByteBuffer.wrap(new byte[] {flipped}), position);
    }
  }

  /**
   * Cuts a stored artifact short, as a crash in a store without atomic writes would.
   *
   * @param ref a stored, non-empty artifact
   * @param length the length to leave
   * @throws IOException if the file cannot be changed
   */
  protected void truncate(ArtifactRef ref, long length) throws IOException {
    Path file = writable(fileOf(ref));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(length);
    }
  }

  private static Path writable(Path file) {
    // stores may keep artifacts read-only to protect them; the kit damages them on purpose
    file.toFile().setWritable(true, true);
    return file;
  }

  @BeforeEach
  void openFreshStore() {
    store = openStore(dir);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /**
   * Closes the store and opens it again on the same directory.
   *
   * @return the reopened store, also in {@link #store}
   */
  protected ArtifactStore reopen() {
    store.close();
    store = openStore(dir);
    return store;
  }

  /**
   * @param seed the generator's seed
   * @param size how many bytes
   * @return reproducible pseudo-random bytes
   */
  protected static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  /**
   * @param content bytes
   * @return their lower-case hex SHA-256
   */
  protected static String sha256(byte[] content) {
    return HexFormat.of().formatHex(newDigest().digest(content));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] readThroughStream(ArtifactRef ref) throws IOException {
    try (InputStream in = store.open(ref)) {
      return in.readAllBytes();
    }
  }

  private void drain(ArtifactRef ref) throws IOException {
    try (InputStream in = store.open(ref)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  @Nested
  @DisplayName("round trip")
  class RoundTrip {
    @Test
    void bytesComeBackAddressedByTheirDigest() throws IOException {
      byte[] content = bytes(1, 100_000);

      ArtifactRef ref = store.put(content);

      assertEquals(new ArtifactRef(sha256(content), content.length), ref);
      assertArrayEquals(content, store.read(ref));
      assertArrayEquals(content, readThroughStream(ref));
      assertEquals(Optional.of(ref), store.find(ref.sha256()));
    }

    @Test
    void streamsAndFilesStoreTheSameWay() throws IOException {
      byte[] content = bytes(2, 10_000);
      Path file = Files.write(dir.resolve("input.bin"), content);
      AtomicBoolean closed = new AtomicBoolean();
      InputStream stream = new ByteArrayInputStream(content) {
        @Override
        public void close() {
          closed.set(true);
        }
      };

      ArtifactRef fromStream = store.put(stream);
      ArtifactRef fromFile = store.put(file);

      assertEquals(fromStream, fromFile);
      assertArrayEquals(content, store.read(fromFile));
      assertFalse(closed.get(), "put(InputStream) must leave closing the stream to its caller");
    }

    @Test
    void emptyContentIsAnArtifactToo() throws IOException {
      ArtifactRef ref = store.put(new byte[0]);

      assertEquals(new ArtifactRef(sha256(new byte[0]), 0), ref);
      assertArrayEquals(new byte[0], store.read(ref));
      assertArrayEquals(new byte[0], readThroughStream(ref));
    }

    @Test
    void unknownDigestIsNotFound() {
      String unknown = sha256("never stored".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ArtifactRef ref = new ArtifactRef(unknown, 12);

      assertEquals(Optional.empty(), store.find(unknown));
      assertThrows(NotFoundException.class, () -> store.open(ref));
      assertThrows(NotFoundException.class, () -> store.read(ref));
      assertFalse(store.delete(ref));
    }

    @Test
    void malformedDigestIsRejected() {
      assertThrows(IllegalArgumentException.class, () -> store.find("../../etc/passwd"));
      assertThrows(IllegalArgumentException.class, () -> store.find("ABC"));
    }

    @Test
    void deleteRemovesAndAllowsStoringAgain() {
      byte[] content = bytes(3, 1000);
      ArtifactRef ref = store.put(content);

      assertTrue(store.delete(ref));
      assertThrows(NotFoundException.class, () -> store.read(ref));
      assertFalse(store.delete(ref));
      assertEquals(ref, store.put(content));
      assertArrayEquals(content, store.read(ref));
    }
  }

  @Nested
  @DisplayName("immutability")
  class Immutability {
    @Test
    void sameContentGivesTheSameReferenceWithoutRewriting() throws IOException {
      byte[] content = bytes(4, 50_000);
      ArtifactRef first = store.put(content);
      FileTime marker = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
      Files.setLastModifiedTime(fileOf(first), marker);

      ArtifactRef second = store.put(content);

      assertEquals(first, second);
      assertEquals(marker, Files.getLastModifiedTime(fileOf(first)), "the stored file was rewritten");
    }

    @Test
    void differentContentNeverReplacesStoredContent() {
      byte[] a = bytes(5, 4096);
      byte[] b = bytes(6, 4096);

      ArtifactRef refA = store.put(a);
      ArtifactRef refB = store.put(b);

      assertFalse(refA.equals(refB));
      assertArrayEquals(a, store.read(refA));
      assertArrayEquals(b, store.read(refB));
    }
  }

  @Nested
  @DisplayName("verification on read")
  class Verification {
    @Test
    void aFlippedByteFailsRead() throws IOException {
      ArtifactRef ref = store.put(bytes(7, 20_000));
      corrupt(ref, 12_345);

      StoreException e = assertThrows(StoreException.class, () -> store.read(ref));
      assertTrue(e.getMessage().contains(ref.sha256()), e.getMessage());
    }

    @Test
    void aFlippedByteFailsTheStreamAtItsEnd() throws IOException {
      ArtifactRef ref = store.put(bytes(8, 200_000));
      corrupt(ref, 199_999);

      assertThrows(StoreException.class, () -> drain(ref));
    }

    @Test
    void aShortenedArtifactIsDetected() throws IOException {
      ArtifactRef ref = store.put(bytes(9, 20_000));
      truncate(ref, 10_000);

      assertThrows(StoreException.class, () -> store.read(ref));
      assertThrows(StoreException.class, () -> drain(ref));
    }

    @Test
    void corruptionOfOneArtifactLeavesOthersReadable() throws IOException {
      byte[] good = bytes(10, 5000);
      ArtifactRef goodRef = store.put(good);
      ArtifactRef badRef = store.put(bytes(11, 5000));
      corrupt(badRef, 0);

      assertThrows(StoreException.class, () -> store.read(badRef));
      assertArrayEquals(good, store.read(goodRef));
    }
  }

  @Nested
  @DisplayName("large content")
  class LargeContent {
    @Test
    void fiftyMegabytesStreamInAndOutWithoutBeingHeldInMemory() throws IOException {
      MessageDigest written = newDigest();
      ArtifactRef ref;
      try (InputStream generated = new DigestInputStream(new GeneratedStream(12, LARGE), written)) {
        ref = store.put(generated);
      }
      String expected = HexFormat.of().formatHex(written.digest());

      MessageDigest read = newDigest();
      long count = 0;
      try (InputStream in = store.open(ref)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          read.update(buffer, 0, n);
          count += n;
        }
      }

      assertEquals(new ArtifactRef(expected, LARGE), ref);
      assertEquals(LARGE, count);
      assertEquals(expected, HexFormat.of().formatHex(read.digest()));
    }
  }

  @Nested
  @DisplayName("many threads")
  class ManyThreads {
    @Test
    void concurrentPutsOfTheSameContentAgree() throws Exception {
      byte[] content = bytes(13, 1024 * 1024);

      List<ArtifactRef> refs = runConcurrently(8, t -> store.put(content));

      assertEquals(1, new HashSet<>(refs).size());
      assertArrayEquals(content, store.read(refs.get(0)));
    }

    @Test
    void concurrentPutsOfDifferentContentAllLand() throws Exception {
      List<ArtifactRef> refs = runConcurrently(8, t -> store.put(bytes(100 + t, 256 * 1024)));

      for (int t = 0; t < 8; t++) {
        assertArrayEquals(bytes(100 + t, 256 * 1024), store.read(refs.get(t)));
      }
    }
  }

  @Nested
  @DisplayName("durability")
  class Durability {
    @Test
    void reopeningKeepsEverything() {
      List<ArtifactRef> refs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        refs.add(store.put(bytes(200 + i, 3000 * (i + 1))));
      }

      ArtifactStore reopened = reopen();

      for (int i = 0; i < 5; i++) {
        assertArrayEquals(bytes(200 + i, 3000 * (i + 1)), reopened.read(refs.get(i)));
        assertEquals(Optional.of(refs.get(i)), reopened.find(refs.get(i).sha256()));
      }
    }

    @Test
    void aClosedStoreRefusesCalls() {
      ArtifactRef ref = store.put(bytes(300, 10));
      store.close();

      assertThrows(RuntimeException.class, () -> store.read(ref));
      assertThrows(RuntimeException.class, () -> store.put(bytes(301, 10)));
    }
  }

  /** Work for one of several threads started together. */
  @FunctionalInterface
  protected interface ThreadWork<T> {
    /**
     * @param thread the thread's index, from 0
     * @return its result
     * @throws Exception to fail the test
     */
    T run(int thread) throws Exception;
  }

  private static <T> List<T> runConcurrently(int threads, ThreadWork<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int t = i;
        Callable<T> task = () -> {
          start.await();
          return work.run(t);
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
