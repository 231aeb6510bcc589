package dev.modelkit.core.privacy;

import dev.modelkit.StoreException;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An artifact store that encrypts what it is given with an {@link EnvelopeCipher} before the
 * underlying store sees it, and decrypts on read. References are those of the ciphertext, so the
 * underlying store's content addressing and digest checks still apply: they catch corruption, and
 * GCM's tags catch tampering by anyone without the key. Reading an artifact that is not encrypted
 * returns it unchanged, so one store serves encrypted and plain artifacts.
 *
 * <p>Everything streams: {@link #put(InputStream)} and {@link #put(Path)} hand the underlying
 * store a stream that encrypts segment by segment (format MKE2), and {@link #open} returns a
 * stream that decrypts segment by segment, releasing each segment's plaintext only after its tag
 * verified, so an artifact of any size passes through in memory bounded by a few segments (64 KiB
 * each by default) as long as the underlying store streams too ({@code FileArtifactStore} does).
 * Artifacts written in the older MKE1 format are still read, whole in memory. {@link #read} returns
 * whole plaintext, as its contract says.
 *
 * <p>Errors: a missing key, the wrong key and an altered artifact are reported as {@link
 * StoreException} naming the artifact (and, for a segment, its number); {@link #open} reports
 * header problems when called, segment problems from the stream's reads.
 */
public final class EncryptedArtifactStore implements ArtifactStore {
  private static final int PEEK = 5;

  private final ArtifactStore inner;
  private final EnvelopeCipher cipher;
  private final String organizationId;

  /**
   * A store that encrypts every put under the organisation's current key.
   *
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

  /**
   * Stores the stream's content encrypted, streaming: the content is read to its end (not closed)
   * one segment at a time.
   *
   * @throws IllegalStateException if the key provider has no usable key for the organisation
   * @throws StoreException if reading the content or writing the store fails
   */
  @Override
  public ArtifactRef put(InputStream content) {
    Objects.requireNonNull(content, "content");
    if (organizationId == null) {
      return inner.put(content);
    }
    // not closed: the contract leaves closing the caller's stream to the caller
    return inner.put(cipher.encryptingStream(organizationId, content));
  }

  /**
   * Stores a file encrypted, streaming it.
   *
   * @throws StoreException if the file is missing or unreadable, or writing the store fails
   */
  @Override
  public ArtifactRef put(Path file) {
    Objects.requireNonNull(file, "file");
    if (organizationId == null) {
      return inner.put(file);
    }
    if (!Files.isRegularFile(file)) {
      throw new StoreException("Cannot encrypt " + file + " into the artifact store: "
          + (Files.exists(file) ? "it is not a regular file." : "the file does not exist.") + " Check the path.");
    }
    // FileInputStream rather than Files.newInputStream, whose channel an interrupt would close
    try (InputStream in = new FileInputStream(file.toFile())) {
      return put(in);
    } catch (IOException e) {
      throw new StoreException("Cannot read " + file + " to encrypt it: " + e.getMessage()
          + ". Check that it is a readable file.", e);
    }
  }

  @Override
  public ArtifactRef put(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return organizationId == null ? inner.put(bytes) : put(new ByteArrayInputStream(bytes));
  }

  /**
   * Opens an artifact, decrypting it as it is read when it is encrypted.
   *
   * @return the plaintext stream; its reads throw {@link StoreException} at a segment that was
   *     altered or cut short
   * @throws StoreException if the artifact's header names a key the provider lacks, was altered or
   *     does not authenticate under the key (the wrong key)
   * @throws dev.modelkit.NotFoundException if it is not stored
   */
  @Override
  public InputStream open(ArtifactRef ref) {
    return opened(ref).content();
  }

  /**
   * Reads an artifact whole, decrypting and verifying it when it is encrypted.
   *
   * @throws StoreException if the artifact's key is missing or wrong, or it was altered
   */
  @Override
  public byte[] read(ArtifactRef ref) {
    Opened opened = opened(ref);
    try (InputStream in = opened.content()) {
      // in the clear the size is known: read straight into one array, as the inner store does
      return opened.encrypted() ? in.readAllBytes() : readExactly(in, ref);
    } catch (IOException e) {
      throw new StoreException("Could not read " + what(ref) + ": " + e + ". Check the artifact store's directory"
          + " and disk.", e);
    }
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

  private Opened opened(ArtifactRef ref) {
    InputStream stored = inner.open(ref);
    try {
      PushbackInputStream in = new PushbackInputStream(stored, PEEK);
      byte[] head = in.readNBytes(PEEK);
      in.unread(head);
      return EnvelopeCipher.isEncrypted(head) ? new Opened(cipher.decryptingStream(in, what(ref)), true)
          : new Opened(in, false);
    } catch (IOException | RuntimeException e) {
      closeQuietly(stored, e);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("Could not read " + what(ref) + " to decrypt it: " + e + ". Check the artifact"
          + " store's directory and disk.", e);
    }
  }

  /** An opened artifact: the plaintext stream, and whether it is decrypted from ciphertext. */
  private record Opened(InputStream content, boolean encrypted) {}

  private static byte[] readExactly(InputStream in, ArtifactRef ref) throws IOException {
    if (ref.size() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Artifact " + ref + " has " + ref.size()
          + " bytes, too many for one array; read it as a stream with open(ref)");
    }
    byte[] content = new byte[(int) ref.size()];
    int n = in.readNBytes(content, 0, content.length);
    // reading to the end lets the inner store check the digest
    if (n != content.length || in.read() >= 0) {
      throw new StoreException(what(ref) + " does not have the " + ref.size() + " bytes its reference says. The"
          + " store's copy is corrupt; restore it from a backup or store the artifact again.");
    }
    return content;
  }

  private static String what(ArtifactRef ref) {
    return "artifact " + ref;
  }

  private static void closeQuietly(InputStream in, Exception failure) {
    try {
      in.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
