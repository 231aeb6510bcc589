package dev.modelkit.core.privacy.internal;

import dev.modelkit.StoreException;
import dev.modelkit.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Reads the first at-rest format, kept so that blobs written before streaming encryption still
 * open. Layout: {@code "MKE1"}, one byte key-id length, the key id (ASCII), a 96-bit nonce, then
 * one AES-GCM ciphertext of the whole plaintext with its 128-bit tag; the header (magic, length,
 * key id) is the additional authenticated data. Nothing writes this format any more.
 */
public final class Mke1Blob {
  /** The format's first four bytes. */
  public static final byte[] MAGIC = {'M', 'K', 'E', '1'};

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private Mke1Blob() {}

  /**
   * @param blob bytes starting with {@link #MAGIC}
   * @param keys where the named key comes from
   * @param what names the blob in errors
   * @return the authenticated plaintext
   * @throws StoreException if the blob is truncated, names a key the provider lacks, or fails
   *     authentication (a changed byte or the wrong key)
   */
  public static byte[] decrypt(byte[] blob, KeyProvider keys, String what) {
    if (blob.length < MAGIC.length + 1 || !Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new StoreException(what + " is not an MKE1 blob");
    }
    int idLength = blob[MAGIC.length] & 0xff;
    int headerLength = MAGIC.length + 1 + idLength;
    if (idLength == 0 || blob.length < headerLength + NONCE_BYTES + TAG_BITS / 8) {
      throw new StoreException(what + " is truncated: " + blob.length + " bytes cannot hold its MKE1 header, nonce"
          + " and tag. Restore it from a backup");
    }
    String keyId = new String(blob, MAGIC.length + 1, idLength, StandardCharsets.US_ASCII);
    SecretKey key = MasterKeys.forReading(keys, keyId, what);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, headerLength, NONCE_BYTES));
      c.updateAAD(blob, 0, headerLength);
      return c.doFinal(blob, headerLength + NONCE_BYTES, blob.length - headerLength - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new StoreException(what + " failed authentication under key '" + keyId
          + "': it was altered or encrypted with a different key. Check that the key provider returns the original"
          + " key '" + keyId + "'; if it does, restore the blob from a backup", e);
    } catch (GeneralSecurityException e) {
      throw new StoreException(what + " could not be decrypted with key '" + keyId + "': " + e.getMessage()
          + "; the key must be a 128, 192 or 256-bit AES key", e);
    }
  }
}
