package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.EvaluationDetails.FeatureImportance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Permutation feature importance (Breiman 2001; Fisher, Rudin and Dominici 2019): the drop in a
 * metric when one input field's values are shuffled across rows, breaking its link with the label
 * while keeping its distribution. Repeated with different shuffles; mean and sample standard
 * deviation are reported.
 */
public final class PermutationImportance {
  /** Shuffles per field. */
  public static final int REPEATS = 5;

  private PermutationImportance() {}

  /**
   * @param rows scored rows (with their labels)
   * @param fields the input fields to assess
   * @param scorer scores rows
   * @param metricName the metric's name, for the report
   * @param metric computes the metric from scores
   * @param rng the random source
   * @return one importance per field, largest mean drop first
   */
  public static List<FeatureImportance> compute(List<Map<String, Object>> rows, List<String> fields,
      RowScorer scorer, String metricName, ToDoubleFunction<Scores> metric, SplittableRandom rng) {
    double clean = metric.applyAsDouble(scorer.score(rows).scores());
    List<FeatureImportance> out = new ArrayList<>();
    for (String f : fields) {
      double[] drops = new double[REPEATS];
      for (int r = 0; r < REPEATS; r++) {
        drops[r] = clean - metric.applyAsDouble(scorer.score(shuffled(rows, f, rng)).scores());
      }
      double mean = 0;
      for (double d : drops) {
        mean += d;
      }
      mean /= REPEATS;
      double ss = 0;
      for (double d : drops) {
        ss += (d - mean) * (d - mean);
      }
      out.add(new FeatureImportance(f, metricName, mean, Math.sqrt(ss / (REPEATS - 1)), REPEATS));
    }
    out.sort(Comparator.comparingDouble(FeatureImportance::meanDrop).reversed());
    return out;
  }

  static List<Map<String, Object>> shuffled(List<Map<String, Object>> rows, String field, SplittableRandom rng) {
    int n = rows.size();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> c = new HashMap<>(rows.get(i));
      c.put(field, rows.get(perm[i]).get(field));
      out.add(c);
    }
    return out;
  }
}
