package dev.modelkit.core.privacy.internal;

import dev.modelkit.StoreException;
import dev.modelkit.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;

/**
 * Asks the host's {@link KeyProvider} for keys and turns its refusals into messages that name the
 * blob, the key id and the fix; shared by the MKE1 and MKE2 formats so both explain a missing key
 * the same way.
 */
public final class MasterKeys {
  private MasterKeys() {}

  /**
   * The key an organisation encrypts with now.
   *
   * @param keys the host's keys
   * @param organizationId whose current key to use
   * @return the key id's ASCII bytes and the key
   * @throws IllegalStateException if the provider returns an unusable key id or no key
   */
  public static Current current(KeyProvider keys, String organizationId) {
    String keyId = keys.currentKeyId(organizationId);
    byte[] id = keyId == null ? new byte[0] : keyId.getBytes(StandardCharsets.US_ASCII);
    if (id.length == 0 || id.length > 255 || !StandardCharsets.US_ASCII.newEncoder().canEncode(keyId)) {
      throw new IllegalStateException("The key provider returned key id '" + keyId + "' for organisation '"
          + organizationId + "'; key ids must be 1 to 255 ASCII characters");
    }
    SecretKey key = keys.key(keyId);
    if (key == null) {
      throw new IllegalStateException("The key provider returned no key for its own current key id '" + keyId
          + "' (organisation '" + organizationId + "'); KeyProvider.key must return the AES key or throw");
    }
    return new Current(id, keyId, key);
  }

  /**
   * The key a stored blob names.
   *
   * @param keys the host's keys
   * @param keyId the id read from the blob's header
   * @param what names the blob in errors
   * @return the key
   * @throws StoreException if the provider does not have it
   */
  public static SecretKey forReading(KeyProvider keys, String keyId, String what) {
    SecretKey key;
    try {
      key = keys.key(keyId);
    } catch (RuntimeException e) {
      throw new StoreException(what + " is encrypted with key '" + keyId + "', which the key provider does not have: "
          + e.getMessage() + ". Give ModelKit a KeyProvider that still holds key '" + keyId
          + "' (after a rotation, keep retired keys readable)", e);
    }
    if (key == null) {
      throw new StoreException(what + " is encrypted with key '" + keyId + "', which the key provider does not have"
          + " (it returned no key). Give ModelKit a KeyProvider that still holds key '" + keyId
          + "' (after a rotation, keep retired keys readable)");
    }
    return key;
  }

  /**
   * An organisation's current key.
   *
   * @param idBytes the key id as written in headers
   * @param id the key id
   * @param key the AES key
   */
  public record Current(byte[] idBytes, String id, SecretKey key) {}
}
