package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.BusinessMetric;
import dev.modelkit.monitoring.BusinessMetrics;
import dev.modelkit.monitoring.DriftFinding;
import dev.modelkit.monitoring.LabelledOutcomes;
import dev.modelkit.monitoring.LatencyMetrics;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.TechnicalMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a window (or a period's merged windows) into the seed's {@link PerformanceMetrics} and
 * into the flat metric map alert rules read: accuracy from the joined outcomes; precision, recall
 * and F1 of the positive label, macro-averaged over the labels seen when no positive label is
 * set; latency from the merged sketch; throughput over the time the windows cover.
 */
public final class WindowMetrics {
  private WindowMetrics() {}

  /**
   * @param w the window
   * @param labels the model's labels
   * @param positiveLabel the positive label, or null
   * @param business business metric values
   * @param technical process metrics
   * @param coveredMillis time the window's data covers
   * @return the metrics
   */
  public static PerformanceMetrics performance(Window w, Dictionary labels, String positiveLabel,
      BusinessMetrics business, TechnicalMetrics technical, long coveredMillis) {
    double accuracy = w.labelled == 0 ? Double.NaN : (double) w.correct / w.labelled;
    double[] prf = precisionRecallF1(w, labels, positiveLabel);
    DDSketch l = w.latencyMs;
    LatencyMetrics latency = l.count() == 0
        ? new LatencyMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
        : new LatencyMetrics(l.mean(), l.quantile(0.5), l.quantile(0.95), l.quantile(0.99), l.max());
    double throughput = coveredMillis <= 0 ? 0 : w.count / (coveredMillis / 1000.0);
    double errorRate = w.count == 0 ? Double.NaN : (double) w.errors / w.count;
    double satisfaction = w.satisfactionCount == 0 ? Double.NaN : w.satisfactionSum / w.satisfactionCount;
    return new PerformanceMetrics(accuracy, prf[0], prf[1], prf[2], latency, throughput, errorRate, satisfaction,
        w.count, w.labelled, business, technical);
  }

  /**
   * @param w a window
   * @param labels the model's labels
   * @param metrics business metrics by name
   * @return their values over the window's joined outcomes
   */
  public static BusinessMetrics business(Window w, Dictionary labels, Map<String, BusinessMetric> metrics) {
    Map<String, Double> values = new TreeMap<>();
    LabelledOutcomes outcomes = outcomes(w, labels);
    metrics.forEach((name, m) -> {
      double v;
      try {
        v = m.compute(outcomes);
      } catch (RuntimeException e) {
        v = Double.NaN;
      }
      values.put(name, v);
    });
    return new BusinessMetrics(values);
  }

  /**
   * @param w a window
   * @param labels the model's labels
   * @return its confusion counts as {@link LabelledOutcomes}
   */
  public static LabelledOutcomes outcomes(Window w, Dictionary labels) {
    return new LabelledOutcomes() {
      @Override
      public List<String> labels() {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < w.labelSlots; c++) {
          if (rowSum(w, c) + columnSum(w, c) > 0) {
            out.add(labels.name(c));
          }
        }
        return out;
      }

      @Override
      public long count(String trueLabel, String predictedLabel) {
        int t = labels.find(trueLabel);
        int p = labels.find(predictedLabel);
        return t < 0 || p < 0 || t >= w.labelSlots || p >= w.labelSlots ? 0 : w.confusion[t * w.labelSlots + p];
      }

      @Override
      public long labelled() {
        return w.labelled;
      }

      @Override
      public long predictions() {
        return w.count;
      }
    };
  }

  static double[] precisionRecallF1(Window w, Dictionary labels, String positiveLabel) {
    double[] none = {Double.NaN, Double.NaN, Double.NaN};
    if (w.labelled == 0) {
      return none;
    }
    if (positiveLabel != null) {
      int code = labels.find(positiveLabel);
      return code < 0 || code >= w.labelSlots ? none : classScores(w, code);
    }
    double p = 0;
    double r = 0;
    double f = 0;
    int n = 0;
    for (int c = 0; c < w.labelSlots; c++) {
      if (rowSum(w, c) == 0 && columnSum(w, c) == 0) {
        continue;
      }
      double[] s = classScores(w, c);
      p += s[0] == s[0] ? s[0] : 0;
      r += s[1] == s[1] ? s[1] : 0;
      f += s[2] == s[2] ? s[2] : 0;
      n++;
    }
    return n == 0 ? none : new double[] {p / n, r / n, f / n};
  }

  private static double[] classScores(Window w, int c) {
    long tp = w.confusion[c * w.labelSlots + c];
    long predicted = columnSum(w, c);
    long actual = rowSum(w, c);
    double precision = predicted == 0 ? Double.NaN : (double) tp / predicted;
    double recall = actual == 0 ? Double.NaN : (double) tp / actual;
    double f1 = precision > 0 || recall > 0 ? 2 * precision * recall / (precision + recall) : (tp == 0 ? 0 : Double.NaN);
    if (Double.isNaN(precision) || Double.isNaN(recall)) {
      f1 = Double.NaN;
    }
    return new double[] {precision, recall, f1};
  }

  static long rowSum(Window w, int c) {
    long s = 0;
    for (int p = 0; p < w.labelSlots; p++) {
      s += w.confusion[c * w.labelSlots + p];
    }
    return s;
  }

  static long columnSum(Window w, int c) {
    long s = 0;
    for (int t = 0; t < w.labelSlots; t++) {
      s += w.confusion[t * w.labelSlots + c];
    }
    return s;
  }

  /**
   * The metric values alert rules read for one closed window.
   *
   * @param w the window
   * @param labels the model's labels
   * @param positiveLabel the positive label, or null
   * @param drift the window's drift findings, or null without a reference
   * @param psi PSI of every feature and of the prediction, by feature name
   * @param business business metric values
   * @param technical process metrics sampled when the window closed
   * @return metric key (as {@link RuleExpression.MetricRef#key()}) to value
   */
  public static Map<String, Double> forRules(Window w, Dictionary labels, String positiveLabel,
      DriftEvaluator.Result drift, Map<String, Double> psi, BusinessMetrics business, TechnicalMetrics technical) {
    PerformanceMetrics m = performance(w, labels, positiveLabel, business, technical, w.endMillis - w.startMillis);
    Map<String, Double> out = new HashMap<>();
    out.put("predictions", (double) w.count);
    out.put("errors", (double) w.errors);
    out.put("error_rate", m.errorRate());
    out.put("throughput", m.throughput());
    out.put("latency_mean", m.latency().mean());
    out.put("latency_p50", m.latency().p50());
    out.put("latency_p95", m.latency().p95());
    out.put("latency_p99", m.latency().p99());
    out.put("latency_max", m.latency().max());
    out.put("accuracy", m.accuracy());
    out.put("precision", m.precision());
    out.put("recall", m.recall());
    out.put("f1", m.f1());
    out.put("labelled", (double) w.labelled);
    out.put("user_satisfaction", m.userSatisfaction());
    out.put("cpu", technical.processCpuLoad());
    out.put("heap_used", (double) technical.heapUsedBytes());
    out.put("heap_used_ratio", technical.heapMaxBytes() > 0 ? (double) technical.heapUsedBytes() / technical.heapMaxBytes()
        : Double.NaN);
    int totalDetections = 0;
    for (int i = 0; i < ConceptDetectors.COUNT; i++) {
      out.put("concept_drift(" + ConceptDetectors.NAMES.get(i) + ")", (double) w.conceptDetections[i]);
      totalDetections += w.conceptDetections[i];
    }
    out.put("concept_drift", (double) totalDetections);
    business.values().forEach((k, v) -> out.put("business(" + k + ")", v));
    psi.forEach((k, v) -> out.put("psi(" + k + ")", v));
    if (drift != null) {
      out.put("drift_share", drift.driftShare());
      out.put("dataset_drift", drift.datasetDrift() ? 1.0 : 0.0);
      for (DriftFinding f : drift.features()) {
        out.put("drift(" + f.feature() + ")", f.statistic());
        out.put("drifted(" + f.feature() + ")", f.drifted() ? 1.0 : 0.0);
        out.put("pvalue(" + f.feature() + ")", f.pValue());
      }
      for (DriftFinding f : drift.prediction()) {
        out.put("drift(" + f.feature() + ")", f.statistic());
        out.put("drifted(" + f.feature() + ")", f.drifted() ? 1.0 : 0.0);
        out.put("pvalue(" + f.feature() + ")", f.pValue());
      }
    }
    return out;
  }
}
