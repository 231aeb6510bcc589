package dev.modelkit.core.monitoring.internal;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Writes a {@link DDSketch} as a short string, so that a window's dozens of sketches stay small in
 * the metadata store: version byte, relative accuracy and bucket limit, count, sum, min and max
 * as raw doubles, then for each store its first index and its counts, all as zig-zag varints,
 * with runs of empty buckets written as a negative length; base64 without padding.
 */
public final class SketchCodec {
  private static final int VERSION = 1;

  private SketchCodec() {}

  /**
   * @param sketch a sketch
   * @return its encoding
   */
  public static String encode(DDSketch sketch) {
    SketchState s = sketch.state();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(VERSION);
    writeDouble(out, s.relativeAccuracy());
    writeVarLong(out, s.maxBuckets());
    writeVarLong(out, s.count());
    writeDouble(out, s.sum());
    writeDouble(out, s.min() == null ? Double.NaN : s.min());
    writeDouble(out, s.max() == null ? Double.NaN : s.max());
    writeVarLong(out, s.zeroCount());
    writeStore(out, s.positiveOffset(), s.positive());
    writeStore(out, s.negativeOffset(), s.negative());
    return Base64.getEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /**
   * @param text an encoding from {@link #encode}
   * @return the sketch
   * @throws IllegalArgumentException if the text is not an encoding of this version
   */
  public static DDSketch decode(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a sketch encoding: " + e.getMessage(), e);
    }
    int[] pos = {0};
    if (bytes.length == 0 || bytes[0] != VERSION) {
      throw new IllegalArgumentException("sketch encoding version " + (bytes.length == 0 ? "missing" : bytes[0])
          + " is not supported; this ModelKit reads version " + VERSION);
    }
    pos[0] = 1;
    try {
      double alpha = readDouble(bytes, pos);
      int maxBuckets = (int) readVarLong(bytes, pos);
      long count = readVarLong(bytes, pos);
      double sum = readDouble(bytes, pos);
      double min = readDouble(bytes, pos);
      double max = readDouble(bytes, pos);
      long zero = readVarLong(bytes, pos);
      long[] posOffset = new long[1];
      long[] positive = readStore(bytes, pos, posOffset);
      long[] negOffset = new long[1];
      long[] negative = readStore(bytes, pos, negOffset);
      return DDSketch.fromState(new SketchState(alpha, maxBuckets, (int) posOffset[0], positive, (int) negOffset[0],
          negative, zero, count, sum, Double.isNaN(min) ? null : min, Double.isNaN(max) ? null : max));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated sketch encoding", e);
    }
  }

  private static void writeStore(ByteArrayOutputStream out, int offset, long[] counts) {
    writeVarLong(out, counts.length == 0 ? 0 : offset);
    int i = 0;
    int entries = 0;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (i < counts.length) {
      if (counts[i] == 0) {
        int run = 0;
        while (i < counts.length && counts[i] == 0) {
          run++;
          i++;
        }
        writeVarLong(body, -run);
      } else {
        writeVarLong(body, counts[i++]);
      }
      entries++;
    }
    writeVarLong(out, entries);
    out.writeBytes(body.toByteArray());
  }

  private static long[] readStore(byte[] in, int[] pos, long[] offsetOut) {
    offsetOut[0] = readVarLong(in, pos);
    long entries = readVarLong(in, pos);
    long[] tmp = new long[16];
    int n = 0;
    for (long e = 0; e < entries; e++) {
      long v = readVarLong(in, pos);
      int repeat = v < 0 ? (int) -v : 1;
      long value = v < 0 ? 0 : v;
      for (int r = 0; r < repeat; r++) {
        if (n == tmp.length) {
          tmp = java.util.Arrays.copyOf(tmp, n * 2);
        }
        tmp[n++] = value;
      }
    }
    return java.util.Arrays.copyOf(tmp, n);
  }

  private static void writeDouble(ByteArrayOutputStream out, double v) {
    long bits = Double.doubleToRawLongBits(v);
    for (int i = 0; i < 8; i++) {
      out.write((int) (bits >>> (8 * i)) & 0xFF);
    }
  }

  private static double readDouble(byte[] in, int[] pos) {
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits |= (long) (in[pos[0]++] & 0xFF) << (8 * i);
    }
    return Double.longBitsToDouble(bits);
  }

  private static void writeVarLong(ByteArrayOutputStream out, long v) {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
  }

  private static long readVarLong(byte[] in, int[] pos) {
    long z = 0;
    int shift = 0;
    while (true) {
      int b = in[pos[0]++] & 0xFF;
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    return (z >>> 1) ^ -(z & 1);
  }
}
