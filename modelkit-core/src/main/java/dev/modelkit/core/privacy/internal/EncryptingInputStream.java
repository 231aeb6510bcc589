package dev.modelkit.core.privacy.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads as the MKE2 encryption of another stream: first the header, then each segment sealed as
 * soon as its plaintext is in. It holds one plaintext segment, one sealed segment and one byte of
 * look-ahead (needed to know whether a full segment is the last), whatever the stream's length.
 *
 * <p>Closing it closes the plaintext stream.
 */
public final class EncryptingInputStream extends SegmentedInputStream {
  private final SegmentCipher segments;
  private final byte[] plainSegment;
  private final byte[] sealed;
  private long index;
  private boolean sealedLast;

  /**
   * @param plain the plaintext, read to its end
   * @param header the new blob's header, written first
   */
  public EncryptingInputStream(InputStream plain, Mke2Header header) {
    super(plain);
    this.segments = header.segments();
    this.plainSegment = new byte[header.segmentSize()];
    this.sealed = new byte[header.segmentSize() + SegmentCipher.TAG_BYTES];
    this.out = header.encoded();
    this.limit = out.length;
  }

  /** Seals the next segment of plaintext. */
  @Override
  boolean produce() throws IOException {
    if (sealedLast) {
      return false;
    }
    long segment = readSegment(plainSegment);
    boolean last = isLast(segment);
    out = sealed;
    limit = segments.seal(index++, last, plainSegment, length(segment), sealed);
    position = 0;
    sealedLast = last;
    return true;
  }
}
