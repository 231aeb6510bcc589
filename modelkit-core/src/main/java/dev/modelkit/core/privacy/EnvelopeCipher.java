package dev.modelkit.core.privacy;

import dev.modelkit.StoreException;
import dev.modelkit.spi.KeyProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts blobs at rest with AES-GCM (javax.crypto) under keys a {@link KeyProvider} supplies.
 *
 * <p>Layout: {@code "MKE1"}, one byte key-id length, the key id (ASCII), a 96-bit random nonce,
 * then the ciphertext with its 128-bit authentication tag. The header (magic, length and key id)
 * is the GCM additional authenticated data, so a blob cannot be relabelled to another key, and
 * any changed byte, header or body, fails decryption. A fresh random nonce per blob keeps the
 * nonce-reuse probability negligible (below 2^-32 after 2^32 blobs under one key, NIST SP 800-38D
 * section 8.3); rotate keys before that.
 */
public final class EnvelopeCipher {
  private static final byte[] MAGIC = {'M', 'K', 'E', '1'};
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final KeyProvider keys;
  private final SecureRandom random;

  /**
   * @param keys where keys come from
   * @param random the nonce source
   */
  public EnvelopeCipher(KeyProvider keys, SecureRandom random) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * @param bytes some bytes
   * @return whether they start like a blob this class wrote
   */
  public static boolean isEncrypted(byte[] bytes) {
    return bytes.length >= MAGIC.length + 1 && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * @param organizationId whose current key to use
   * @param plain the plaintext
   * @return the encrypted blob
   * @throws IllegalStateException if the key provider has no key for the organisation
   */
  public byte[] encrypt(String organizationId, byte[] plain) {
    String keyId = keys.currentKeyId(organizationId);
    byte[] id = keyId == null ? new byte[0] : keyId.getBytes(StandardCharsets.US_ASCII);
    if (id.length == 0 || id.length > 255) {
      throw new IllegalStateException("The key provider returned key id '" + keyId + "' for organisation '"
          + organizationId + "'; key ids must be 1 to 255 ASCII characters");
    }
    SecretKey key = keys.key(keyId);
    byte[] header = ByteBuffer.allocate(MAGIC.length + 1 + id.length).put(MAGIC).put((byte) id.length).put(id).array();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(header);
      byte[] body = c.doFinal(plain);
      return ByteBuffer.allocate(header.length + NONCE_BYTES + body.length).put(header).put(nonce).put(body).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed with key '" + keyId + "': " + e.getMessage()
          + "; the key must be a 128, 192 or 256-bit AES key", e);
    }
  }

  /**
   * @param blob a blob {@link #encrypt} wrote
   * @param what names the blob in errors, for example {@code artifact sha256:...}
   * @return the plaintext, authenticated
   * @throws StoreException if the blob is malformed, names an unknown key, or fails authentication
   *     (a changed byte or the wrong key)
   */
  public byte[] decrypt(byte[] blob, String what) {
    if (!isEncrypted(blob)) {
      throw new StoreException(what + " is not an encrypted ModelKit blob (no MKE1 header)");
    }
    int idLength = blob[MAGIC.length] & 0xff;
    int headerLength = MAGIC.length + 1 + idLength;
    if (idLength == 0 || blob.length < headerLength + NONCE_BYTES + TAG_BITS / 8) {
      throw new StoreException(what + " is truncated: " + blob.length + " bytes cannot hold its header, nonce and tag");
    }
    String keyId = new String(blob, MAGIC.length + 1, idLength, StandardCharsets.US_ASCII);
    SecretKey key;
    try {
      key = keys.key(keyId);
    } catch (RuntimeException e) {
      throw new StoreException(what + " is encrypted with key '" + keyId + "', which the key provider does not have: "
          + e.getMessage(), e);
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, headerLength, NONCE_BYTES));
      c.updateAAD(blob, 0, headerLength);
      return c.doFinal(blob, headerLength + NONCE_BYTES, blob.length - headerLength - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new StoreException(what + " failed authentication under key '" + keyId
          + "': it was altered or encrypted with a different key", e);
    } catch (GeneralSecurityException e) {
      throw new StoreException(what + " could not be decrypted with key '" + keyId + "': " + e.getMessage(), e);
    }
  }
}
