package dev.modelkit.experiments.internal.stats;

import dev.modelkit.experiment.MultipleTestingCorrection;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Adjusted p-values for a family of tests, in the form statsmodels' {@code multipletests}
 * returns them (compare each adjusted p-value with alpha).
 *
 * <ul>
 *   <li>Holm (1979), step-down: adj(i) = max over j &lt;= i of min(1, (m - j + 1) p(j)), p
 *       sorted ascending; controls the family-wise error rate.
 *   <li>Benjamini-Hochberg (1995), step-up: adj(i) = min over j &gt;= i of min(1, m p(j) / j);
 *       controls the false discovery rate (scipy's {@code false_discovery_control}).
 * </ul>
 */
public final class MultipleTesting {

  private MultipleTesting() {}

  /**
   * @param method the correction
   * @param pValues raw p-values; NaN entries are left NaN and not counted in the family
   * @return adjusted p-values in the same order
   */
  public static double[] adjust(MultipleTestingCorrection method, double[] pValues) {
    return switch (method) {
      case NONE -> pValues.clone();
      case HOLM -> holm(pValues);
      case BENJAMINI_HOCHBERG -> benjaminiHochberg(pValues);
    };
  }

  /**
   * @param pValues raw p-values
   * @return Holm-adjusted p-values
   */
  public static double[] holm(double[] pValues) {
    Integer[] order = sortedIndexes(pValues);
    int m = order.length;
    double[] adjusted = fillNaN(pValues.length);
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      int i = order[rank];
      running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
      adjusted[i] = running;
    }
    return adjusted;
  }

  /**
   * @param pValues raw p-values
   * @return Benjamini-Hochberg-adjusted p-values
   */
  public static double[] benjaminiHochberg(double[] pValues) {
    Integer[] order = sortedIndexes(pValues);
    int m = order.length;
    double[] adjusted = fillNaN(pValues.length);
    double running = 1;
    for (int rank = m - 1; rank >= 0; rank--) {
      int i = order[rank];
      running = Math.min(running, Math.min(1, m * pValues[i] / (rank + 1)));
      adjusted[i] = running;
    }
    return adjusted;
  }

  private static Integer[] sortedIndexes(double[] p) {
    return java.util.stream.IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
        .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
  }

  private static double[] fillNaN(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }
}
