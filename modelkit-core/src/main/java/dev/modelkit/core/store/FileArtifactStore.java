package dev.modelkit.core.store;

import dev.modelkit.NotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.core.store.internal.Digests;
import dev.modelkit.core.store.internal.FileSync;
import dev.modelkit.core.store.internal.TempFiles;
import dev.modelkit.core.store.internal.VerifyingInputStream;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded default {@link ArtifactStore}: files under {@code <home>/artifacts}, addressed by
 * the SHA-256 of their content at {@code sha256/<first two hex digits>/<digest>}.
 *
 * <p>A put streams the content into {@code tmp/} (same file system), hashing it on the way,
 * fsyncs it, makes it read-only, moves it into place with an atomic rename and fsyncs the target
 * directory: once put returns, the artifact survives a crash, and a reader only ever sees a whole
 * artifact or none. An artifact that is already stored is never rewritten; the new copy is
 * discarded. Temporary files of killed processes are removed when a store opens and are never
 * visible through the store.
 *
 * <p>Reads verify: {@link #open} returns a stream that throws {@link StoreException} at its end
 * if the bytes do not hash to the address; {@link #read} verifies before returning.
 *
 * <p>Safe for many threads; several processes may share the directory, as every change is an
 * atomic rename or delete of content-addressed files.
 */
public final class FileArtifactStore implements ArtifactStore {
  /** The store's directory inside the home directory. */
  public static final String DIRECTORY = "artifacts";

  private static final int BUFFER = 64 * 1024;
  private static final int STRIPES = 64;

  private final Path root;
  private final Path objects;
  private final Path tmp;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private volatile boolean closed;

  private FileArtifactStore(Path root) {
    this.root = root;
    this.objects = root.resolve("sha256");
    this.tmp = root.resolve("tmp");
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Opens (creating if needed) the store in {@code home/artifacts} and removes temporary files
   * that killed processes left behind.
   *
   * @param home the ModelKit home directory; created if missing
   * @return the open store
   * @throws StoreException if the directories cannot be created or cleaned
   */
  public static FileArtifactStore open(Path home) {
    return open(home, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) the store in {@code home/artifacts}.
   *
   * @param home the ModelKit home directory; created if missing
   * @param clock decides when an abandoned temporary file is old enough to delete
   * @return the open store
   * @throws StoreException if the directories cannot be created or cleaned
   */
  public static FileArtifactStore open(Path home, Clock clock) {
    Objects.requireNonNull(home, "home");
    FileArtifactStore store = new FileArtifactStore(home.resolve(DIRECTORY));
    try {
      createDurably(store.objects);
      createDurably(store.tmp);
      TempFiles.deleteLeftovers(store.tmp, clock.instant());
    } catch (IOException e) {
      throw new StoreException("Could not open the artifact store " + store.root + ": " + e
          + ". Check that the directory is writable by this process and the disk has free space.", e);
    }
    return store;
  }

  /** @return the store's directory */
  public Path root() {
    return root;
  }

  /**
   * @param ref an artifact
   * @return the file where it is (or would be) stored; for tools and tests, never to write to
   */
  public Path fileOf(ArtifactRef ref) {
    return objectPath(ref.sha256());
  }

  @Override
  public ArtifactRef put(InputStream content) {
    Objects.requireNonNull(content, "content");
    ensureOpen();
    Path temp = TempFiles.newTempFile(tmp);
    try {
      ArtifactRef ref = writeTemp(content, temp);
      publish(temp, ref);
      return ref;
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(temp, e);
      throw new StoreException("Could not store an artifact in " + root + ": " + e
          + ". Check that the disk has free space and the directory is writable; nothing was stored.", e);
    } catch (RuntimeException e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  @Override
  public ArtifactRef put(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new StoreException("Could not store " + file + " as an artifact: "
          + (Files.exists(file) ? "it is not a regular file." : "the file does not exist.") + " Check the path.");
    }
    try (InputStream in = new FileInputStream(file.toFile())) {
      return put(in);
    } catch (IOException e) {
      throw new StoreException("Could not read " + file + " to store it as an artifact: " + e
          + ". Check that it is a readable file.", e);
    }
  }

  @Override
  public ArtifactRef put(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return put(new ByteArrayInputStream(bytes));
  }

  @Override
  public InputStream open(ArtifactRef ref) {
    Objects.requireNonNull(ref, "ref");
    ensureOpen();
    Path file = objectPath(ref.sha256());
    try {
      long size = Files.size(file);
      if (size != ref.size()) {
        throw new StoreException("Artifact " + ref + " stored at " + file + " is corrupt: expected "
            + ref.size() + " bytes but the file has " + size + ". Restore the file from a backup or store"
            + " the artifact again; ModelKit will not use corrupt content.");
      }
      // FileInputStream rather than Files.newInputStream, whose channel an interrupt would close
      return new VerifyingInputStream(new FileInputStream(file.toFile()), ref.sha256(), ref.size(), file);
    } catch (NoSuchFileException e) {
      throw notFound(ref, e);
    } catch (FileNotFoundException e) {
      // also thrown for "permission denied"; only a file that is really gone is not found
      if (!Files.exists(file)) {
        throw notFound(ref, e);
      }
      throw new StoreException("Could not read artifact " + ref + " at " + file + ": " + e
          + ". Check the file's permissions.", e);
    } catch (IOException e) {
      throw new StoreException("Could not read artifact " + ref + " at " + file + ": " + e
          + ". Check the file's permissions and the disk.", e);
    }
  }

  @Override
  public byte[] read(ArtifactRef ref) {
    Objects.requireNonNull(ref, "ref");
    if (ref.size() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Artifact " + ref + " has " + ref.size()
          + " bytes, too many for one array; read it as a stream with open(ref)");
    }
    byte[] content = new byte[(int) ref.size()];
    try (InputStream in = open(ref)) {
      // the size is known: read straight into one array, then hit the end, where the digest is checked
      int n = in.readNBytes(content, 0, content.length);
      if (in.read() >= 0 || n != content.length) {
        throw new StoreException("Artifact " + ref + " stored at " + fileOf(ref) + " is corrupt: its file"
            + " changed length while being read. Restore the file from a backup or store the artifact"
            + " again; ModelKit will not use corrupt content.");
      }
      return content;
    } catch (IOException e) {
      throw new StoreException("Could not read artifact " + ref + " at " + fileOf(ref) + ": " + e
          + ". Check the file's permissions and the disk.", e);
    }
  }

  @Override
  public Optional<ArtifactRef> find(String sha256) {
    new ArtifactRef(sha256, 0);
    ensureOpen();
    Path file = objectPath(sha256);
    try {
      return Optional.of(new ArtifactRef(sha256, Files.size(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("Could not look up artifact sha256:" + sha256 + " at " + file + ": " + e, e);
    }
  }

  @Override
  public boolean delete(ArtifactRef ref) {
    Objects.requireNonNull(ref, "ref");
    ensureOpen();
    Path file = objectPath(ref.sha256());
    ReentrantLock lock = stripe(ref.sha256());
    lock.lock();
    try {
      boolean existed = Files.deleteIfExists(file);
      if (existed) {
        FileSync.directory(file.getParent());
      }
      return existed;
    } catch (IOException e) {
      throw new StoreException("Could not delete artifact " + ref + " at " + file + ": " + e
          + ". Check the directory's permissions.", e);
    } finally {
      lock.unlock();
    }
  }

  /** Marks the store closed; later calls fail with {@link StoreException}. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "FileArtifactStore[" + root + "]";
  }

  private ArtifactRef writeTemp(InputStream content, Path temp) throws IOException {
    MessageDigest md = Digests.sha256();
    long size = 0;
    byte[] buffer = new byte[BUFFER];
    // a stream, not a FileChannel: an interrupt (a job being cancelled) must not abort the write
    try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
      for (int n; (n = content.read(buffer)) >= 0; ) {
        md.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
      }
      out.getFD().sync();
    }
    makeReadOnly(temp);
    return new ArtifactRef(HexFormat.of().formatHex(md.digest()), size);
  }

  private void publish(Path temp, ArtifactRef ref) throws IOException {
    Path target = objectPath(ref.sha256());
    ReentrantLock lock = stripe(ref.sha256());
    lock.lock();
    try {
      if (Files.exists(target)) {
        Files.delete(temp);
        return;
      }
      Path dir = target.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        FileSync.directory(objects);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      FileSync.directory(dir);
    } finally {
      lock.unlock();
    }
  }

  private static void makeReadOnly(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix != null) {
      posix.setPermissions(PosixFilePermissions.fromString("r--r--r--"));
    } else {
      file.toFile().setReadOnly();
    }
  }

  private static void createDurably(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      FileSync.directory(dir.getParent());
      FileSync.directory(dir.getParent().getParent());
    }
  }

  private Path objectPath(String sha256) {
    return objects.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  private ReentrantLock stripe(String sha256) {
    return stripes[Integer.parseInt(sha256.substring(0, 2), 16) % STRIPES];
  }

  private NotFoundException notFound(ArtifactRef ref, Exception cause) {
    return new NotFoundException("Artifact " + ref + " is not in the artifact store " + root
        + ". It was never stored here or has been deleted; store it again with put().", cause);
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("The artifact store " + root
          + " is closed: open a new one with FileArtifactStore.open(home).");
    }
  }

  private static void deleteQuietly(Path temp, Exception failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
