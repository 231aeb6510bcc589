package dev.modelkit.core.privacy;

import dev.modelkit.StoreException;
import dev.modelkit.core.privacy.internal.DecryptingInputStream;
import dev.modelkit.core.privacy.internal.EncryptingInputStream;
import dev.modelkit.core.privacy.internal.MasterKeys;
import dev.modelkit.core.privacy.internal.Mke1Blob;
import dev.modelkit.core.privacy.internal.Mke2Header;
import dev.modelkit.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts blobs at rest with AES-GCM (javax.crypto) under keys a {@link KeyProvider} supplies, as
 * a stream or whole; a stream holds a few segment buffers whatever the blob's size.
 *
 * <p><b>Format MKE2</b> (written by everything here), the STREAM construction of Hoang,
 * Reyhanitabar, Rogaway and Vizár as in Tink's streaming AEAD, with envelope keys: a header, then
 * the plaintext cut into segments of {@link #segmentSize()} bytes (64 KiB by default; the last may
 * be shorter, an empty plaintext is one empty last segment), each sealed with AES-GCM and followed
 * by its 128-bit tag. The header holds {@code "MKE2"}, the key id, the segment size, a random 7-byte
 * nonce prefix and a fresh random 256-bit data key wrapped with AES-GCM under the organisation's
 * key, the rest of the header being the wrap's authenticated data. Segment {@code i} is sealed
 * under the data key with nonce = prefix, {@code i} (32 bits), and a last-segment byte. Decryption
 * therefore detects, with a {@link StoreException} naming the blob: the wrong or an altered key id
 * or header (when the header is read, before any data), a missing key, and any changed byte, a
 * reordered, dropped or duplicated segment, a cut at a segment boundary and appended bytes (at the
 * first segment affected). Plaintext is released a segment at a time, each only after its tag
 * verified. A per-blob data key means nonces never repeat across blobs; the wrap itself uses a
 * random 96-bit nonce under the organisation's key, so rotate keys before 2^32 blobs (NIST SP
 * 800-38D section 8.3).
 *
 * <p><b>Format MKE1</b> (read only, for blobs written before MKE2): {@code "MKE1"}, the key id, a
 * 96-bit nonce and one AES-GCM ciphertext of the whole plaintext. Such blobs are decrypted whole
 * in memory, as they always were.
 *
 * <p>Safe for many threads; every stream it returns serves one reader.
 */
public final class EnvelopeCipher {
  /** Plaintext bytes per segment unless a constructor says otherwise. */
  public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;
  /** The smallest segment size allowed (for tests that want many segments from little data). */
  public static final int MIN_SEGMENT_SIZE = Mke2Header.MIN_SEGMENT_SIZE;
  /** The largest segment size allowed, which also bounds what a reader allocates for a blob's header. */
  public static final int MAX_SEGMENT_SIZE = Mke2Header.MAX_SEGMENT_SIZE;

  private final KeyProvider keys;
  private final SecureRandom random;
  private final int segmentSize;

  /**
   * A cipher writing {@link #DEFAULT_SEGMENT_SIZE} segments.
   *
   * @param keys where keys come from
   * @param random the source of data keys and nonces
   */
  public EnvelopeCipher(KeyProvider keys, SecureRandom random) {
    this(keys, random, DEFAULT_SEGMENT_SIZE);
  }

  /**
   * @param keys where keys come from
   * @param random the source of data keys and nonces
   * @param segmentSize plaintext bytes per segment of new blobs; readers take each blob's own
   * @throws IllegalArgumentException if the segment size is outside {@link #MIN_SEGMENT_SIZE} to
   *     {@link #MAX_SEGMENT_SIZE}
   */
  public EnvelopeCipher(KeyProvider keys, SecureRandom random, int segmentSize) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.random = Objects.requireNonNull(random, "random");
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new IllegalArgumentException("segmentSize was " + segmentSize + " but it must be between "
          + MIN_SEGMENT_SIZE + " and " + MAX_SEGMENT_SIZE + " bytes; " + DEFAULT_SEGMENT_SIZE + " is the default");
    }
    this.segmentSize = segmentSize;
  }

  /** @return plaintext bytes per segment of the blobs this cipher writes */
  public int segmentSize() {
    return segmentSize;
  }

  /**
   * @param bytes some bytes, or at least the first five of a blob
   * @return whether they start like a blob this class wrote (MKE2) or once wrote (MKE1)
   */
  public static boolean isEncrypted(byte[] bytes) {
    return bytes.length >= Mke2Header.MAGIC.length + 1 && (startsWith(bytes, Mke2Header.MAGIC)
        || startsWith(bytes, Mke1Blob.MAGIC));
  }

  /**
   * Encrypts a whole plaintext into an MKE2 blob.
   *
   * @param organizationId whose current key to use
   * @param plain the plaintext
   * @return the encrypted blob
   * @throws IllegalStateException if the key provider has no usable key for the organisation
   */
  public byte[] encrypt(String organizationId, byte[] plain) {
    Mke2Header header = Mke2Header.create(MasterKeys.current(keys, organizationId), segmentSize, random);
    long length = Mke2Header.blobLength(header.encoded().length, plain.length, segmentSize);
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("A plaintext of " + plain.length + " bytes encrypts to " + length
          + " bytes, too many for one array; use encryptingStream");
    }
    try (InputStream in = new EncryptingInputStream(new ByteArrayInputStream(plain), header)) {
      return in.readNBytes((int) length);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array cannot fail", e);
    }
  }

  /**
   * Encrypts a stream as it is read: the returned stream reads as the MKE2 blob of everything
   * {@code plain} holds, sealing a segment whenever its plaintext is in. The organisation's key is
   * looked up now, so a missing key fails here rather than halfway through a store.
   *
   * @param organizationId whose current key to use
   * @param plain the plaintext, read to its end; closed when the returned stream is
   * @return the encrypted stream, holding about two segments of memory
   * @throws IllegalStateException if the key provider has no usable key for the organisation
   */
  public InputStream encryptingStream(String organizationId, InputStream plain) {
    Objects.requireNonNull(plain, "plain");
    return new EncryptingInputStream(plain,
        Mke2Header.create(MasterKeys.current(keys, organizationId), segmentSize, random));
  }

  /**
   * Decrypts a whole blob.
   *
   * @param blob an MKE2 or MKE1 blob
   * @param what names the blob in errors, for example {@code artifact sha256:...}
   * @return the plaintext, authenticated
   * @throws StoreException if the blob is not encrypted, is malformed or truncated, names a key the
   *     provider lacks, or fails authentication (a changed byte, a reordered, dropped or duplicated
   *     segment, appended bytes, or the wrong key)
   */
  public byte[] decrypt(byte[] blob, String what) {
    if (startsWith(blob, Mke1Blob.MAGIC)) {
      return Mke1Blob.decrypt(blob, keys, what);
    }
    if (!startsWith(blob, Mke2Header.MAGIC)) {
      throw notEncrypted(what);
    }
    try (InputStream in = decryptingStream(new ByteArrayInputStream(blob), what)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array cannot fail", e);
    }
  }

  /**
   * Decrypts a blob as it is read. The header is read and authenticated now (so a missing or wrong
   * key fails here); each segment is read, verified and only then released as the caller reads.
   * An MKE1 blob is read whole here and decrypted in memory, the only way that format can be.
   *
   * @param blob the blob, from its first byte; closed when the returned stream is (an MKE1 blob is
   *     read to its end and closed at once; if this method throws, the caller closes it)
   * @param what names the blob in errors, for example {@code artifact sha256:...}
   * @return the plaintext; its reads throw {@link StoreException} naming the blob and the segment
   *     at the first segment that fails authentication or is cut short
   * @throws StoreException if the blob is not encrypted, its header is malformed or truncated,
   *     names a key the provider lacks, or fails authentication (altered, or the wrong key)
   * @throws IOException if reading the blob fails
   */
  public InputStream decryptingStream(InputStream blob, String what) throws IOException {
    Objects.requireNonNull(blob, "blob");
    byte[] magic = blob.readNBytes(Mke2Header.MAGIC.length);
    if (Arrays.equals(magic, Mke2Header.MAGIC)) {
      return new DecryptingInputStream(blob, Mke2Header.read(blob, keys, what), what);
    }
    if (Arrays.equals(magic, Mke1Blob.MAGIC)) {
      byte[] rest = blob.readAllBytes();
      byte[] whole = Arrays.copyOf(magic, magic.length + rest.length);
      System.arraycopy(rest, 0, whole, magic.length, rest.length);
      blob.close();
      return new ByteArrayInputStream(Mke1Blob.decrypt(whole, keys, what));
    }
    throw notEncrypted(what);
  }

  private static StoreException notEncrypted(String what) {
    return new StoreException(what + " is not an encrypted ModelKit blob (it starts with neither MKE2 nor MKE1)."
        + " Read it without decryption, or check that this is the artifact you meant");
  }

  private static boolean startsWith(byte[] bytes, byte[] magic) {
    return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
  }
}
