package dev.modelkit.core.privacy;

import static dev.modelkit.core.privacy.EnvelopeCipherTest.K1;
import static dev.modelkit.core.privacy.EnvelopeCipherTest.K2;
import static dev.modelkit.core.privacy.EnvelopeCipherTest.MKE1_WEIGHTS;
import static dev.modelkit.core.privacy.EnvelopeCipherTest.bytes;
import static dev.modelkit.core.privacy.EnvelopeCipherTest.keys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.StoreException;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encrypting artifact store streams on a real {@link FileArtifactStore}: 64 MiB of
 * generated data goes in through {@code put(InputStream)} and out through {@code open} with the
 * encryptor and the decryptor never more than a segment ahead of their consumers; MKE1 artifacts
 * written before still read; an artifact altered on disk fails at its segment, naming it.
 */
class EncryptedArtifactStreamingTest {
  private static final int SEGMENT = 64;

  @TempDir
  Path home;

  private FileArtifactStore files;
  private final EnvelopeCipher cipher = new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom());

  @BeforeEach
  void open() {
    files = FileArtifactStore.open(home);
  }

  @AfterEach
  void close() {
    files.close();
  }

  @Test
  void sixtyFourMebibytesStreamThroughPutAndOpenWithTheCipherAtMostOneSegmentAhead() throws IOException {
    // 64 MiB (1,024 segments): far more than one segment, small enough for a CI disk
    long size = 64L << 20;
    int segment = EnvelopeCipher.DEFAULT_SEGMENT_SIZE;
    GeneratedPlaintext source = new GeneratedPlaintext(size, 20240601L);
    long[] checks = new long[1];
    // the file store pulls ciphertext; after every pull, the plaintext taken from the source may
    // exceed what was handed on by at most one segment and the one byte of look-ahead
    ArtifactStore watchedPuts = new Delegating(files) {
      @Override
      public ArtifactRef put(InputStream content) {
        return files.put(new Counting(content, consumed -> {
          long lead = source.produced - consumed;
          checks[0]++;
          assertTrue(lead <= segment + 1, "the encryptor read " + lead + " plaintext bytes ahead");
        }));
      }
    };
    ArtifactRef ref = new EncryptedArtifactStore(watchedPuts, cipher, "acme").put(source);
    assertEquals(size, source.produced);
    assertEquals(Mke2Blobs.expectedLength("k1", size, segment), ref.size());
    try (InputStream atRest = Files.newInputStream(files.fileOf(ref))) {
      assertEquals("MKE2", new String(atRest.readNBytes(4), StandardCharsets.US_ASCII));
    }

    Counting[] pulled = new Counting[1];
    ArtifactStore watchedOpens = new Delegating(files) {
      @Override
      public InputStream open(ArtifactRef r) {
        pulled[0] = new Counting(files.open(r), n -> { });
        return pulled[0];
      }
    };
    MessageDigest plain = sha256();
    long released = 0;
    long header = Mke2Blobs.FIXED_HEADER_BYTES + 2;
    try (InputStream in = EncryptedArtifactStore.decryptingReads(watchedOpens, cipher).open(ref)) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        plain.update(buffer, 0, n);
        released += n;
        // ciphertext read so far covers at most the segment being handed out and the next one
        long bound = header + (released / segment + 2) * (segment + Mke2Blobs.TAG);
        assertTrue(pulled[0].count <= bound, "the decryptor read " + pulled[0].count + " bytes for " + released
            + " released");
      }
    }
    assertEquals(size, released);
    assertArrayEquals(source.digest.digest(), plain.digest(), "SHA-256 of the plaintext end to end");
    assertTrue(checks[0] >= size / segment, "the encryptor's bound was checked at every segment: " + checks[0]);
  }

  @Test
  void smallSegmentsKeepBothStreamsWithinOneSegmentOfTheirConsumers() throws IOException {
    EnvelopeCipher small = new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom(), SEGMENT);
    byte[] plain = bytes(SEGMENT * 40 + 7, 11);
    Counting source = new Counting(new ByteArrayInputStream(plain), n -> { });
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    try (InputStream enc = small.encryptingStream("acme", source)) {
      byte[] buffer = new byte[5];
      for (int n; (n = enc.read(buffer)) >= 0; ) {
        sealed.write(buffer, 0, n);
        assertTrue(source.count - sealed.size() <= SEGMENT + 1, source.count + " read for " + sealed.size());
      }
    }
    Counting blob = new Counting(new ByteArrayInputStream(sealed.toByteArray()), n -> { });
    int header = Mke2Blobs.headerLength(sealed.toByteArray());
    try (InputStream dec = small.decryptingStream(blob, "blob")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[5];
      for (int n; (n = dec.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        assertTrue(blob.count <= header + (out.size() / SEGMENT + 2) * (SEGMENT + Mke2Blobs.TAG) + 1,
            blob.count + " read for " + out.size());
      }
      assertArrayEquals(plain, out.toByteArray());
    }
  }

  @Test
  void aFilePutStreamsEncryptedAndEveryReadPathReturnsIt() throws IOException {
    Path german = EnvelopeCipherTest.german();
    byte[] expected = Files.readAllBytes(german);
    EncryptedArtifactStore store = new EncryptedArtifactStore(files,
        new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom(), 1024), "acme");
    ArtifactRef ref = store.put(german);
    byte[] atRest = Files.readAllBytes(files.fileOf(ref));
    assertEquals(Mke2Blobs.expectedLength("k1", expected.length, 1024), atRest.length);
    assertFalse(new String(atRest, StandardCharsets.ISO_8859_1).contains("@attribute"), "no plaintext at rest");
    assertArrayEquals(expected, store.read(ref));
    try (InputStream in = store.open(ref)) {
      assertArrayEquals(expected, in.readAllBytes());
    }
    assertArrayEquals(expected, EncryptedArtifactStore.decryptingReads(files, cipher).read(ref));
    assertArrayEquals(expected, store.read(store.put(new ByteArrayInputStream(expected))));
    assertArrayEquals(expected, store.read(store.put(expected)));
    StoreException missing = assertThrows(StoreException.class, () -> store.put(home.resolve("nope.arff")));
    assertTrue(missing.getMessage().contains("nope.arff") && missing.getMessage().contains("does not exist"),
        missing.getMessage());
  }

  @Test
  void mke1ArtifactsWrittenBeforeStillReadThroughTheStore() throws IOException {
    ArtifactRef old = files.put(MKE1_WEIGHTS);
    for (ArtifactStore store : new ArtifactStore[] {EncryptedArtifactStore.decryptingReads(files, cipher),
        new EncryptedArtifactStore(files, cipher, "acme")}) {
      assertEquals("credit model weights", new String(store.read(old), StandardCharsets.UTF_8));
      try (InputStream in = store.open(old)) {
        assertEquals("credit model weights", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    StoreException wrong = assertThrows(StoreException.class, () -> EncryptedArtifactStore.decryptingReads(files,
        new EnvelopeCipher(keys(Map.of("k1", K2)), new SecureRandom())).open(old));
    assertTrue(wrong.getMessage().startsWith("artifact " + old + " failed authentication under key 'k1'"),
        wrong.getMessage());
  }

  @Test
  void plainArtifactsPassThroughUnchangedAndTheRuntimeViewNeverEncrypts() throws IOException {
    EncryptedArtifactStore runtime = EncryptedArtifactStore.decryptingReads(files, cipher);
    for (byte[] plain : new byte[][] {new byte[0], "MKE".getBytes(StandardCharsets.US_ASCII),
        "{\"weights\":[0.1,0.2]}".getBytes(StandardCharsets.UTF_8), bytes(70_000, 4)}) {
      ArtifactRef ref = runtime.put(new ByteArrayInputStream(plain));
      assertArrayEquals(plain, Files.readAllBytes(files.fileOf(ref)), "stored as given");
      assertArrayEquals(plain, runtime.read(ref));
      assertArrayEquals(plain, new EncryptedArtifactStore(files, cipher, "acme").read(ref));
      try (InputStream in = runtime.open(ref)) {
        assertArrayEquals(plain, in.readAllBytes());
      }
    }
  }

  @Test
  void anArtifactAlteredOnDiskFailsAtItsSegmentNamingItAndReleasesNothingOfThatSegment() throws IOException {
    EnvelopeCipher small = new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom(), 1024);
    byte[] plain = bytes(10 * 1024, 12);
    ArtifactRef ref = new EncryptedArtifactStore(files, small, "acme").put(plain);
    Path file = files.fileOf(ref);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    long at = Mke2Blobs.FIXED_HEADER_BYTES + 2 + 3L * (1024 + Mke2Blobs.TAG) + 500;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x20);
    }
    ByteArrayOutputStream delivered = new ByteArrayOutputStream();
    StoreException e = assertThrows(StoreException.class, () -> {
      try (InputStream in = EncryptedArtifactStore.decryptingReads(files, small).open(ref)) {
        byte[] buffer = new byte[100];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          delivered.write(buffer, 0, n);
        }
      }
    });
    assertTrue(e.getMessage().startsWith("artifact " + ref + " failed authentication at segment 3 ")
        && e.getMessage().contains("Restore the blob from a backup"), e.getMessage());
    assertArrayEquals(Arrays.copyOf(plain, 3 * 1024), delivered.toByteArray());
    assertThrows(StoreException.class, () -> new EncryptedArtifactStore(files, small, "acme").read(ref));
  }

  @Test
  void aMissingKeyIsRefusedWhenOpeningAndTheStoredStreamIsClosed() {
    ArtifactRef ref = new EncryptedArtifactStore(files, cipher, "acme").put(bytes(100, 1));
    Counting[] opened = new Counting[1];
    ArtifactStore watched = new Delegating(files) {
      @Override
      public InputStream open(ArtifactRef r) {
        opened[0] = new Counting(files.open(r), n -> { });
        return opened[0];
      }
    };
    StoreException e = assertThrows(StoreException.class, () -> EncryptedArtifactStore.decryptingReads(watched,
        new EnvelopeCipher(keys(Map.of()), new SecureRandom())).open(ref));
    assertTrue(e.getMessage().startsWith("artifact " + ref + " is encrypted with key 'k1', which the key provider"
        + " does not have"), e.getMessage());
    assertTrue(opened[0].closed, "the stored stream is closed when open fails");
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Pseudo-random bytes made as they are read, hashed on the way; holds nothing but its state. */
  static final class GeneratedPlaintext extends InputStream {
    final MessageDigest digest = sha256();
    private final long length;
    private final SplittableRandom random;
    long produced;

    GeneratedPlaintext(long length, long seed) {
      this.length = length;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (produced == length) {
        return -1;
      }
      int n = (int) Math.min(len, length - produced);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          b[off + i + j] = (byte) (v >>> (8 * j));
        }
      }
      digest.update(b, off, n);
      produced += n;
      return n;
    }
  }

  /** Counts the bytes it hands out and runs a check after each read. */
  static final class Counting extends FilterInputStream {
    private final LongConsumer afterRead;
    long count;
    boolean closed;

    Counting(InputStream in, LongConsumer afterRead) {
      super(in);
      this.afterRead = afterRead;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
        afterRead.accept(count);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        afterRead.accept(count);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }

  /** Forwards everything to another store; tests override what they watch. */
  static class Delegating implements ArtifactStore {
    private final ArtifactStore inner;

    Delegating(ArtifactStore inner) {
      this.inner = inner;
    }

    @Override
    public ArtifactRef put(InputStream content) {
      return inner.put(content);
    }

    @Override
    public ArtifactRef put(Path file) {
      return inner.put(file);
    }

    @Override
    public ArtifactRef put(byte[] bytes) {
      return inner.put(bytes);
    }

    @Override
    public InputStream open(ArtifactRef ref) {
      return inner.open(ref);
    }

    @Override
    public byte[] read(ArtifactRef ref) {
      return inner.read(ref);
    }

    @Override
    public Optional<ArtifactRef> find(String sha256) {
      return inner.find(sha256);
    }

    @Override
    public boolean delete(ArtifactRef ref) {
      return inner.delete(ref);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
