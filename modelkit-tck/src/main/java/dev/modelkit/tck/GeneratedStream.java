package dev.modelkit.tck;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A stream of reproducible pseudo-random bytes of a given length, produced as it is read, so that
 * tests can store content far larger than they would want to hold in memory.
 */
public final class GeneratedStream extends InputStream {
  private final SplittableRandom random;
  private long remaining;

  /**
   * @param seed the generator's seed; the same seed gives the same bytes
   * @param length how many bytes the stream has
   */
  public GeneratedStream(long seed, long length) {
    this.random = new SplittableRandom(seed);
    this.remaining = length;
  }

  @Override
  public int read() {
    if (remaining <= 0) {
      return -1;
    }
    remaining--;
    return random.nextInt(256);
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (remaining <= 0) {
      return -1;
    }
    int n = (int) Math.min(length, remaining);
    for (int i = 0; i < n; i++) {
      buffer[offset + i] = (byte) random.nextInt(256);
    }
    remaining -= n;
    return n;
  }
}
