package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.Correction;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusts the p-values of the features tested in one drift report, so that testing many features
 * does not multiply false alarms: Bonferroni and Holm control the chance of any false alarm,
 * Benjamini-Hochberg the expected share of false alarms among those raised (and, when no feature
 * drifted, the chance of any). Adjusted p-values are compared with the same {@code alpha}.
 */
public final class MultipleTesting {
  private MultipleTesting() {}

  /**
   * @param p raw p-values; NaN entries (distance measures) are left out and stay NaN
   * @param correction the method
   * @return adjusted p-values, same order
   */
  public static double[] adjust(double[] p, Correction correction) {
    int[] idx = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).toArray();
    double[] out = new double[p.length];
    Arrays.fill(out, Double.NaN);
    int m = idx.length;
    if (m == 0) {
      return out;
    }
    Integer[] order = Arrays.stream(idx).boxed().sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
    switch (correction) {
      case NONE -> {
        for (int i : idx) {
          out[i] = p[i];
        }
      }
      case BONFERRONI -> {
        for (int i : idx) {
          out[i] = Math.min(1, p[i] * m);
        }
      }
      case HOLM -> {
        double running = 0;
        for (int r = 0; r < m; r++) {
          running = Math.max(running, Math.min(1, (m - r) * p[order[r]]));
          out[order[r]] = running;
        }
      }
      case BENJAMINI_HOCHBERG -> {
        double running = 1;
        for (int r = m - 1; r >= 0; r--) {
          running = Math.min(running, p[order[r]] * m / (r + 1));
          out[order[r]] = Math.min(1, running);
        }
      }
      default -> throw new IllegalArgumentException("unknown correction " + correction);
    }
    return out;
  }
}
