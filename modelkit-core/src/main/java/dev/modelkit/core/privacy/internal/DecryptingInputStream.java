package dev.modelkit.core.privacy.internal;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Reads the plaintext of an MKE2 blob whose header was already read, one segment at a time. A
 * segment's plaintext is handed out only after its tag verified; the first segment that fails
 * throws {@link StoreException} naming the blob and the segment, and so does every later read, so
 * a caller never gets bytes past a failure. It holds one sealed segment, one plaintext segment and
 * one byte of look-ahead (needed to know whether the segment just read is the last), whatever the
 * blob's length.
 *
 * <p>Closing it closes the blob stream.
 */
public final class DecryptingInputStream extends InputStream {
  private final InputStream sealedIn;
  private final Mke2Header header;
  private final String what;
  private final byte[] sealed;
  private final byte[] plain;
  private int plainPos;
  private int plainLength;
  private int carried = -1;
  private long index;
  private boolean openedLast;
  private StoreException failure;

  /**
   * @param sealedIn the blob, positioned just after its header
   * @param header the blob's authenticated header
   * @param what names the blob in errors
   */
  public DecryptingInputStream(InputStream sealedIn, Mke2Header header, String what) {
    this.sealedIn = Objects.requireNonNull(sealedIn, "sealedIn");
    this.header = header;
    this.what = what;
    this.sealed = new byte[header.segmentSize() + SegmentCipher.TAG_BYTES];
    this.plain = new byte[header.segmentSize()];
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return plain[plainPos++] & 0xff;
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
    int n = Math.min(len, plainLength - plainPos);
    System.arraycopy(plain, plainPos, b, off, n);
    plainPos += n;
    return n;
  }

  @Override
  public int available() {
    return failure == null ? plainLength - plainPos : 0;
  }

  @Override
  public void close() throws IOException {
    sealedIn.close();
  }

  /** @return whether verified plaintext is ready, opening the next segment if none is */
  private boolean fill() throws IOException {
    if (failure != null) {
      throw failure;
    }
    while (plainPos == plainLength) {
      if (openedLast) {
        return false;
      }
      openNext();
    }
    return true;
  }

  private void openNext() throws IOException {
    int n = 0;
    if (carried >= 0) {
      sealed[n++] = (byte) carried;
      carried = -1;
    }
    n += sealedIn.readNBytes(sealed, n, sealed.length - n);
    boolean last = n < sealed.length;
    if (!last) {
      // the blob ends here exactly when this full segment is the last one
      carried = sealedIn.read();
      last = carried < 0;
    }
    if (n < SegmentCipher.TAG_BYTES) {
      throw fail(new StoreException(what + " is truncated: segment " + index + " has " + n + " bytes, fewer than its "
          + SegmentCipher.TAG_BYTES + "-byte tag, so the blob was cut off or the last segment dropped. Restore it"
          + " from a backup"));
    }
    try {
      plainLength = header.segments().open(index, last, sealed, n, plain);
    } catch (AEADBadTagException e) {
      plainLength = 0;
      throw fail(new StoreException(what + " failed authentication at segment " + index + " (" + n + " sealed bytes"
          + (last ? ", read as the last segment" : "") + ") under key '" + header.keyId() + "': the data was"
          + " altered (a changed byte, a segment reordered, dropped or duplicated, the blob cut off at a segment"
          + " boundary, or bytes appended) or it is not the blob this header was written with. The key is right,"
          + " since the header authenticated under it; no plaintext of this segment was released. Restore the blob"
          + " from a backup", e));
    }
    plainPos = 0;
    index++;
    openedLast = last;
  }

  private StoreException fail(StoreException e) {
    failure = e;
    return e;
  }
}
