package dev.modelkit.core.jobs;

import dev.modelkit.NotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A content-addressed artifact store in memory, for unit tests. */
final class MemoryArtifactStore implements ArtifactStore {
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  @Override
  public ArtifactRef put(InputStream content) {
    try {
      return put(content.readAllBytes());
    } catch (IOException e) {
      throw new StoreException("read failed", e);
    }
  }

  @Override
  public ArtifactRef put(Path file) {
    try {
      return put(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ArtifactRef put(byte[] bytes) {
    try {
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      blobs.putIfAbsent(sha, bytes.clone());
      return new ArtifactRef(sha, bytes.length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public InputStream open(ArtifactRef ref) {
    return new ByteArrayInputStream(read(ref));
  }

  @Override
  public byte[] read(ArtifactRef ref) {
    byte[] b = blobs.get(ref.sha256());
    if (b == null) {
      throw new NotFoundException("no artifact " + ref);
    }
    return b.clone();
  }

  @Override
  public Optional<ArtifactRef> find(String sha256) {
    byte[] b = blobs.get(sha256);
    return b == null ? Optional.empty() : Optional.of(new ArtifactRef(sha256, b.length));
  }

  @Override
  public boolean delete(ArtifactRef ref) {
    return blobs.remove(ref.sha256()) != null;
  }

  boolean contains(ArtifactRef ref) {
    return blobs.containsKey(ref.sha256());
  }

  @Override
  public void close() {}
}
