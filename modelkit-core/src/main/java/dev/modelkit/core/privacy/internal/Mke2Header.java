package dev.modelkit.core.privacy.internal;

import dev.modelkit.StoreException;
import dev.modelkit.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The header of a segmented (MKE2) blob, and the per-blob data key it carries wrapped under the
 * organisation's key.
 *
 * <p>Layout, all integers big-endian: {@code "MKE2"}; one byte key-id length {@code n}; the key id
 * ({@code n} ASCII bytes); the plaintext segment size (4 bytes); the segments' 7-byte random nonce
 * prefix; a 12-byte random wrap nonce; the 256-bit data key encrypted with AES-GCM under the named
 * key (32 bytes) and its 16-byte tag. The wrap's additional authenticated data is every header byte
 * before the wrap nonce, so unwrapping the data key authenticates the whole header: a changed key
 * id, segment size or prefix, or the wrong key, fails here, before any segment is read.
 */
public final class Mke2Header {
  /** The format's first four bytes. */
  public static final byte[] MAGIC = {'M', 'K', 'E', '2'};
  /** The smallest segment size a blob may declare. */
  public static final int MIN_SEGMENT_SIZE = 16;
  /** The largest segment size a blob may declare, so a reader's buffers stay bounded. */
  public static final int MAX_SEGMENT_SIZE = 8 << 20;

  private static final int WRAP_NONCE_BYTES = 12;
  private static final int DATA_KEY_BYTES = 32;
  private static final int TAG_BITS = 128;

  private final byte[] encoded;
  private final String keyId;
  private final int segmentSize;
  private final SegmentCipher segments;

  private Mke2Header(byte[] encoded, String keyId, int segmentSize, SegmentCipher segments) {
    this.encoded = encoded;
    this.keyId = keyId;
    this.segmentSize = segmentSize;
    this.segments = segments;
  }

  /**
   * A header for a new blob, with a fresh data key, nonce prefix and wrap nonce.
   *
   * @param key the organisation's current key
   * @param segmentSize plaintext bytes per segment
   * @param random the source of the data key and nonces
   * @return the header
   * @throws IllegalStateException if the key is not a usable AES key
   */
  public static Mke2Header create(MasterKeys.Current key, int segmentSize, SecureRandom random) {
    byte[] prefix = new byte[SegmentCipher.PREFIX_BYTES];
    byte[] wrapNonce = new byte[WRAP_NONCE_BYTES];
    byte[] dataKey = new byte[DATA_KEY_BYTES];
    random.nextBytes(prefix);
    random.nextBytes(wrapNonce);
    random.nextBytes(dataKey);
    int aadLength = MAGIC.length + 1 + key.idBytes().length + 4 + SegmentCipher.PREFIX_BYTES;
    ByteBuffer header = ByteBuffer.allocate(aadLength + WRAP_NONCE_BYTES + DATA_KEY_BYTES + TAG_BITS / 8);
    header.put(MAGIC).put((byte) key.idBytes().length).put(key.idBytes()).putInt(segmentSize).put(prefix);
    header.put(wrapNonce);
    try {
      Cipher wrap = Cipher.getInstance("AES/GCM/NoPadding");
      wrap.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, wrapNonce));
      wrap.updateAAD(header.array(), 0, aadLength);
      header.put(wrap.doFinal(dataKey));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed with key '" + key.id() + "': " + e.getMessage()
          + "; the key must be a 128, 192 or 256-bit AES key", e);
    }
    SecretKeySpec data = new SecretKeySpec(dataKey, "AES");
    Arrays.fill(dataKey, (byte) 0);
    return new Mke2Header(header.array(), key.id(), segmentSize, new SegmentCipher(data, prefix));
  }

  /**
   * Reads and authenticates a header.
   *
   * @param in the blob, positioned just after its magic
   * @param keys where the named key comes from
   * @param what names the blob in errors
   * @return the header, its data key unwrapped
   * @throws StoreException if the header is truncated or malformed, names a key the provider lacks,
   *     or fails authentication (altered, or the wrong key)
   * @throws IOException if reading fails
   */
  public static Mke2Header read(InputStream in, KeyProvider keys, String what) throws IOException {
    int idLength = in.read();
    if (idLength < 0) {
      throw truncated(what);
    }
    if (idLength == 0) {
      throw new StoreException(what + " has a malformed MKE2 header: its key id is empty. The blob is corrupt;"
          + " restore it from a backup");
    }
    int aadLength = MAGIC.length + 1 + idLength + 4 + SegmentCipher.PREFIX_BYTES;
    byte[] header = new byte[aadLength + WRAP_NONCE_BYTES + DATA_KEY_BYTES + TAG_BITS / 8];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    header[MAGIC.length] = (byte) idLength;
    int rest = header.length - MAGIC.length - 1;
    if (in.readNBytes(header, MAGIC.length + 1, rest) != rest) {
      throw truncated(what);
    }
    String keyId = new String(header, MAGIC.length + 1, idLength, StandardCharsets.US_ASCII);
    int segmentSize = ByteBuffer.wrap(header, MAGIC.length + 1 + idLength, 4).getInt();
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new StoreException(what + " has a malformed MKE2 header: segment size " + segmentSize
          + " is outside " + MIN_SEGMENT_SIZE + " to " + MAX_SEGMENT_SIZE + " bytes. The blob is corrupt or was"
          + " altered; restore it from a backup");
    }
    byte[] prefix = Arrays.copyOfRange(header, aadLength - SegmentCipher.PREFIX_BYTES, aadLength);
    SecretKey key = MasterKeys.forReading(keys, keyId, what);
    byte[] dataKey;
    try {
      Cipher unwrap = Cipher.getInstance("AES/GCM/NoPadding");
      unwrap.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, header, aadLength, WRAP_NONCE_BYTES));
      unwrap.updateAAD(header, 0, aadLength);
      dataKey = unwrap.doFinal(header, aadLength + WRAP_NONCE_BYTES, DATA_KEY_BYTES + TAG_BITS / 8);
    } catch (AEADBadTagException e) {
      throw new StoreException(what + " failed authentication under key '" + keyId + "' at its header: the header"
          + " was altered or key '" + keyId + "' is not the key it was encrypted with. Check that the key provider"
          + " returns the original key '" + keyId + "'; if it does, restore the blob from a backup", e);
    } catch (GeneralSecurityException e) {
      throw new StoreException(what + " could not be decrypted with key '" + keyId + "': " + e.getMessage()
          + "; the key must be a 128, 192 or 256-bit AES key", e);
    }
    SecretKeySpec data = new SecretKeySpec(dataKey, "AES");
    Arrays.fill(dataKey, (byte) 0);
    return new Mke2Header(header, keyId, segmentSize, new SegmentCipher(data, prefix));
  }

  /** @return the header's bytes, as written at the start of the blob */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** @return the id of the key that wraps the data key */
  public String keyId() {
    return keyId;
  }

  /** @return plaintext bytes per segment (the last may be shorter) */
  public int segmentSize() {
    return segmentSize;
  }

  /** @return the cipher for this blob's segments */
  public SegmentCipher segments() {
    return segments;
  }

  /**
   * @param headerLength bytes of the header
   * @param plainLength plaintext bytes
   * @param segmentSize plaintext bytes per segment
   * @return the length of the whole blob: header, then every segment with its tag (an empty
   *     plaintext is one empty last segment)
   */
  public static long blobLength(int headerLength, long plainLength, int segmentSize) {
    long segmentCount = plainLength == 0 ? 1 : (plainLength + segmentSize - 1) / segmentSize;
    return headerLength + plainLength + segmentCount * SegmentCipher.TAG_BYTES;
  }

  private static StoreException truncated(String what) {
    return new StoreException(what + " is truncated inside its MKE2 header. The blob is incomplete; restore it"
        + " from a backup");
  }
}
