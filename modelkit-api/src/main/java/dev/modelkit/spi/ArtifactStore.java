package dev.modelkit.spi;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage for model weights, checkpoints, datasets and reports.
 *
 * <p>Contract, checked by {@code ArtifactStoreCompatibilityKit} in {@code modelkit-tck}: content
 * is addressed by its SHA-256; a stored artifact is never overwritten; a put that returned is
 * durable; a reader never sees a partial artifact; content that no longer matches its digest is
 * reported as corrupt with {@link dev.modelkit.StoreException}, never returned.
 */
public interface ArtifactStore extends AutoCloseable {

  /**
   * Stores the stream's content (the stream is read to its end, not closed).
   *
   * @param content the bytes
   * @return where it is; storing the same bytes twice returns the same reference
   * @throws dev.modelkit.StoreException if writing fails
   */
  ArtifactRef put(InputStream content);

  /**
   * @param file a file to store
   * @return where it is
   */
  ArtifactRef put(Path file);

  /**
   * @param bytes bytes to store
   * @return where they are
   */
  ArtifactRef put(byte[] bytes);

  /**
   * Opens an artifact for reading. The stream verifies the digest as it is read and throws
   * {@link dev.modelkit.StoreException} at its end if the content does not match.
   *
   * @param ref the artifact
   * @return its content
   * @throws dev.modelkit.NotFoundException if it is not stored
   */
  InputStream open(ArtifactRef ref);

  /**
   * Reads an artifact whole, verified.
   *
   * @param ref the artifact
   * @return its bytes
   */
  byte[] read(ArtifactRef ref);

  /**
   * @param sha256 a digest
   * @return the reference, if such an artifact is stored
   */
  Optional<ArtifactRef> find(String sha256);

  /**
   * Removes an artifact no longer referenced (old checkpoints). Removing is the only change ever
   * made to stored content.
   *
   * @param ref the artifact
   * @return whether it existed
   */
  boolean delete(ArtifactRef ref);

  /** Releases resources. */
  @Override
  void close();
}
