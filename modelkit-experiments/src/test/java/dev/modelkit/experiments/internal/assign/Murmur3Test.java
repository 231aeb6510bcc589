package dev.modelkit.experiments.internal.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The implementation against published values: the x86_32 test vectors collected on Stack
 * Overflow ("MurmurHash3 test vectors", question 14747343, reused by Boost.Hash2's tests) and
 * SMHasher's verification values (0xB0F57EE3 for MurmurHash3_x86_32, 0x6384BA69 for
 * MurmurHash3_x64_128), computed by SMHasher's VerificationTest procedure.
 */
class Murmur3Test {

  @Test
  void x86_32MatchesPublishedVectors() {
    assertEquals(0, x86(new byte[0], 0));
    assertEquals(0x514E28B7, x86(new byte[0], 1));
    assertEquals(0x81F16F39, x86(new byte[0], 0xffffffff));
    assertEquals(0x76293B50, x86(bytes(0xff, 0xff, 0xff, 0xff), 0));
    assertEquals(0xF55B516B, x86(bytes(0x21, 0x43, 0x65, 0x87), 0));
    assertEquals(0x2362F9DE, x86(bytes(0x21, 0x43, 0x65, 0x87), 0x5082EDEE));
    assertEquals(0x7E4A8634, x86(bytes(0x21, 0x43, 0x65), 0));
  }

  @Test
  void smhasherVerificationValues() {
    assertEquals(0xB0F57EE3, verification(4, (key, len, seed, out) -> {
      int h = Murmur3.x86_32(key, 0, len, seed);
      for (int i = 0; i < 4; i++) {
        out[i] = (byte) (h >>> (8 * i));
      }
    }));
    assertEquals(0x6384BA69, verification(16, (key, len, seed, out) -> {
      long[] h = new long[2];
      Murmur3.x64_128(key, 0, len, seed, h);
      for (int i = 0; i < 8; i++) {
        out[i] = (byte) (h[0] >>> (8 * i));
        out[8 + i] = (byte) (h[1] >>> (8 * i));
      }
    }));
  }

  @Test
  void stringPathEqualsByteHashForAsciiAndNonAscii() {
    SplittableRandom r = new SplittableRandom(3);
    String[] samples = {"", "a", "user-1", "0123456789abcdef", "0123456789abcdefXYZ", "ümlaut-ñ-unit", "日本語のユーザー",
        "mixed-ascii-then-é-at-position-17"};
    for (String s : samples) {
      assertEquals(reference(s, 42), Murmur3.x64_64(s, 42), s);
    }
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(40);
      for (int j = 0; j < len; j++) {
        sb.append((char) (r.nextInt(10) == 0 ? 0x80 + r.nextInt(0x700) : 0x20 + r.nextInt(0x5f)));
      }
      assertEquals(reference(sb.toString(), i), Murmur3.x64_64(sb.toString(), i), sb.toString());
    }
  }

  private static long reference(String s, int seed) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long[] out = new long[2];
    Murmur3.x64_128(b, 0, b.length, seed, out);
    return out[0];
  }

  private interface Hash {
    void hash(byte[] key, int len, int seed, byte[] out);
  }

  // SMHasher: hash keys {}, {0}, {0,1}, ... {0..254} with seed 256 - n, then hash the
  // concatenated digests with seed 0; the first four bytes, little-endian, are the value.
  private static int verification(int hashBytes, Hash h) {
    byte[] key = new byte[256];
    byte[] hashes = new byte[hashBytes * 256];
    byte[] out = new byte[hashBytes];
    for (int i = 0; i < 256; i++) {
      key[i] = (byte) i;
      h.hash(key, i, 256 - i, out);
      System.arraycopy(out, 0, hashes, i * hashBytes, hashBytes);
    }
    h.hash(hashes, hashes.length, 0, out);
    return (out[0] & 0xff) | (out[1] & 0xff) << 8 | (out[2] & 0xff) << 16 | (out[3] & 0xff) << 24;
  }

  private static int x86(byte[] b, int seed) {
    return Murmur3.x86_32(b, 0, b.length, seed);
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }
}
