package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.BusinessMetrics;
import dev.modelkit.monitoring.LatencyMetrics;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.TechnicalMetrics;

/**
 * Adds windows together and turns the sums into the seed's {@link PerformanceMetrics}: accuracy
 * from the joined outcomes, precision, recall and F1 of the positive label (macro-averaged over
 * the labels seen when no positive label is set), latency percentiles from the merged sketch,
 * throughput over the time the windows cover, error rate and mean satisfaction.
 */
public final class MetricsAccumulator {
  private final DDSketch latency = new DDSketch(Window.LATENCY_ACCURACY, Window.LATENCY_BUCKETS);
  private long count;
  private long errors;
  private long labelled;
  private long correct;
  private double satisfactionSum;
  private long satisfactionCount;
  private long coveredMillis;
  private long[] confusion = new long[0];
  private int slots;

  /**
   * Adds one window. The caller holds the window's monitor lock.
   *
   * @param w the window
   * @param nowMillis the current time, bounding the open window's covered time
   */
  public void add(Window w, long nowMillis) {
    count += w.count;
    errors += w.errors;
    labelled += w.labelled;
    correct += w.correct;
    satisfactionSum += w.satisfactionSum;
    satisfactionCount += w.satisfactionCount;
    coveredMillis += Math.max(0, Math.min(w.endMillis, nowMillis) - w.startMillis);
    latency.merge(w.latencyMs);
    if (confusion.length < w.confusion.length) {
      long[] bigger = new long[w.confusion.length];
      for (int t = 0; t < slots; t++) {
        System.arraycopy(confusion, t * slots, bigger, t * w.labelSlots, slots);
      }
      confusion = bigger;
      slots = w.labelSlots;
    }
    for (int t = 0; t < w.labelSlots; t++) {
      for (int p = 0; p < w.labelSlots; p++) {
        confusion[t * slots + p] += w.confusion[t * w.labelSlots + p];
      }
    }
  }

  /** @return predictions added */
  public long count() {
    return count;
  }

  /**
   * @param labels the label dictionary of the windows added
   * @param positiveLabel the positive label, or null to macro-average
   * @param business business metric values
   * @param technical process metrics
   * @return the metrics
   */
  public PerformanceMetrics toMetrics(Dictionary labels, String positiveLabel, BusinessMetrics business,
      TechnicalMetrics technical) {
    double accuracy = labelled == 0 ? Double.NaN : (double) correct / labelled;
    double[] prf = precisionRecallF1(labels, positiveLabel);
    LatencyMetrics lat = latency.count() == 0
        ? new LatencyMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
        : new LatencyMetrics(latency.mean(), latency.quantile(0.5), latency.quantile(0.95), latency.quantile(0.99),
            latency.max());
    double throughput = coveredMillis == 0 ? 0 : count / (coveredMillis / 1000.0);
    double errorRate = count == 0 ? Double.NaN : (double) errors / count;
    double satisfaction = satisfactionCount == 0 ? Double.NaN : satisfactionSum / satisfactionCount;
    return new PerformanceMetrics(accuracy, prf[0], prf[1], prf[2], lat, throughput, errorRate, satisfaction,
        count, labelled, business, technical);
  }

  /** @return the merged confusion matrix, row = true label code, column = predicted code */
  public long[][] confusionMatrix() {
    long[][] m = new long[slots][slots];
    for (int t = 0; t < slots; t++) {
      for (int p = 0; p < slots; p++) {
        m[t][p] = confusion[t * slots + p];
      }
    }
    return m;
  }

  private double[] precisionRecallF1(Dictionary labels, String positiveLabel) {
    if (labelled == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    if (positiveLabel != null) {
      int code = labels.find(positiveLabel);
      return code < 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : classScores(code);
    }
    double p = 0;
    double r = 0;
    double f = 0;
    int n = 0;
    for (int c = 0; c < slots; c++) {
      if (rowSum(c) == 0 && columnSum(c) == 0) {
        continue;
      }
      double[] s = classScores(c);
      p += nanToZero(s[0]);
      r += nanToZero(s[1]);
      f += nanToZero(s[2]);
      n++;
    }
    return n == 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {p / n, r / n, f / n};
  }

  private static double nanToZero(double v) {
    return v == v ? v : 0;
  }

  private double[] classScores(int c) {
    if (c >= slots) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    long tp = confusion[c * slots + c];
    long predicted = columnSum(c);
    long actual = rowSum(c);
    double precision = predicted == 0 ? Double.NaN : (double) tp / predicted;
    double recall = actual == 0 ? Double.NaN : (double) tp / actual;
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : (tp == 0 && actual + predicted > 0 ? 0 : Double.NaN);
    return new double[] {precision, recall, f1};
  }

  private long rowSum(int c) {
    long s = 0;
    for (int p = 0; p < slots; p++) {
      s += confusion[c * slots + p];
    }
    return s;
  }

  private long columnSum(int c) {
    long s = 0;
    for (int t = 0; t < slots; t++) {
      s += confusion[t * slots + c];
    }
    return s;
  }

  /** @return the windows' latency sketch, merged */
  public DDSketch latency() {
    return latency;
  }
}
