package dev.modelkit.core.store.internal;

import dev.modelkit.StoreException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes what passes through and, at the end of the stream, throws {@link StoreException} if the
 * content is not what its address promised. A reader that consumes the stream to its end thus
 * never silently accepts corrupt bytes.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final MessageDigest digest = Digests.sha256();
  private final String expectedSha256;
  private final long expectedSize;
  private final Path file;
  private long count;
  private String actualSha256;

  /**
   * @param in the stored content
   * @param expectedSha256 the digest it must have
   * @param expectedSize the length it must have
   * @param file where it is, for the error message
   */
  public VerifyingInputStream(InputStream in, String expectedSha256, long expectedSize, Path file) {
    super(in);
    this.expectedSha256 = expectedSha256;
    this.expectedSize = expectedSize;
    this.file = file;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      verify();
    } else {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      verify();
    } else {
      digest.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipped bytes must still be hashed, or the end-of-stream check would be meaningless
    byte[] sink = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // marking would let bytes be hashed twice
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset is not supported by a verifying artifact stream");
  }

  private void verify() {
    if (actualSha256 == null) {
      // computed once: digest() resets the digest, and a caller may read past the end twice
      actualSha256 = HexFormat.of().formatHex(digest.digest());
    }
    String actual = actualSha256;
    if (count != expectedSize || !actual.equals(expectedSha256)) {
      throw new StoreException("Artifact sha256:" + expectedSha256 + " stored at " + file
          + " is corrupt: expected " + expectedSize + " bytes with that digest but read " + count
          + " bytes hashing to sha256:" + actual + ". Restore the file from a backup or store the"
          + " artifact again; ModelKit will not use corrupt content.");
    }
  }
}
