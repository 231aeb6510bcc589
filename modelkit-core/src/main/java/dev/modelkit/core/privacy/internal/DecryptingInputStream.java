package dev.modelkit.core.privacy.internal;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.io.InputStream;
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
public final class DecryptingInputStream extends SegmentedInputStream {
  private final Mke2Header header;
  private final String what;
  private final byte[] sealed;
  private final byte[] plain;
  private long index;
  private boolean openedLast;
  private StoreException failure;

  /**
   * @param sealedIn the blob, positioned just after its header
   * @param header the blob's authenticated header
   * @param what names the blob in errors
   */
  public DecryptingInputStream(InputStream sealedIn, Mke2Header header, String what) {
    super(sealedIn);
    this.header = header;
    this.what = what;
    this.sealed = new byte[header.segmentSize() + SegmentCipher.TAG_BYTES];
    this.plain = new byte[header.segmentSize()];
    this.out = plain;
  }

  @Override
  public int available() {
    return failure == null ? super.available() : 0;
  }

  /** Opens the next segment; plaintext is released only once its tag verified. */
  @Override
  boolean produce() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (openedLast) {
      return false;
    }
    long segment = readSegment(sealed);
    int n = length(segment);
    boolean last = isLast(segment);
    if (n < SegmentCipher.TAG_BYTES) {
      throw fail(new StoreException(what + " is truncated: segment " + index + " has " + n + " bytes, fewer than its "
          + SegmentCipher.TAG_BYTES + "-byte tag, so the blob was cut off or the last segment dropped. Restore it"
          + " from a backup"));
    }
    try {
      limit = header.segments().open(index, last, sealed, n, plain);
    } catch (AEADBadTagException e) {
      limit = 0;
      throw fail(new StoreException(what + " failed authentication at segment " + index + " (" + n + " sealed bytes"
          + (last ? ", read as the last segment" : "") + ") under key '" + header.keyId() + "': the data was"
          + " altered (a changed byte, a segment reordered, dropped or duplicated, the blob cut off at a segment"
          + " boundary, or bytes appended) or it is not the blob this header was written with. The key is right,"
          + " since the header authenticated under it; no plaintext of this segment was released. Restore the blob"
          + " from a backup", e));
    }
    position = 0;
    index++;
    openedLast = last;
    return true;
  }

  private StoreException fail(StoreException e) {
    failure = e;
    position = 0;
    limit = 0;
    return e;
  }
}
