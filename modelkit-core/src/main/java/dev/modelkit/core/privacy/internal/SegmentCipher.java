package dev.modelkit.core.privacy.internal;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens the segments of one MKE2 blob with AES-GCM under the blob's own data key. The
 * nonce of segment {@code i} is the blob's 7-byte random prefix, {@code i} as a 32-bit big-endian
 * counter, and one byte that is 1 for the last segment and 0 otherwise (the STREAM construction of
 * Hoang, Reyhanitabar, Rogaway and Vizár). Because the position and the end mark are in the nonce,
 * a segment authenticates only at its own place, and only the real last segment authenticates as
 * last: reordered, dropped, duplicated or cut-off segments all fail their tag.
 *
 * <p>Not thread-safe: one instance serves one stream.
 */
public final class SegmentCipher {
  /** Bytes of the random nonce prefix each blob carries. */
  public static final int PREFIX_BYTES = 7;
  /** Bytes of the GCM tag after each segment. */
  public static final int TAG_BYTES = 16;
  /** Segments a blob can have: the counter is 32 bits. */
  public static final long MAX_SEGMENTS = 1L << 32;

  private final SecretKey dataKey;
  private final byte[] nonce = new byte[PREFIX_BYTES + 5];
  private final Cipher cipher;

  /**
   * @param dataKey the blob's AES data key
   * @param noncePrefix the blob's random prefix, {@link #PREFIX_BYTES} long
   */
  public SegmentCipher(SecretKey dataKey, byte[] noncePrefix) {
    if (noncePrefix.length != PREFIX_BYTES) {
      throw new IllegalArgumentException("noncePrefix must be " + PREFIX_BYTES + " bytes, was " + noncePrefix.length);
    }
    this.dataKey = dataKey;
    System.arraycopy(noncePrefix, 0, nonce, 0, PREFIX_BYTES);
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException("This JVM has no AES/GCM/NoPadding cipher, which every Java 17 runtime must"
          + " provide; check the java.security provider list", e);
    }
  }

  /**
   * Encrypts one segment.
   *
   * @param index the segment's position, from 0
   * @param last whether no segment follows
   * @param plain the plaintext buffer
   * @param length plaintext bytes at its start
   * @param out receives {@code length + TAG_BYTES} bytes at its start
   * @return the ciphertext length
   */
  public int seal(long index, boolean last, byte[] plain, int length, byte[] out) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, dataKey, spec(index, last));
      return cipher.doFinal(plain, 0, length, out, 0);
    } catch (GeneralSecurityException e) {
      // the data key is a fresh 256-bit AES key and the buffers are sized by the caller
      throw new IllegalStateException("AES-GCM failed to seal segment " + index + ": " + e, e);
    }
  }

  /**
   * Decrypts and authenticates one segment; nothing is written to {@code out} that a caller may use
   * unless this returns.
   *
   * @param index the segment's position, from 0
   * @param last whether the stream ended after it
   * @param sealed the ciphertext buffer
   * @param length ciphertext bytes at its start, tag included
   * @param out receives {@code length - TAG_BYTES} bytes at its start
   * @return the plaintext length
   * @throws AEADBadTagException if the segment is not the one sealed at this place with this key
   */
  public int open(long index, boolean last, byte[] sealed, int length, byte[] out) throws AEADBadTagException {
    try {
      cipher.init(Cipher.DECRYPT_MODE, dataKey, spec(index, last));
      return cipher.doFinal(sealed, 0, length, out, 0);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to open segment " + index + ": " + e, e);
    }
  }

  private GCMParameterSpec spec(long index, boolean last) {
    if (index < 0 || index >= MAX_SEGMENTS) {
      throw new IllegalStateException("Segment " + index + " is beyond the 2^32 segments an MKE2 blob can hold;"
          + " use a larger segment size");
    }
    nonce[PREFIX_BYTES] = (byte) (index >>> 24);
    nonce[PREFIX_BYTES + 1] = (byte) (index >>> 16);
    nonce[PREFIX_BYTES + 2] = (byte) (index >>> 8);
    nonce[PREFIX_BYTES + 3] = (byte) index;
    nonce[PREFIX_BYTES + 4] = (byte) (last ? 1 : 0);
    return new GCMParameterSpec(TAG_BYTES * 8, nonce);
  }
}
