package dev.modelkit.core.privacy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes MKE2 blobs apart and puts them back together in the tests, from the published layout
 * (not from the implementation's classes), so a test that rearranges segments checks the format
 * as documented.
 */
final class Mke2Blobs {
  /** Magic, key-id length, segment size, nonce prefix, wrap nonce, wrapped data key and its tag. */
  static final int FIXED_HEADER_BYTES = 4 + 1 + 4 + 7 + 12 + 32 + 16;
  static final int TAG = 16;

  private Mke2Blobs() {}

  static int headerLength(byte[] blob) {
    return FIXED_HEADER_BYTES + (blob[4] & 0xff);
  }

  /** @return the blob's length for a plaintext of {@code n} bytes, worked out from the layout */
  static long expectedLength(String keyId, long n, int segmentSize) {
    long segments = n == 0 ? 1 : (n + segmentSize - 1) / segmentSize;
    return FIXED_HEADER_BYTES + keyId.length() + n + segments * TAG;
  }

  static byte[] header(byte[] blob) {
    return java.util.Arrays.copyOf(blob, headerLength(blob));
  }

  /** @return the sealed segments, each with its tag */
  static List<byte[]> segments(byte[] blob, int segmentSize) {
    List<byte[]> out = new ArrayList<>();
    int full = segmentSize + TAG;
    for (int at = headerLength(blob); at < blob.length; at += full) {
      out.add(java.util.Arrays.copyOfRange(blob, at, Math.min(blob.length, at + full)));
    }
    return out;
  }

  static byte[] join(byte[] header, List<byte[]> segments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    segments.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
