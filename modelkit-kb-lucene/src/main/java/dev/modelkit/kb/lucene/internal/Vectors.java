package dev.modelkit.kb.lucene.internal;

import java.util.List;

/** Small vector helpers: vectors are stored and compared as unit vectors (dot product = cosine). */
public final class Vectors {
  private Vectors() {}

  /**
   * @param v a vector
   * @return a unit-length copy, or a copy of v if it is all zeros
   */
  public static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float[] out = v.clone();
    if (n > 0) {
      float s = (float) (1 / Math.sqrt(n));
      for (int i = 0; i < out.length; i++) {
        out[i] *= s;
      }
    } else if (out.length > 0) {
      // Lucene rejects zero vectors under dot product; a tiny constant keeps the chunk indexable
      java.util.Arrays.fill(out, (float) (1 / Math.sqrt(out.length)));
    }
    return out;
  }

  /**
   * @param vectors unit vectors of equal length
   * @return the unit vector of their mean
   */
  public static float[] unitMean(List<float[]> vectors) {
    float[] sum = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
    return unit(sum);
  }

  /**
   * @param a a vector
   * @param b another of the same length
   * @return their dot product
   */
  public static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }
}
