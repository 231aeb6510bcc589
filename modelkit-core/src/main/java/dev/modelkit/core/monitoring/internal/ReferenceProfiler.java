package dev.modelkit.core.monitoring.internal;

import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import dev.modelkit.monitoring.FeatureProfile;
import dev.modelkit.monitoring.FeatureType;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.monitoring.ReferenceProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Captures a {@link ReferenceProfile} from {@link ReferenceData}: infers each feature's type,
 * sketches numeric features with the same {@link DDSketch} the windows use (so reference and
 * live data are bucketed identically and every drift statistic compares like with like), counts
 * categories, and profiles the model's predictions and probabilities when given.
 */
public final class ReferenceProfiler {
  /** Sketch accuracy shared by reference profiles and windows. */
  public static final double ACCURACY = 0.01;
  /** Sketch bucket limit shared by reference profiles and windows. */
  public static final int MAX_BUCKETS = 2048;
  /** Distinct values are counted up to this many. */
  static final int DISTINCT_CAP = 10_001;
  /** Categories kept per categorical feature; more are counted under {@link Dictionary#OTHER}. */
  public static final int CATEGORY_CAP = 1000;

  private ReferenceProfiler() {}

  /**
   * @param modelId the model
   * @param version the version
   * @param data the data
   * @param capturedAt now
   * @return the profile
   * @throws ConfigurationException naming every feature whose values are neither all numbers nor
   *     all strings, with the first offending row
   */
  public static ReferenceProfile capture(String modelId, String version, ReferenceData data, Instant capturedAt) {
    Map<String, List<Object>> columns = columns(data);
    List<Violation> problems = new ArrayList<>();
    List<FeatureProfile> features = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : columns.entrySet()) {
      FeatureType type = data.types().get(e.getKey());
      if (type == null) {
        type = infer(e.getKey(), e.getValue(), problems);
      }
      if (type == null) {
        continue;
      }
      FeatureProfile p = type == FeatureType.NUMERIC ? numeric(e.getKey(), e.getValue(), problems)
          : categorical(e.getKey(), e.getValue(), problems);
      if (p != null) {
        features.add(p);
      }
    }
    for (String typed : data.types().keySet()) {
      if (!columns.containsKey(typed)) {
        problems.add(new Violation("types." + typed, data.types().get(typed).wireName(),
            "name a feature present in the data (features: " + columns.keySet() + ")"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("ReferenceData of " + modelId + "/" + version, problems);
    }
    FeatureProfile prediction = null;
    if (data.predictions() != null) {
      prediction = categorical("prediction", new ArrayList<>(data.predictions()), problems);
    }
    FeatureProfile probability = null;
    double[] probs = data.probabilities();
    if (probs != null) {
      List<Object> values = new ArrayList<>(probs.length);
      for (double p : probs) {
        values.add(p);
      }
      probability = numeric("probability", values, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("ReferenceData of " + modelId + "/" + version, problems);
    }
    return new ReferenceProfile(modelId, version, data.size(), capturedAt, features, prediction, probability,
        data.validationMetrics(), data.validationSize(), data.positiveLabel());
  }

  private static Map<String, List<Object>> columns(ReferenceData data) {
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    if (!data.rows().isEmpty()) {
      int n = data.rows().size();
      for (int r = 0; r < n; r++) {
        for (String key : data.rows().get(r).keySet()) {
          columns.computeIfAbsent(key, k -> new ArrayList<>(n));
        }
      }
      for (Map.Entry<String, List<Object>> e : columns.entrySet()) {
        List<Object> col = e.getValue();
        for (Map<String, ?> row : data.rows()) {
          col.add(row.get(e.getKey()));
        }
      }
      return columns;
    }
    data.numericColumns().forEach((name, values) -> {
      List<Object> col = new ArrayList<>(values.length);
      for (double v : values) {
        col.add(v);
      }
      columns.put(name, col);
    });
    data.categoricalColumns().forEach((name, values) ->
        columns.put(name, new ArrayList<>(java.util.Arrays.asList((Object[]) values))));
    return columns;
  }

  private static FeatureType infer(String name, List<Object> values, List<Violation> problems) {
    FeatureType type = null;
    for (int r = 0; r < values.size(); r++) {
      Object v = values.get(r);
      if (v == null) {
        continue;
      }
      FeatureType t = v instanceof Number ? FeatureType.NUMERIC : v instanceof String ? FeatureType.CATEGORICAL : null;
      if (t == null) {
        problems.add(new Violation("rows[" + r + "]." + name, v + " (" + v.getClass().getSimpleName() + ")",
            "be a number (numeric feature) or a string (categorical feature)"));
        return null;
      }
      if (type == null) {
        type = t;
      } else if (type != t) {
        problems.add(new Violation("rows[" + r + "]." + name, String.valueOf(v),
            "be a " + (type == FeatureType.NUMERIC ? "number" : "string") + " like the earlier rows of feature '" + name
                + "' (a feature holds numbers or strings, not both; set its type explicitly with ReferenceData.Builder.type)"));
        return null;
      }
    }
    if (type == null) {
      problems.add(new Violation("features." + name, "only missing values",
          "have at least one value so that its type is known (or set its type with ReferenceData.Builder.type)"));
    }
    return type;
  }

  private static FeatureProfile numeric(String name, List<Object> values, List<Violation> problems) {
    DDSketch sketch = new DDSketch(ACCURACY, MAX_BUCKETS);
    long missing = 0;
    double mean = 0;
    double m2 = 0;
    long n = 0;
    Set<Double> distinct = new HashSet<>();
    for (int r = 0; r < values.size(); r++) {
      Object o = values.get(r);
      if (o == null) {
        missing++;
        continue;
      }
      if (!(o instanceof Number num)) {
        problems.add(new Violation("rows[" + r + "]." + name, String.valueOf(o), "be a number: feature '" + name
            + "' is numeric"));
        return null;
      }
      double v = num.doubleValue();
      if (Double.isNaN(v)) {
        missing++;
        continue;
      }
      if (Double.isInfinite(v)) {
        problems.add(new Violation("rows[" + r + "]." + name, String.valueOf(v), "be finite"));
        return null;
      }
      sketch.add(v);
      n++;
      double delta = v - mean;
      mean += delta / n;
      m2 += delta * (v - mean);
      if (distinct.size() < DISTINCT_CAP) {
        distinct.add(v == 0.0 ? 0.0 : v);
      }
    }
    if (n == 0) {
      return new FeatureProfile(name, FeatureType.NUMERIC, 0, missing, 0, null, null, null, null, List.of(), Map.of(),
          SketchCodec.encode(sketch));
    }
    List<Double> quantiles = List.of(sketch.quantile(0.05), sketch.quantile(0.25), sketch.quantile(0.5),
        sketch.quantile(0.75), sketch.quantile(0.95));
    return new FeatureProfile(name, FeatureType.NUMERIC, n, missing, distinct.size(), mean, Math.sqrt(m2 / n),
        sketch.min(), sketch.max(), quantiles, Map.of(), SketchCodec.encode(sketch));
  }

  private static FeatureProfile categorical(String name, List<Object> values, List<Violation> problems) {
    Map<String, Long> counts = new TreeMap<>();
    long missing = 0;
    long n = 0;
    for (int r = 0; r < values.size(); r++) {
      Object o = values.get(r);
      if (o == null) {
        missing++;
        continue;
      }
      String s = categoryOf(o);
      if (s == null) {
        problems.add(new Violation("rows[" + r + "]." + name, String.valueOf(o), "be a string: feature '" + name
            + "' is categorical"));
        return null;
      }
      if (!counts.containsKey(s) && counts.size() >= CATEGORY_CAP) {
        s = Dictionary.OTHER;
      }
      counts.merge(s, 1L, Long::sum);
      n++;
    }
    return new FeatureProfile(name, FeatureType.CATEGORICAL, n, missing, counts.size(), null, null, null, null,
        List.of(), counts, null);
  }

  /**
   * The category a value stands for: strings as they are, and, for features declared
   * categorical, whole numbers without a decimal point and other numbers as Java prints them.
   *
   * @param value a value
   * @return its category, or null when it cannot be one
   */
  public static String categoryOf(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number num) {
      double d = num.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return Double.toString(d);
    }
    return null;
  }
}
