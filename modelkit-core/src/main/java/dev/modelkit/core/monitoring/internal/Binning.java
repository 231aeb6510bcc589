package dev.modelkit.core.monitoring.internal;

import java.util.TreeMap;

/**
 * Turns two weighted samples into aligned histograms for the binned drift statistics.
 */
final class Binning {
  private Binning() {}

  /**
   * Equal-width bins over the range of both samples, as many as Sturges' rule gives for their
   * combined size ({@code ceil(log2 N + 1)}, NumPy's {@code bins="sturges"}), the last bin closed.
   *
   * @return reference counts and current counts per bin
   */
  static double[][] sturges(WeightedSample a, WeightedSample b) {
    double n = a.total() + b.total();
    double lo = Math.min(first(a), first(b));
    double hi = Math.max(last(a), last(b));
    int bins = (int) Math.ceil(Math.log(n) / Math.log(2) + 1);
    if (hi <= lo) {
      return new double[][] {{a.total()}, {b.total()}};
    }
    return new double[][] {histogram(a, lo, hi, bins), histogram(b, lo, hi, bins)};
  }

  private static double first(WeightedSample s) {
    return s.values().length == 0 ? Double.POSITIVE_INFINITY : s.values()[0];
  }

  private static double last(WeightedSample s) {
    return s.values().length == 0 ? Double.NEGATIVE_INFINITY : s.values()[s.values().length - 1];
  }

  private static double[] histogram(WeightedSample s, double lo, double hi, int bins) {
    double[] h = new double[bins];
    double width = (hi - lo) / bins;
    for (int i = 0; i < s.values().length; i++) {
      int k = (int) ((s.values()[i] - lo) / width);
      h[Math.max(0, Math.min(bins - 1, k))] += s.weights()[i];
    }
    return h;
  }

  /**
   * One bin per distinct value of either sample.
   *
   * @return reference counts and current counts per value
   */
  static double[][] byValue(WeightedSample a, WeightedSample b) {
    TreeMap<Double, double[]> m = new TreeMap<>();
    for (int i = 0; i < a.values().length; i++) {
      m.computeIfAbsent(a.values()[i], k -> new double[2])[0] += a.weights()[i];
    }
    for (int i = 0; i < b.values().length; i++) {
      m.computeIfAbsent(b.values()[i], k -> new double[2])[1] += b.weights()[i];
    }
    double[][] out = new double[2][m.size()];
    int k = 0;
    for (double[] v : m.values()) {
      out[0][k] = v[0];
      out[1][k++] = v[1];
    }
    return out;
  }

  /**
   * Ten bins at the reference's deciles (fewer when values repeat so much that deciles
   * coincide): bin {@code k} holds values above edge {@code k-1} up to edge {@code k}.
   *
   * @return reference counts and current counts per bin
   */
  static double[][] deciles(WeightedSample ref, WeightedSample cur) {
    double total = ref.total();
    double[] edges = new double[9];
    int e = 0;
    double seen = 0;
    int next = 1;
    for (int i = 0; i < ref.values().length && next <= 9; i++) {
      seen += ref.weights()[i];
      while (next <= 9 && seen >= total * next / 10.0) {
        if (e == 0 || edges[e - 1] < ref.values()[i]) {
          edges[e++] = ref.values()[i];
        }
        next++;
      }
    }
    int bins = e + 1;
    double[] r = new double[bins];
    double[] c = new double[bins];
    fill(ref, edges, e, r);
    fill(cur, edges, e, c);
    return new double[][] {r, c};
  }

  private static void fill(WeightedSample s, double[] edges, int e, double[] out) {
    for (int i = 0; i < s.values().length; i++) {
      double v = s.values()[i];
      int k = 0;
      while (k < e && v > edges[k]) {
        k++;
      }
      out[k] += s.weights()[i];
    }
  }
}
