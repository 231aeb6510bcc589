package dev.modelkit.training.djl.internal.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The built-in classification metrics. For two classes, precision, recall and F1 are those of the
 * positive class and ROC AUC ranks its probability; for more classes they are macro averages
 * (ROC AUC one-vs-rest).
 */
public final class Metrics {
  /** Built-in metric names. */
  public static final Set<String> BUILT_IN = Set.of("accuracy", "precision", "recall", "f1_score", "roc_auc", "log_loss");

  private Metrics() {}

  /**
   * @param name a metric name as configured
   * @return the canonical name ({@code f1} becomes {@code f1_score}, {@code auc} becomes {@code roc_auc})
   */
  public static String canonical(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return switch (n) {
      case "f1", "f1score" -> "f1_score";
      case "auc", "rocauc", "roc-auc" -> "roc_auc";
      case "logloss", "cross_entropy" -> "log_loss";
      default -> n;
    };
  }

  /**
   * @param name a canonical metric name
   * @return whether smaller values are better
   */
  public static boolean minimized(String name) {
    return name.contains("loss") || name.contains("error");
  }

  /**
   * @param probabilities class probabilities per row
   * @param positive the positive class index for two classes, -1 otherwise
   * @param threshold decision threshold on the positive class's probability (two classes)
   * @return each row's predicted class
   */
  public static int[] predict(double[][] probabilities, int positive, double threshold) {
    int[] out = new int[probabilities.length];
    for (int i = 0; i < out.length; i++) {
      if (positive >= 0 && probabilities[i].length == 2) {
        out[i] = probabilities[i][positive] >= threshold ? positive : 1 - positive;
      } else {
        out[i] = argmax(probabilities[i]);
      }
    }
    return out;
  }

  /**
   * @param v values
   * @return index of the largest
   */
  public static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * @param actual true class per row
   * @param probabilities class probabilities per row
   * @param positive positive class index for two classes, -1 otherwise
   * @param threshold decision threshold (two classes)
   * @return every built-in metric
   */
  public static Map<String, Double> compute(int[] actual, double[][] probabilities, int positive, double threshold) {
    int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
    int[] predicted = predict(probabilities, positive, threshold);
    Map<String, Double> m = new LinkedHashMap<>();
    int correct = 0;
    for (int i = 0; i < actual.length; i++) {
      correct += actual[i] == predicted[i] ? 1 : 0;
    }
    m.put("accuracy", actual.length == 0 ? 0 : (double) correct / actual.length);
    if (classes == 2 && positive >= 0) {
      double[] prf = prf(actual, predicted, positive);
      m.put("precision", prf[0]);
      m.put("recall", prf[1]);
      m.put("f1_score", prf[2]);
      m.put("roc_auc", rocAuc(actual, column(probabilities, positive), positive));
    } else {
      double p = 0;
      double r = 0;
      double f = 0;
      double auc = 0;
      int aucClasses = 0;
      for (int c = 0; c < classes; c++) {
        double[] prf = prf(actual, predicted, c);
        p += prf[0];
        r += prf[1];
        f += prf[2];
        double a = rocAuc(actual, column(probabilities, c), c);
        if (!Double.isNaN(a)) {
          auc += a;
          aucClasses++;
        }
      }
      m.put("precision", p / classes);
      m.put("recall", r / classes);
      m.put("f1_score", f / classes);
      m.put("roc_auc", aucClasses == 0 ? Double.NaN : auc / aucClasses);
    }
    m.put("log_loss", logLoss(actual, probabilities));
    return m;
  }

  private static double[] column(double[][] p, int c) {
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i][c];
    }
    return out;
  }

  /**
   * @param actual true classes
   * @param predicted predicted classes
   * @param cls the class
   * @return precision, recall and F1 of {@code cls}
   */
  public static double[] prf(int[] actual, int[] predicted, int cls) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < actual.length; i++) {
      boolean a = actual[i] == cls;
      boolean p = predicted[i] == cls;
      if (a && p) {
        tp++;
      } else if (p) {
        fp++;
      } else if (a) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new double[] {precision, recall, f1};
  }

  /**
   * Area under the ROC curve as the Mann-Whitney statistic, ties counted half.
   *
   * @param actual true classes
   * @param score each row's score for {@code cls}
   * @param cls the positive class
   * @return the AUC, NaN when only one class is present
   */
  public static double rocAuc(int[] actual, double[] score, int cls) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double[] rank = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double r = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = r;
      }
      i = j + 1;
    }
    long pos = 0;
    double sum = 0;
    for (int k = 0; k < n; k++) {
      if (actual[k] == cls) {
        pos++;
        sum += rank[k];
      }
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /**
   * @param actual true classes
   * @param probabilities class probabilities
   * @return mean negative log-likelihood, probabilities clipped to [1e-15, 1]
   */
  public static double logLoss(int[] actual, double[][] probabilities) {
    double s = 0;
    for (int i = 0; i < actual.length; i++) {
      s -= Math.log(Math.max(1e-15, probabilities[i][actual[i]]));
    }
    return actual.length == 0 ? 0 : s / actual.length;
  }

  /**
   * The threshold on the positive probability that maximises F1 on the given rows.
   *
   * @param actual true classes
   * @param probabilities class probabilities
   * @param positive the positive class
   * @return {threshold, F1 at it}
   */
  public static double[] bestF1Threshold(int[] actual, double[][] probabilities, int positive) {
    int n = actual.length;
    double[] s = column(probabilities, positive);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
    int totalPos = 0;
    for (int a : actual) {
      totalPos += a == positive ? 1 : 0;
    }
    double bestF1 = 0;
    double best = 0.5;
    int tp = 0;
    int fp = 0;
    for (int k = 0; k < n; k++) {
      if (actual[order[k]] == positive) {
        tp++;
      } else {
        fp++;
      }
      if (k + 1 < n && s[order[k + 1]] == s[order[k]]) {
        continue;
      }
      double precision = (double) tp / (tp + fp);
      double recall = totalPos == 0 ? 0 : (double) tp / totalPos;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      if (f1 > bestF1) {
        bestF1 = f1;
        double next = k + 1 < n ? s[order[k + 1]] : 0;
        best = (s[order[k]] + next) / 2;
      }
    }
    return new double[] {best, bestF1};
  }
}
