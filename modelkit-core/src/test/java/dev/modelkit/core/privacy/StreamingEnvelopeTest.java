package dev.modelkit.core.privacy;

import static dev.modelkit.core.privacy.EnvelopeCipherTest.K1;
import static dev.modelkit.core.privacy.EnvelopeCipherTest.K2;
import static dev.modelkit.core.privacy.EnvelopeCipherTest.bytes;
import static dev.modelkit.core.privacy.EnvelopeCipherTest.keys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The segmented MKE2 format: round trips at every segment edge, and every way of altering a blob
 * (a flipped byte anywhere, segments reordered, dropped or duplicated, a cut at a segment
 * boundary, appended bytes, a header from another blob, the wrong or a missing key) is refused
 * with an error naming the blob, before any plaintext of the affected segment is released.
 */
class StreamingEnvelopeTest {
  private static final int SEGMENT = 64;
  private static final String WHAT = "artifact sha256:test";

  private final EnvelopeCipher cipher = new EnvelopeCipher(keys(Map.of("k1", K1, "k2", K2)), new SecureRandom(), SEGMENT);

  private byte[] seal(byte[] plain) {
    try (InputStream in = cipher.encryptingStream("acme", new ByteArrayInputStream(plain))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the blob's plaintext into {@code delivered} until the end or a failure, which is returned. */
  private RuntimeException drain(EnvelopeCipher reader, byte[] blob, ByteArrayOutputStream delivered) {
    try (InputStream in = reader.decryptingStream(new ByteArrayInputStream(blob), WHAT)) {
      byte[] buffer = new byte[7];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        delivered.write(buffer, 0, n);
      }
      return null;
    } catch (RuntimeException e) {
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StoreException refused(byte[] blob, ByteArrayOutputStream delivered) {
    RuntimeException e = drain(cipher, blob, delivered);
    assertNotNull(e, "an altered blob was read to its end");
    assertTrue(e instanceof StoreException, "not a StoreException: " + e);
    assertTrue(e.getMessage().startsWith(WHAT), e.getMessage());
    return (StoreException) e;
  }

  @Nested
  class RoundTrips {
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 5 * SEGMENT + 17, 1000})
    void aPlaintextOfAnyLengthComesBackExactlyWithTheLayoutsLength(int n) throws IOException {
      byte[] plain = bytes(n, n);
      byte[] blob = seal(plain);
      assertEquals(Mke2Blobs.expectedLength("k1", n, SEGMENT), blob.length, "header, plaintext and one tag per segment");
      assertEquals("MKE2", new String(blob, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
      assertTrue(EnvelopeCipher.isEncrypted(blob));
      ByteArrayOutputStream chunked = new ByteArrayOutputStream();
      assertEquals(null, drain(cipher, blob, chunked));
      assertArrayEquals(plain, chunked.toByteArray());
      try (InputStream in = cipher.decryptingStream(new ByteArrayInputStream(blob), WHAT)) {
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
          single.write(b);
        }
        assertArrayEquals(plain, single.toByteArray());
        assertEquals(-1, in.read(), "the end stays the end");
      }
      assertArrayEquals(plain, cipher.decrypt(blob, WHAT));
      byte[] whole = cipher.encrypt("acme", plain);
      assertEquals(blob.length, whole.length);
      assertArrayEquals(plain, cipher.decrypt(whole, WHAT));
    }

    @Test
    void aFewMebibytesRoundTripAtTheDefault64KiBSegments() throws IOException {
      EnvelopeCipher standard = new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom());
      byte[] plain = bytes(3 * 1024 * 1024 + 5, 64);
      byte[] blob;
      try (InputStream in = standard.encryptingStream("acme", new ByteArrayInputStream(plain))) {
        blob = in.readAllBytes();
      }
      assertEquals(Mke2Blobs.expectedLength("k1", plain.length, EnvelopeCipher.DEFAULT_SEGMENT_SIZE), blob.length,
          "49 segments: 48 full and one of 5 bytes");
      try (InputStream in = standard.decryptingStream(new ByteArrayInputStream(blob), WHAT)) {
        assertArrayEquals(plain, in.readAllBytes());
      }
      assertArrayEquals(plain, standard.decrypt(standard.encrypt("acme", plain), WHAT));
    }

    @Test
    void aReaderFollowsTheSegmentSizeInTheBlobNotItsOwn() {
      byte[] plain = bytes(3 * 1024 + 5, 9);
      EnvelopeCipher bigSegments = new EnvelopeCipher(keys(Map.of("k1", K1)), new SecureRandom());
      assertArrayEquals(plain, cipher.decrypt(bigSegments.encrypt("acme", plain), WHAT));
      assertArrayEquals(plain, bigSegments.decrypt(cipher.encrypt("acme", plain), WHAT));
    }

    @Test
    void theSameBytesEncryptDifferentlyEachTime() {
      byte[] plain = bytes(200, 3);
      byte[] a = seal(plain);
      byte[] b = seal(plain);
      assertFalse(Arrays.equals(a, b));
      assertFalse(Arrays.equals(Arrays.copyOfRange(a, a.length - 100, a.length),
          Arrays.copyOfRange(b, b.length - 100, b.length)), "a fresh data key per blob");
    }

    @Test
    void aSegmentSizeOutsideTheLimitsIsRefusedWithTheRange() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new EnvelopeCipher(keys(Map.of()), new SecureRandom(), 15));
      assertTrue(e.getMessage().contains("segmentSize was 15 but it must be between 16 and 8388608"), e.getMessage());
    }
  }

  @Nested
  class Tampering {
    /** 3.5 segments of 64 bytes: three full ones and a short last one. */
    private final byte[] plain = bytes(3 * SEGMENT + 32, 42);
    private final byte[] blob = seal(plain);
    private final int headerLength = Mke2Blobs.headerLength(blob);

    @Test
    void everyFlippedByteIsDetectedAndNoPlaintextOfItsSegmentIsReleased() {
      for (int i = 0; i < blob.length; i++) {
        for (int bit : new int[] {0x01, 0x80}) {
          byte[] tampered = blob.clone();
          tampered[i] ^= (byte) bit;
          ByteArrayOutputStream delivered = new ByteArrayOutputStream();
          StoreException e = refused(tampered, delivered);
          String where = "byte " + i + " bit " + bit + ": " + e.getMessage();
          if (i < headerLength) {
            assertEquals(0, delivered.size(), where);
          } else {
            int segment = (i - headerLength) / (SEGMENT + Mke2Blobs.TAG);
            assertTrue(e.getMessage().contains("at segment " + segment + " "), where);
            assertArrayEquals(Arrays.copyOf(plain, segment * SEGMENT), delivered.toByteArray(),
                "only the segments before the altered one are released, " + where);
          }
        }
      }
    }

    @Test
    void reorderedSegmentsAreDetectedAtTheFirstOneOutOfPlace() {
      List<byte[]> segments = Mke2Blobs.segments(blob, SEGMENT);
      List<byte[]> swapped = new ArrayList<>(segments);
      swapped.set(1, segments.get(2));
      swapped.set(2, segments.get(1));
      ByteArrayOutputStream delivered = new ByteArrayOutputStream();
      assertTrue(refused(Mke2Blobs.join(Mke2Blobs.header(blob), swapped), delivered).getMessage()
          .contains("at segment 1 "));
      assertArrayEquals(Arrays.copyOf(plain, SEGMENT), delivered.toByteArray());
    }

    @Test
    void aDroppedSegmentIsDetected() {
      List<byte[]> segments = new ArrayList<>(Mke2Blobs.segments(blob, SEGMENT));
      segments.remove(1);
      assertTrue(refused(Mke2Blobs.join(Mke2Blobs.header(blob), segments), new ByteArrayOutputStream())
          .getMessage().contains("at segment 1 "));
    }

    @Test
    void aDuplicatedSegmentIsDetected() {
      List<byte[]> segments = new ArrayList<>(Mke2Blobs.segments(blob, SEGMENT));
      segments.add(2, segments.get(1));
      assertTrue(refused(Mke2Blobs.join(Mke2Blobs.header(blob), segments), new ByteArrayOutputStream())
          .getMessage().contains("at segment 2 "));
    }

    @Test
    void aBlobCutAtAnySegmentBoundaryIsDetectedByTheLastSegmentMark() {
      List<byte[]> segments = Mke2Blobs.segments(blob, SEGMENT);
      for (int kept = 1; kept < segments.size(); kept++) {
        byte[] cut = Mke2Blobs.join(Mke2Blobs.header(blob), segments.subList(0, kept));
        ByteArrayOutputStream delivered = new ByteArrayOutputStream();
        StoreException e = refused(cut, delivered);
        assertTrue(e.getMessage().contains("at segment " + (kept - 1) + " ") && e.getMessage().contains("read as the"
            + " last segment"), e.getMessage());
        assertEquals((kept - 1) * SEGMENT, delivered.size());
      }
      StoreException headerOnly = refused(Mke2Blobs.header(blob), new ByteArrayOutputStream());
      assertTrue(headerOnly.getMessage().contains("is truncated: segment 0 has 0 bytes"), headerOnly.getMessage());
    }

    @Test
    void aBlobCutAnywhereElseIsDetected() {
      for (int length = 0; length < blob.length; length++) {
        byte[] cut = Arrays.copyOf(blob, length);
        RuntimeException e = drain(cipher, cut, new ByteArrayOutputStream());
        assertTrue(e instanceof StoreException && e.getMessage().startsWith(WHAT), length + " bytes kept: " + e);
      }
    }

    @ParameterizedTest(name = "{0} bytes appended")
    @ValueSource(ints = {1, 15, 16, 17, SEGMENT + Mke2Blobs.TAG, 200})
    void appendedBytesAreDetected(int extra) {
      byte[] longer = Arrays.copyOf(blob, blob.length + extra);
      assertNotNull(refused(longer, new ByteArrayOutputStream()));
      // a blob whose last segment is full, so the appended bytes start a segment of their own
      byte[] fullLast = seal(bytes(2 * SEGMENT, 5));
      assertNotNull(refused(Arrays.copyOf(fullLast, fullLast.length + extra), new ByteArrayOutputStream()));
    }

    @Test
    void appendingAWholeValidSegmentOfTheSameBlobIsDetected() {
      List<byte[]> segments = new ArrayList<>(Mke2Blobs.segments(blob, SEGMENT));
      segments.add(segments.get(segments.size() - 1));
      StoreException e = refused(Mke2Blobs.join(Mke2Blobs.header(blob), segments), new ByteArrayOutputStream());
      assertTrue(e.getMessage().contains("at segment 3 "), e.getMessage());
    }

    @Test
    void segmentsUnderAnotherBlobsHeaderAreDetected() {
      byte[] other = seal(plain);
      byte[] mixed = Mke2Blobs.join(Mke2Blobs.header(other), Mke2Blobs.segments(blob, SEGMENT));
      assertTrue(refused(mixed, new ByteArrayOutputStream()).getMessage().contains("at segment 0 "));
    }

    @Test
    void aSegmentSizeChangedInTheHeaderIsRefusedBeforeAnyAllocationOrRead() {
      byte[] huge = blob.clone();
      int at = 4 + 1 + 2;
      huge[at] = 0x7f;
      StoreException e = refused(huge, new ByteArrayOutputStream());
      assertTrue(e.getMessage().contains("malformed MKE2 header: segment size 2130706496"), e.getMessage());
      byte[] other = blob.clone();
      other[at + 3] = 32;
      assertTrue(refused(other, new ByteArrayOutputStream()).getMessage().contains("at its header"));
    }
  }

  @Nested
  class Keys {
    private final byte[] blob = seal(bytes(150, 8));

    @Test
    void theWrongKeyIsRefusedAtTheHeaderNamingTheKeyAndTheFix() {
      EnvelopeCipher wrong = new EnvelopeCipher(keys(Map.of("k1", K2)), new SecureRandom(), SEGMENT);
      ByteArrayOutputStream delivered = new ByteArrayOutputStream();
      RuntimeException e = drain(wrong, blob, delivered);
      assertTrue(e instanceof StoreException, String.valueOf(e));
      assertTrue(e.getMessage().contains(WHAT + " failed authentication under key 'k1' at its header")
          && e.getMessage().contains("is not the key it was encrypted with"), e.getMessage());
      assertEquals(0, delivered.size());
    }

    @Test
    void aMissingKeyIsRefusedNamingTheKeyAndTheFix() {
      EnvelopeCipher none = new EnvelopeCipher(keys(Map.of()), new SecureRandom(), SEGMENT);
      RuntimeException e = drain(none, blob, new ByteArrayOutputStream());
      assertTrue(e instanceof StoreException, String.valueOf(e));
      assertTrue(e.getMessage().contains(WHAT + " is encrypted with key 'k1', which the key provider does not have")
          && e.getMessage().contains("keep retired keys readable"), e.getMessage());
    }

    @Test
    void aKeyIdRelabelledToAnotherKnownKeyIsRefused() {
      byte[] relabelled = blob.clone();
      relabelled[6] = '2';
      RuntimeException e = drain(cipher, relabelled, new ByteArrayOutputStream());
      assertTrue(e.getMessage().contains("failed authentication under key 'k2' at its header"), e.getMessage());
    }

    @Test
    void encryptingWithoutAKeyFailsBeforeAnythingIsRead() {
      EnvelopeCipher none = new EnvelopeCipher(new dev.modelkit.spi.KeyProvider() {
        @Override
        public String currentKeyId(String organizationId) {
          throw new IllegalStateException("organisation '" + organizationId + "' has no key");
        }

        @Override
        public javax.crypto.SecretKey key(String keyId) {
          throw new IllegalArgumentException(keyId);
        }
      }, new SecureRandom(), SEGMENT);
      InputStream untouched = new InputStream() {
        @Override
        public int read() {
          throw new AssertionError("the plaintext was read although there is no key");
        }
      };
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.encryptingStream("acme", untouched));
      assertTrue(e.getMessage().contains("'acme' has no key"), e.getMessage());
    }

    @Test
    void plainBytesAreNotMistakenForABlob() {
      StoreException e = assertThrows(StoreException.class,
          () -> cipher.decryptingStream(new ByteArrayInputStream("{\"weights\":[]}".getBytes()), WHAT));
      assertTrue(e.getMessage().contains("starts with neither MKE2 nor MKE1"), e.getMessage());
    }
  }
}
