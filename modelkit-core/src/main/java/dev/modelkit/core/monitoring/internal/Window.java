package dev.modelkit.core.monitoring.internal;

/**
 * The aggregates of one monitored version over one time window {@code [start, end)}: counts,
 * latency sketch, predicted-label counts and probability sketch, per-feature sketches (numeric)
 * and category counts (categorical) as laid out by the version's {@link Schema}, and, for the
 * outcomes joined in the window, the confusion matrix, satisfaction and concept-drift detections.
 * Every array is sized when the window opens, so adding to it allocates nothing. Not thread-safe:
 * the owning monitor holds its lock.
 */
public final class Window {
  /** Latency sketch accuracy: 1% relative error on every percentile. */
  static final double LATENCY_ACCURACY = 0.01;
  /** Bounds every sketch: 2,048 buckets of 2% cover ratios of 10^17 between smallest and largest. */
  static final int MAX_BUCKETS = ReferenceProfiler.MAX_BUCKETS;

  final long startMillis;
  long endMillis;
  long count;
  long errors;
  final DDSketch latencyMs;
  final long[] predictedCounts;
  final DDSketch probability;
  long labelled;
  long correct;
  final long[] confusion;
  final int labelSlots;
  double satisfactionSum;
  long satisfactionCount;
  Schema schema;
  DDSketch[] numeric;
  long[][] categories;
  long[] missing;
  final int[] conceptDetections = new int[ConceptDetectors.COUNT];

  /**
   * @param startMillis when the window opens
   * @param endMillis when it is due to close
   * @param labelSlots codes of the model's label dictionary
   * @param schema the features to aggregate, or null when the version has no reference profile
   */
  public Window(long startMillis, long endMillis, int labelSlots, Schema schema) {
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.labelSlots = labelSlots;
    this.latencyMs = new DDSketch(LATENCY_ACCURACY, MAX_BUCKETS);
    this.latencyMs.reserve(0.001, 60_000);
    this.predictedCounts = new long[labelSlots];
    this.probability = new DDSketch(ReferenceProfiler.ACCURACY, MAX_BUCKETS, false);
    this.probability.reserve(1e-4, 1);
    this.confusion = new long[labelSlots * labelSlots];
    useSchema(schema);
  }

  /**
   * Lays out the feature aggregates for a schema, discarding those of an earlier one (which only
   * happens when a reference profile is replaced while the window is open).
   *
   * @param s the schema, or null
   */
  void useSchema(Schema s) {
    this.schema = s;
    int n = s == null ? 0 : s.size();
    numeric = new DDSketch[n];
    categories = new long[n][];
    missing = new long[n];
    for (int i = 0; i < n; i++) {
      if (s.numeric[i]) {
        numeric[i] = new DDSketch(ReferenceProfiler.ACCURACY, MAX_BUCKETS, false);
        numeric[i].reserve(s.low[i], s.high[i]);
      } else {
        categories[i] = new long[s.dictionaries[i].slots()];
      }
    }
  }

  void addPrediction(int predictedCode, double prob, long latencyNanos, boolean error) {
    count++;
    if (error) {
      errors++;
    }
    if (predictedCode >= 0) {
      predictedCounts[predictedCode]++;
    }
    if (prob == prob) {
      probability.add(prob);
    }
    latencyMs.add(latencyNanos * 1e-6);
  }

  void addNumeric(int feature, double value) {
    if (value == value) {
      numeric[feature].add(value);
    } else {
      missing[feature]++;
    }
  }

  void addCategory(int feature, int code) {
    if (code >= 0) {
      categories[feature][code]++;
    } else {
      missing[feature]++;
    }
  }

  void addOutcome(int trueCode, int predictedCode, double satisfaction) {
    labelled++;
    if (predictedCode >= 0) {
      confusion[trueCode * labelSlots + predictedCode]++;
      if (trueCode == predictedCode) {
        correct++;
      }
    }
    if (satisfaction == satisfaction) {
      satisfactionSum += satisfaction;
      satisfactionCount++;
    }
  }

  /** @return a deep copy, for reading outside the owning monitor's lock */
  Window copy() {
    Window c = new Window(startMillis, endMillis, labelSlots, schema);
    c.merge(this);
    return c;
  }

  /**
   * Adds another window's aggregates to this one. Features are matched by position when both
   * windows use the same schema and by name otherwise; categories always by name.
   *
   * @param o the window to add
   */
  void merge(Window o) {
    count += o.count;
    errors += o.errors;
    latencyMs.merge(o.latencyMs);
    probability.merge(o.probability);
    for (int i = 0; i < Math.min(predictedCounts.length, o.predictedCounts.length); i++) {
      predictedCounts[i] += o.predictedCounts[i];
    }
    labelled += o.labelled;
    correct += o.correct;
    for (int t = 0; t < Math.min(labelSlots, o.labelSlots); t++) {
      for (int p = 0; p < Math.min(labelSlots, o.labelSlots); p++) {
        confusion[t * labelSlots + p] += o.confusion[t * o.labelSlots + p];
      }
    }
    satisfactionSum += o.satisfactionSum;
    satisfactionCount += o.satisfactionCount;
    for (int i = 0; i < conceptDetections.length; i++) {
      conceptDetections[i] += o.conceptDetections[i];
    }
    if (schema == null || o.schema == null) {
      return;
    }
    for (int i = 0; i < schema.size(); i++) {
      int j = o.schema == schema ? i : o.schema.indexOf(schema.names[i]);
      if (j < 0 || o.schema.numeric[j] != schema.numeric[i]) {
        continue;
      }
      missing[i] += o.missing[j];
      if (schema.numeric[i]) {
        numeric[i].merge(o.numeric[j]);
      } else if (o.schema.dictionaries[j] == schema.dictionaries[i]) {
        for (int k = 0; k < categories[i].length; k++) {
          categories[i][k] += o.categories[j][k];
        }
      } else {
        for (int k = 0; k < o.categories[j].length; k++) {
          if (o.categories[j][k] != 0) {
            categories[i][schema.dictionaries[i].code(o.schema.dictionaries[j].name(k))] += o.categories[j][k];
          }
        }
      }
    }
  }

  /** @return when the window opened, epoch milliseconds */
  public long startMillis() {
    return startMillis;
  }

  /** @return when the window closes, epoch milliseconds */
  public long endMillis() {
    return endMillis;
  }

  /** @return predictions recorded */
  public long count() {
    return count;
  }

  /** @return bytes held, for memory bounds */
  public long retainedBytes() {
    long b = 256 + latencyMs.retainedBytes() + probability.retainedBytes() + 8L * predictedCounts.length
        + 8L * confusion.length + 8L * missing.length;
    for (int i = 0; i < numeric.length; i++) {
      b += numeric[i] != null ? numeric[i].retainedBytes() : 16 + 8L * categories[i].length;
    }
    return b;
  }
}
