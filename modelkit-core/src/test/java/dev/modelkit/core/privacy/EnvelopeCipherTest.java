package dev.modelkit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.StoreException;
import dev.modelkit.core.jobs.MemoryArtifactStoreAccess;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * AES-GCM at rest: an encrypted artifact is unreadable without its key, authenticated with it,
 * and any changed byte (header, nonce, body or tag) or a swapped key is detected; blobs in the
 * first format (MKE1), written by the code before streaming encryption, still read.
 */
class EnvelopeCipherTest {
  static final SecretKey K1 = new SecretKeySpec(bytes(32, 1), "AES");
  static final SecretKey K2 = new SecretKeySpec(bytes(32, 2), "AES");

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  /** A host key provider with two keys; acme encrypts with k1. */
  static KeyProvider keys(Map<String, SecretKey> known) {
    return new KeyProvider() {
      @Override
      public String currentKeyId(String organizationId) {
        return "k1";
      }

      @Override
      public SecretKey key(String keyId) {
        SecretKey k = known.get(keyId);
        if (k == null) {
          throw new IllegalArgumentException("unknown key '" + keyId + "'");
        }
        return k;
      }
    };
  }

  private final byte[] model = Files.exists(german()) ? read(german()) : "weights".getBytes(StandardCharsets.UTF_8);

  static Path german() {
    return Path.of(System.getProperty("modelkit.data"), "credit", "german_credit.arff");
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEncryptedArtifactIsOpaqueAtRestAndReadsBackVerifiedWithTheKey() {
    ArtifactStore raw = MemoryArtifactStoreAccess.create();
    EnvelopeCipher cipher = new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom());
    EncryptedArtifactStore store = new EncryptedArtifactStore(raw, cipher, "acme");
    ArtifactRef ref = store.put(model);
    byte[] atRest = raw.read(ref);
    assertTrue(EnvelopeCipher.isEncrypted(atRest));
    assertEquals(Mke2Blobs.expectedLength("k1", model.length, EnvelopeCipher.DEFAULT_SEGMENT_SIZE), atRest.length,
        "MKE2: header with key id and wrapped data key, then a tag per 64 KiB segment");
    assertEquals("MKE2", new String(atRest, 0, 4, StandardCharsets.US_ASCII));
    String text = new String(atRest, StandardCharsets.ISO_8859_1);
    assertFalse(text.contains("german_credit") || text.contains("@attribute"), "no plaintext at rest");
    assertArrayEquals(model, store.read(ref));
    assertArrayEquals(model, EncryptedArtifactStore.decryptingReads(raw, cipher).read(ref));
    // the same bytes encrypt differently each time (fresh nonce), so nothing leaks through equal ciphertexts
    assertFalse(java.util.Arrays.equals(atRest, raw.read(store.put(model))));
  }

  @Test
  void withoutTheKeyOrWithAnotherKeyTheArtifactCannotBeRead() {
    ArtifactStore raw = MemoryArtifactStoreAccess.create();
    ArtifactRef ref = new EncryptedArtifactStore(raw, new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom()),
        "acme").put(model);
    StoreException unknown = assertThrows(StoreException.class, () -> EncryptedArtifactStore.decryptingReads(raw,
        new EnvelopeCipher(keys(Map.of()), new SecureRandom())).read(ref));
    assertTrue(unknown.getMessage().contains("encrypted with key 'k1', which the key provider does not have"),
        unknown.getMessage());
    StoreException wrong = assertThrows(StoreException.class, () -> EncryptedArtifactStore.decryptingReads(raw,
        new EnvelopeCipher(keys(Map.of("k1", K2)), new SecureRandom())).read(ref));
    assertTrue(wrong.getMessage().contains("failed authentication under key 'k1'"), wrong.getMessage());
  }

  @Test
  void everyTamperedByteIsDetected() {
    EnvelopeCipher cipher = new EnvelopeCipher(keys(Map.of("k1", K1, "k2", K2)), new SecureRandom());
    byte[] blob = cipher.encrypt("acme", "credit model weights".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < blob.length; i++) {
      byte[] tampered = blob.clone();
      tampered[i] ^= 0x01;
      final int at = i;
      StoreException e = assertThrows(StoreException.class, () -> cipher.decrypt(tampered, "blob"),
          "byte " + at + " was changed but decryption succeeded");
      assertTrue(e.getMessage().contains("blob"), e.getMessage());
    }
    byte[] relabelled = blob.clone();
    relabelled[6] = '2'; // key id "k1" -> "k2": the header is authenticated, so the swap is caught
    assertThrows(StoreException.class, () -> cipher.decrypt(relabelled, "blob"));
    assertThrows(StoreException.class, () -> cipher.decrypt(java.util.Arrays.copyOf(blob, 20), "blob"));
    assertEquals("credit model weights", new String(cipher.decrypt(blob, "blob"), StandardCharsets.UTF_8));
  }

  /**
   * Written by {@code EnvelopeCipher.encrypt("acme", ...)} at commit 473330e, before MKE2 existed,
   * under key k1 = {@link #K1}: "credit model weights" and the empty plaintext.
   */
  static final byte[] MKE1_WEIGHTS = java.util.HexFormat.of().parseHex("4d4b4531026b31b85b9f0cf9887962395684fa10"
      + "64a05308b82cef1d405ec10bf16f9ff5a7ef4bd2304b2597daacd519e20686baff72f1");
  static final byte[] MKE1_EMPTY = java.util.HexFormat.of().parseHex(
      "4d4b4531026b31d310d60175721dba7d26635520a1af0fefce7619cf5a9f03ececc87c");

  @Test
  void blobsTheFirstFormatWroteStillDecryptAndStillDetectTampering() throws java.io.IOException {
    EnvelopeCipher cipher = new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom());
    assertTrue(EnvelopeCipher.isEncrypted(MKE1_WEIGHTS) && EnvelopeCipher.isEncrypted(MKE1_EMPTY));
    assertEquals("credit model weights", new String(cipher.decrypt(MKE1_WEIGHTS, "blob"), StandardCharsets.UTF_8));
    assertEquals(0, cipher.decrypt(MKE1_EMPTY, "blob").length);
    try (java.io.InputStream in = cipher.decryptingStream(new java.io.ByteArrayInputStream(MKE1_WEIGHTS), "blob")) {
      assertEquals("credit model weights", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    for (int i = 0; i < MKE1_WEIGHTS.length; i++) {
      byte[] tampered = MKE1_WEIGHTS.clone();
      tampered[i] ^= 0x01;
      final int at = i;
      StoreException e = assertThrows(StoreException.class, () -> cipher.decrypt(tampered, "blob"),
          "MKE1 byte " + at + " was changed but decryption succeeded");
      assertTrue(e.getMessage().startsWith("blob"), e.getMessage());
    }
    StoreException wrong = assertThrows(StoreException.class,
        () -> new EnvelopeCipher(keys(Map.of("k1", K2)), new SecureRandom()).decrypt(MKE1_WEIGHTS, "blob"));
    assertTrue(wrong.getMessage().contains("failed authentication under key 'k1'"), wrong.getMessage());
  }
}
