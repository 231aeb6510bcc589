package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.EvaluationDetails.Contribution;
import dev.modelkit.evaluation.EvaluationDetails.Explanation;
import dev.modelkit.spi.Prediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Per-prediction explanations by occlusion: each input field of a row is replaced, one at a time,
 * by a baseline value (the median of a numeric field, the most frequent value of any other, over
 * the evaluated rows), and the change in the positive-class probability is that field's
 * contribution. Unlike SHAP the contributions need not add up to the distance from the baseline
 * when fields interact; the report says so.
 */
public final class Occlusion {
  private Occlusion() {}

  /**
   * @param rows the evaluated rows
   * @param fields the input fields
   * @return field to baseline value
   */
  public static Map<String, Object> baseline(List<Map<String, Object>> rows, List<String> fields) {
    Map<String, Object> base = new LinkedHashMap<>();
    for (String f : fields) {
      List<Object> present = rows.stream().map(r -> r.get(f)).filter(Objects::nonNull).toList();
      if (present.isEmpty()) {
        base.put(f, null);
      } else if (present.stream().allMatch(v -> v instanceof Number)) {
        double[] x = present.stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
        base.put(f, x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2);
      } else {
        Map<String, Long> freq = present.stream().map(Object::toString)
            .collect(Collectors.groupingBy(Function.identity(), java.util.TreeMap::new, Collectors.counting()));
        base.put(f, freq.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey());
      }
    }
    return base;
  }

  /**
   * @param index the row's position in the test data
   * @param why why it was chosen
   * @param row the row
   * @param fields the input fields
   * @param baseline field to baseline value
   * @param scorer scores rows
   * @param positiveClass the positive class
   * @return the explanation, contributions largest magnitude first
   */
  public static Explanation explain(int index, String why, Map<String, Object> row, List<String> fields,
      Map<String, Object> baseline, RowScorer scorer, String positiveClass) {
    List<Map<String, Object>> variants = new ArrayList<>();
    variants.add(row);
    Map<String, Object> allBase = new HashMap<>(row);
    allBase.putAll(baseline);
    variants.add(allBase);
    for (String f : fields) {
      Map<String, Object> v = new HashMap<>(row);
      v.put(f, baseline.get(f));
      variants.add(v);
    }
    List<Prediction> p = scorer.predict(variants);
    if (!p.get(0).ok()) {
      throw new IllegalStateException("row " + index + " cannot be scored: " + p.get(0).error());
    }
    double prob = p.get(0).probability(positiveClass);
    Map<String, Double> contrib = new HashMap<>();
    for (int k = 0; k < fields.size(); k++) {
      Prediction q = p.get(k + 2);
      if (q.ok()) {
        contrib.put(fields.get(k), prob - q.probability(positiveClass));
      }
    }
    List<Contribution> parts = new ArrayList<>();
    for (Map.Entry<String, Double> e : contrib.entrySet()) {
      parts.add(new Contribution(e.getKey(), text(row.get(e.getKey())), text(baseline.get(e.getKey())),
          e.getValue()));
    }
    parts.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.contribution()))
        .thenComparing(Contribution::field));
    Double baseProb = p.get(1).ok() ? p.get(1).probability(positiveClass) : null;
    return new Explanation(index, why, p.get(0).label(), prob, baseProb, parts);
  }

  /** Numbers to six significant digits without trailing zeros (27, 0.475), so a reader sees values, not float noise. */
  static String text(Object v) {
    if (v instanceof Double d && Double.isFinite(d)) {
      return java.math.BigDecimal.valueOf(d).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }
}
