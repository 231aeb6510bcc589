package dev.modelkit.core.privacy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What the MKE2 encrypting and decrypting streams share: they read their source one segment at a
 * time, with one byte of look-ahead to know whether a full segment is the last, and hand out the
 * bytes of the segment they produced before producing the next.
 */
abstract class SegmentedInputStream extends InputStream {
  private final InputStream source;
  private int carried = -1;
  /** The bytes being handed out, from {@link #position} to {@link #limit}. */
  byte[] out;
  int position;
  int limit;

  SegmentedInputStream(InputStream source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Produces the next bytes to hand out into {@link #out}, {@link #position} and {@link #limit}.
   *
   * @return false at the end
   * @throws IOException if the source fails, or the data does not verify
   */
  abstract boolean produce() throws IOException;

  /**
   * Reads the source's next segment.
   *
   * @param into where, filled up to its length unless the source ends first
   * @return the bytes read, negated minus one when they are the source's last: decode with {@link
   *     #length} and {@link #isLast}
   * @throws IOException if the source fails
   */
  final long readSegment(byte[] into) throws IOException {
    int n = 0;
    if (carried >= 0) {
      into[n++] = (byte) carried;
      carried = -1;
    }
    n += source.readNBytes(into, n, into.length - n);
    boolean last = n < into.length;
    if (!last) {
      // a full segment is the last only when the source ends right after it
      carried = source.read();
      last = carried < 0;
    }
    return last ? -1L - n : n;
  }

  static int length(long segment) {
    return (int) (segment < 0 ? -1L - segment : segment);
  }

  static boolean isLast(long segment) {
    return segment < 0;
  }

  private boolean ready() throws IOException {
    while (position == limit) {
      if (!produce()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    return ready() ? out[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!ready()) {
      return -1;
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(out, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return limit - position;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
