package dev.modelkit.spi;

import javax.crypto.SecretKey;

/**
 * Supplies the AES keys ModelKit encrypts data sets and model artifacts with when a training
 * configuration's {@code privacyConfig.encryption} is on. The host owns the keys (a KMS, an HSM, a
 * key store file); ModelKit never stores them, only the key id in each encrypted blob's header, so
 * keys can be rotated: new blobs use the current key, old blobs name theirs.
 *
 * <p>Give one to {@code ModelKit.builder().keyProvider(...)}.
 */
public interface KeyProvider {

  /**
   * @param organizationId the organisation whose data is encrypted
   * @return the id of the key to encrypt with now (ASCII, 1 to 255 characters)
   * @throws IllegalStateException if the organisation has no key
   */
  String currentKeyId(String organizationId);

  /**
   * @param keyId a key id read from a blob's header
   * @return the AES key (128, 192 or 256 bits)
   * @throws IllegalArgumentException if the key is unknown, naming it
   */
  SecretKey key(String keyId);
}
