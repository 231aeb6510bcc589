package dev.modelkit.core.privacy;

import dev.modelkit.StoreException;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An artifact store that encrypts what it is given with an {@link EnvelopeCipher} before the
 * underlying store sees it, and decrypts on read. References are those of the ciphertext, so the
 * underlying store's content addressing and digest checks still apply: they catch corruption, and
 * GCM's tag catches tampering by anyone without the key. Reading a blob that is not encrypted
 * returns it unchanged, so one store serves encrypted and plain artifacts.
 *
 * <p>Artifacts are read whole into memory to decrypt: model artifacts and data set copies are
 * small enough in this runtime's use; streaming AES-GCM (segmented, as in Tink's streaming AEAD) is
 * not built.
 */
public final class EncryptedArtifactStore implements ArtifactStore {
  private final ArtifactStore inner;
  private final EnvelopeCipher cipher;
  private final String organizationId;

  /**
   * @param inner where the ciphertext goes
   * @param cipher the cipher
   * @param organizationId whose key encrypts new artifacts
   */
  public EncryptedArtifactStore(ArtifactStore inner, EnvelopeCipher cipher, String organizationId) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
  }

  private EncryptedArtifactStore(ArtifactStore inner, EnvelopeCipher cipher) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.organizationId = null;
  }

  /**
   * The runtime's own view of its artifact store when the host supplies keys: puts are stored as
   * given, reads of encrypted artifacts are decrypted, so serving and evaluation load encrypted
   * models without knowing they are.
   *
   * @param inner the runtime's store
   * @param cipher the cipher
   * @return a store that decrypts on read and never encrypts
   */
  public static EncryptedArtifactStore decryptingReads(ArtifactStore inner, EnvelopeCipher cipher) {
    return new EncryptedArtifactStore(inner, cipher);
  }

  @Override
  public ArtifactRef put(InputStream content) {
    if (organizationId == null) {
      return inner.put(content);
    }
    try {
      return put(content.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ArtifactRef put(Path file) {
    if (organizationId == null) {
      return inner.put(file);
    }
    try {
      return put(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new StoreException("Cannot read " + file + " to encrypt it: " + e.getMessage(), e);
    }
  }

  @Override
  public ArtifactRef put(byte[] bytes) {
    return inner.put(organizationId == null ? bytes : cipher.encrypt(organizationId, bytes));
  }

  @Override
  public InputStream open(ArtifactRef ref) {
    return new ByteArrayInputStream(read(ref));
  }

  @Override
  public byte[] read(ArtifactRef ref) {
    byte[] stored = inner.read(ref);
    return EnvelopeCipher.isEncrypted(stored) ? cipher.decrypt(stored, "artifact " + ref) : stored;
  }

  @Override
  public Optional<ArtifactRef> find(String sha256) {
    return inner.find(sha256);
  }

  @Override
  public boolean delete(ArtifactRef ref) {
    return inner.delete(ref);
  }

  /** Does not close the underlying store, which the runtime owns. */
  @Override
  public void close() {
    // the runtime closes the underlying store
  }
}
