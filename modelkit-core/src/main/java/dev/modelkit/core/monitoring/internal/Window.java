package dev.modelkit.core.monitoring.internal;

/**
 * The aggregates of one monitored version over one time window {@code [start, end)}: counts,
 * latency sketch, predicted-label counts and, for outcomes joined in the window, the confusion
 * matrix and satisfaction. Every array is sized when the window opens, so adding to it allocates
 * nothing. Not thread-safe: the owning monitor holds its lock.
 */
public final class Window {
  /** Latency sketch accuracy: 1% relative error on every percentile. */
  static final double LATENCY_ACCURACY = 0.01;
  /** Bounds the latency sketch: 2,048 buckets of 2% cover 1 microsecond to hours. */
  static final int LATENCY_BUCKETS = 2048;

  final long startMillis;
  long endMillis;
  long count;
  long errors;
  final DDSketch latencyMs;
  final long[] predictedCounts;
  long labelled;
  long correct;
  final long[] confusion;
  final int labelSlots;
  double satisfactionSum;
  long satisfactionCount;

  /**
   * @param startMillis when the window opens
   * @param endMillis when it is due to close
   * @param labelSlots codes of the model's label dictionary
   */
  public Window(long startMillis, long endMillis, int labelSlots) {
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.labelSlots = labelSlots;
    this.latencyMs = new DDSketch(LATENCY_ACCURACY, LATENCY_BUCKETS);
    this.latencyMs.reserve(0.001, 60_000);
    this.predictedCounts = new long[labelSlots];
    this.confusion = new long[labelSlots * labelSlots];
  }

  void addPrediction(int predictedCode, long latencyNanos, boolean error) {
    count++;
    if (error) {
      errors++;
    }
    if (predictedCode >= 0) {
      predictedCounts[predictedCode]++;
    }
    latencyMs.add(latencyNanos * 1e-6);
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
    return 128 + latencyMs.retainedBytes() + 8L * predictedCounts.length + 8L * confusion.length;
  }
}
