package dev.modelkit.core.privacy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads as the MKE2 encryption of another stream: first the header, then each segment sealed as
 * soon as its plaintext is in. It holds one plaintext segment, one sealed segment and one byte of
 * look-ahead (needed to know whether a full segment is the last), whatever the stream's length.
 *
 * <p>Closing it closes the plaintext stream.
 */
public final class EncryptingInputStream extends InputStream {
  private final InputStream plain;
  private final SegmentCipher segments;
  private final byte[] plainSegment;
  private byte[] pending;
  private int pendingPos;
  private int pendingLength;
  private final byte[] sealed;
  private int carried = -1;
  private long index;
  private boolean sealedLast;

  /**
   * @param plain the plaintext, read to its end
   * @param header the new blob's header, written first
   */
  public EncryptingInputStream(InputStream plain, Mke2Header header) {
    this.plain = Objects.requireNonNull(plain, "plain");
    this.segments = header.segments();
    this.plainSegment = new byte[header.segmentSize()];
    this.sealed = new byte[header.segmentSize() + SegmentCipher.TAG_BYTES];
    this.pending = header.encoded();
    this.pendingLength = pending.length;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return pending[pendingPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, pendingLength - pendingPos);
    System.arraycopy(pending, pendingPos, b, off, n);
    pendingPos += n;
    return n;
  }

  @Override
  public int available() {
    return pendingLength - pendingPos;
  }

  @Override
  public void close() throws IOException {
    plain.close();
  }

  /** @return whether bytes are pending, sealing the next segment if none are */
  private boolean fill() throws IOException {
    if (pendingPos < pendingLength) {
      return true;
    }
    if (sealedLast) {
      return false;
    }
    int n = 0;
    if (carried >= 0) {
      plainSegment[n++] = (byte) carried;
      carried = -1;
    }
    n += plain.readNBytes(plainSegment, n, plainSegment.length - n);
    boolean last = n < plainSegment.length;
    if (!last) {
      // a full segment is the last only if the plaintext ends right after it
      carried = plain.read();
      last = carried < 0;
    }
    pending = sealed;
    pendingLength = segments.seal(index++, last, plainSegment, n, sealed);
    pendingPos = 0;
    sealedLast = last;
    return true;
  }
}
