package dev.modelkit.experiments.internal.assign;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 (Austin Appleby, public domain), written from the algorithm's description: the
 * 32-bit x86 variant and the 128-bit x64 variant, over bytes, and over the UTF-8 encoding of a
 * string without encoding it when the string is ASCII (the common case for unit ids, and the
 * assignment hot path).
 *
 * <p>Outputs equal the reference implementation's; the tests check the published test vectors
 * and SMHasher's verification values.
 */
public final class Murmur3 {
  private static final int C1_32 = 0xcc9e2d51;
  private static final int C2_32 = 0x1b873593;
  private static final long C1_64 = 0x87c37b91114253d5L;
  private static final long C2_64 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  /**
   * @param data bytes
   * @param offset first byte
   * @param length number of bytes
   * @param seed seed
   * @return MurmurHash3_x86_32
   */
  public static int x86_32(byte[] data, int offset, int length, int seed) {
    int h1 = seed;
    int blocks = length >>> 2;
    for (int i = 0; i < blocks; i++) {
      int p = offset + (i << 2);
      int k1 = (data[p] & 0xff) | (data[p + 1] & 0xff) << 8 | (data[p + 2] & 0xff) << 16 | (data[p + 3] & 0xff) << 24;
      h1 ^= mixK1(k1);
      h1 = Integer.rotateLeft(h1, 13) * 5 + 0xe6546b64;
    }
    int tail = offset + (blocks << 2);
    int k1 = 0;
    switch (length & 3) {
      case 3:
        k1 ^= (data[tail + 2] & 0xff) << 16;
      // fall through
      case 2:
        k1 ^= (data[tail + 1] & 0xff) << 8;
      // fall through
      case 1:
        k1 ^= data[tail] & 0xff;
        h1 ^= mixK1(k1);
        break;
      default:
        break;
    }
    return fmix32(h1 ^ length);
  }

  /**
   * @param text text, hashed as UTF-8
   * @param seed seed
   * @return MurmurHash3_x86_32 of the UTF-8 bytes
   */
  public static int x86_32(String text, int seed) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return x86_32(bytes, 0, bytes.length, seed);
  }

  /**
   * @param data bytes
   * @param offset first byte
   * @param length number of bytes
   * @param seed seed (the reference takes 32 bits)
   * @param out receives h1 (bytes 0-7 of the digest, little-endian) and h2 (bytes 8-15)
   */
  public static void x64_128(byte[] data, int offset, int length, int seed, long[] out) {
    long h1 = seed & 0xffffffffL;
    long h2 = h1;
    int blocks = length >>> 4;
    for (int i = 0; i < blocks; i++) {
      int p = offset + (i << 4);
      h1 ^= mixK1(littleEndian64(data, p));
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(littleEndian64(data, p + 8));
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = offset + (blocks << 4);
    int rest = length & 15;
    long k1 = 0;
    long k2 = 0;
    for (int i = rest - 1; i >= 8; i--) {
      k2 ^= (long) (data[tail + i] & 0xff) << ((i - 8) * 8);
    }
    for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
      k1 ^= (long) (data[tail + i] & 0xff) << (i * 8);
    }
    finish(h1, h2, k1, k2, rest, length, out);
  }

  /**
   * The first 64 bits (h1) of MurmurHash3_x64_128 of the UTF-8 bytes of a string; allocation-free
   * for ASCII strings.
   *
   * @param text text
   * @param seed seed
   * @return h1
   */
  public static long x64_64(CharSequence text, int seed) {
    int length = text.length();
    long h1 = seed & 0xffffffffL;
    long h2 = h1;
    int blocks = length >>> 4;
    for (int i = 0; i < blocks; i++) {
      int p = i << 4;
      long a = ascii64(text, p);
      long b = ascii64(text, p + 8);
      if ((a | b) < 0) {
        return utf8(text, seed);
      }
      h1 ^= mixK1(a);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(b);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks << 4;
    int rest = length & 15;
    long k1 = 0;
    long k2 = 0;
    for (int i = 0; i < rest; i++) {
      char c = text.charAt(tail + i);
      if (c >= 0x80) {
        return utf8(text, seed);
      }
      if (i < 8) {
        k1 |= (long) c << (i * 8);
      } else {
        k2 |= (long) c << ((i - 8) * 8);
      }
    }
    return finishH1(h1, h2, k1, k2, rest, length);
  }

  /**
   * MurmurHash3's 64-bit finaliser: a bijective mix with full avalanche.
   *
   * @param k a value
   * @return it mixed
   */
  public static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static long utf8(CharSequence text, int seed) {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    long[] out = new long[2];
    x64_128(bytes, 0, bytes.length, seed, out);
    return out[0];
  }

  // Reads 8 chars as 8 bytes, little-endian; -1 (impossible for ASCII, whose top bit is clear)
  // when any char is not ASCII.
  private static long ascii64(CharSequence s, int p) {
    long v = 0;
    long high = 0;
    for (int i = 7; i >= 0; i--) {
      char c = s.charAt(p + i);
      high |= c & 0xff80;
      v = v << 8 | (c & 0xff);
    }
    return high == 0 ? v : -1L;
  }

  private static void finish(long h1, long h2, long k1, long k2, int rest, int length, long[] out) {
    if (rest > 8) {
      h2 ^= mixK2(k2);
    }
    if (rest > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
  }

  private static long finishH1(long h1, long h2, long k1, long k2, int rest, int length) {
    if (rest > 8) {
      h2 ^= mixK2(k2);
    }
    if (rest > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    return h1 + h2;
  }

  private static long littleEndian64(byte[] d, int p) {
    return (d[p] & 0xffL) | (d[p + 1] & 0xffL) << 8 | (d[p + 2] & 0xffL) << 16 | (d[p + 3] & 0xffL) << 24
        | (d[p + 4] & 0xffL) << 32 | (d[p + 5] & 0xffL) << 40 | (d[p + 6] & 0xffL) << 48 | (d[p + 7] & 0xffL) << 56;
  }

  private static int mixK1(int k1) {
    return Integer.rotateLeft(k1 * C1_32, 15) * C2_32;
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1_64, 31) * C2_64;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2_64, 33) * C1_64;
  }

  private static int fmix32(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
