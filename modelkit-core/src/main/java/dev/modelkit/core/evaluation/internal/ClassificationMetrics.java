package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.EvaluationDetails.Accuracy;
import dev.modelkit.evaluation.EvaluationDetails.CalibrationBin;
import dev.modelkit.evaluation.EvaluationDetails.ClassMetrics;
import dev.modelkit.evaluation.EvaluationDetails.CurvePoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy metrics of scored rows: the confusion matrix, per-class precision/recall/F1, ROC AUC
 * (Mann-Whitney with mid-ranks for ties), PR AUC as average precision (the step-wise sum
 * {@code sum (R_k - R_k-1) P_k} over distinct thresholds, which does not interpolate and so does
 * not flatter the model), log loss (natural log, probabilities clipped to {@code [1e-15, 1]}),
 * Brier score of the positive class and expected calibration error over ten equal-width bins.
 */
public final class ClassificationMetrics {
  /** Bins of the reliability diagram and of the calibration error. */
  public static final int CALIBRATION_BINS = 10;
  private static final double EPS = 1e-15;
  private static final int MAX_CURVE_POINTS = 201;

  private ClassificationMetrics() {}

  /**
   * The flat metrics quality gates read ({@code accuracy}, {@code precision}, {@code recall},
   * {@code f1_score}, {@code roc_auc}, {@code pr_auc}, {@code log_loss}, {@code brier_score},
   * {@code calibration_error}, {@code rows}); ranking metrics are absent when the rows hold only
   * one class.
   *
   * @param s scored rows, at least one
   * @return metric name to value
   */
  public static Map<String, Double> flat(Scores s) {
    Map<String, Double> m = new LinkedHashMap<>();
    int n = s.size();
    if (n == 0) {
      throw new IllegalArgumentException("no scored rows to compute metrics on");
    }
    long correct = 0;
    long tp = 0;
    long fp = 0;
    long fn = 0;
    double logLoss = 0;
    double brier = 0;
    for (int i = 0; i < n; i++) {
      if (s.actual()[i].equals(s.predicted()[i])) {
        correct++;
      }
      boolean y = s.isPositive(i);
      boolean yhat = s.predictedPositive(i);
      tp += y && yhat ? 1 : 0;
      fp += !y && yhat ? 1 : 0;
      fn += y && !yhat ? 1 : 0;
      logLoss -= Math.log(Math.min(1, Math.max(EPS, s.actualProbability()[i])));
      double d = s.positiveProbability()[i] - (y ? 1 : 0);
      brier += d * d;
    }
    double precision = ratio(tp, tp + fp);
    double recall = ratio(tp, tp + fn);
    m.put("accuracy", correct / (double) n);
    m.put("precision", precision);
    m.put("recall", recall);
    m.put("f1_score", f1(precision, recall));
    if (s.bothClassesPresent()) {
      m.put("roc_auc", rocAuc(s));
      m.put("pr_auc", averagePrecision(s));
    }
    m.put("log_loss", logLoss / n);
    m.put("brier_score", brier / n);
    m.put("calibration_error", expectedCalibrationError(calibration(s), n));
    m.put("rows", (double) n);
    return m;
  }

  /**
   * @param s scored rows
   * @param modelClasses the model's classes, in its order
   * @return the confusion matrix, per-class figures, curves and reliability bins
   */
  public static Accuracy details(Scores s, List<String> modelClasses) {
    List<String> classes = new ArrayList<>(modelClasses);
    for (String a : s.actual()) {
      if (!classes.contains(a)) {
        classes.add(a);
      }
    }
    int k = classes.size();
    long[][] cm = new long[k][k];
    for (int i = 0; i < s.size(); i++) {
      cm[classes.indexOf(s.actual()[i])][classes.indexOf(s.predicted()[i])]++;
    }
    List<List<Long>> matrix = new ArrayList<>();
    List<ClassMetrics> perClass = new ArrayList<>();
    for (int a = 0; a < k; a++) {
      matrix.add(Arrays.stream(cm[a]).boxed().toList());
      long support = Arrays.stream(cm[a]).sum();
      long predicted = 0;
      for (int r = 0; r < k; r++) {
        predicted += cm[r][a];
      }
      double p = ratio(cm[a][a], predicted);
      double r = ratio(cm[a][a], support);
      perClass.add(new ClassMetrics(classes.get(a), support, predicted, p, r, f1(p, r)));
    }
    boolean ranked = s.bothClassesPresent();
    return new Accuracy(classes, matrix, perClass, ranked ? rocCurve(s) : List.of(), ranked ? prCurve(s) : List.of(),
        calibration(s), "the model's predicted label (its own decision threshold)");
  }

  /**
   * @param s scored rows with both classes present
   * @return the area under the ROC curve, ties counted as half
   */
  public static double rocAuc(Scores s) {
    return rocAuc(s.positiveProbability(), positives(s));
  }

  /**
   * @param score each row's score
   * @param positive each row's class
   * @return the Mann-Whitney AUC with mid-ranks
   */
  static double rocAuc(double[] score, boolean[] positive) {
    int n = score.length;
    double[] ranks = midRanks(score);
    double rankSum = 0;
    long p = 0;
    for (int i = 0; i < n; i++) {
      if (positive[i]) {
        rankSum += ranks[i];
        p++;
      }
    }
    long q = n - p;
    return (rankSum - p * (p + 1) / 2.0) / (p * (double) q);
  }

  /**
   * @param values values
   * @return the 1-based rank of each value, ties getting the mean of their ranks
   */
  static double[] midRanks(double[] values) {
    Integer[] order = sortedAscending(values);
    double[] ranks = new double[values.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        ranks[order[t]] = mid;
      }
      i = j + 1;
    }
    return ranks;
  }

  /**
   * @param s scored rows with at least one positive
   * @return average precision over distinct thresholds
   */
  public static double averagePrecision(Scores s) {
    boolean[] y = positives(s);
    double[] p = s.positiveProbability();
    Integer[] order = sortedDescending(p);
    long totalPos = 0;
    for (boolean b : y) {
      totalPos += b ? 1 : 0;
    }
    long tp = 0;
    long fp = 0;
    double ap = 0;
    double prevRecall = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j < order.length && p[order[j]] == p[order[i]]) {
        if (y[order[j]]) {
          tp++;
        } else {
          fp++;
        }
        j++;
      }
      double recall = tp / (double) totalPos;
      ap += (recall - prevRecall) * (tp / (double) (tp + fp));
      prevRecall = recall;
      i = j;
    }
    return ap;
  }

  /**
   * @param s scored rows
   * @return ten equal-width bins of the positive-class probability; 1.0 falls in the last
   */
  public static List<CalibrationBin> calibration(Scores s) {
    long[] count = new long[CALIBRATION_BINS];
    double[] sumP = new double[CALIBRATION_BINS];
    long[] pos = new long[CALIBRATION_BINS];
    for (int i = 0; i < s.size(); i++) {
      double p = s.positiveProbability()[i];
      int b = Math.min(CALIBRATION_BINS - 1, (int) Math.floor(p * CALIBRATION_BINS));
      b = Math.max(0, b);
      count[b]++;
      sumP[b] += p;
      pos[b] += s.isPositive(i) ? 1 : 0;
    }
    List<CalibrationBin> bins = new ArrayList<>();
    for (int b = 0; b < CALIBRATION_BINS; b++) {
      bins.add(new CalibrationBin(b / (double) CALIBRATION_BINS, (b + 1) / (double) CALIBRATION_BINS, count[b],
          count[b] == 0 ? null : sumP[b] / count[b], count[b] == 0 ? null : pos[b] / (double) count[b]));
    }
    return bins;
  }

  /**
   * @param bins reliability bins
   * @param n rows in all bins
   * @return the count-weighted mean of |mean predicted - observed rate|
   */
  public static double expectedCalibrationError(List<CalibrationBin> bins, int n) {
    double ece = 0;
    for (CalibrationBin b : bins) {
      if (b.count() > 0) {
        ece += b.count() / (double) n * Math.abs(b.meanPredicted() - b.observedRate());
      }
    }
    return ece;
  }

  private static List<CurvePoint> rocCurve(Scores s) {
    return sweep(s, 0, 0, (tp, fp, pos, neg, t) -> new CurvePoint(fp / (double) neg, tp / (double) pos, t));
  }

  private static List<CurvePoint> prCurve(Scores s) {
    return sweep(s, 0, 1, (tp, fp, pos, neg, t) -> new CurvePoint(tp / (double) pos, tp / (double) (tp + fp), t));
  }

  /** A curve's point once every row scoring at least {@code threshold} is called positive. */
  private interface CurveStep {
    CurvePoint at(long truePositives, long falsePositives, long positives, long negatives, double threshold);
  }

  /**
   * Walks the distinct scores from the highest down (tied scores move together), starting from
   * ({@code x0}, {@code y0}) just above the highest score, then thins the points.
   */
  private static List<CurvePoint> sweep(Scores s, double x0, double y0, CurveStep step) {
    boolean[] y = positives(s);
    double[] p = s.positiveProbability();
    Integer[] order = sortedDescending(p);
    long totalPos = 0;
    for (boolean b : y) {
      totalPos += b ? 1 : 0;
    }
    long totalNeg = y.length - totalPos;
    List<CurvePoint> pts = new ArrayList<>();
    pts.add(new CurvePoint(x0, y0, Math.nextUp(p[order[0]])));
    long tp = 0;
    long fp = 0;
    int i = 0;
    while (i < order.length) {
      double t = p[order[i]];
      while (i < order.length && p[order[i]] == t) {
        if (y[order[i]]) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      pts.add(step.at(tp, fp, totalPos, totalNeg, t));
    }
    return thin(pts);
  }

  /** Keeps at most {@value #MAX_CURVE_POINTS} evenly spaced points, always the first and last, so stored reports stay small. */
  private static List<CurvePoint> thin(List<CurvePoint> pts) {
    if (pts.size() <= MAX_CURVE_POINTS) {
      return pts;
    }
    List<CurvePoint> out = new ArrayList<>();
    double step = (pts.size() - 1) / (double) (MAX_CURVE_POINTS - 1);
    for (int k = 0; k < MAX_CURVE_POINTS; k++) {
      out.add(pts.get((int) Math.round(k * step)));
    }
    return out;
  }

  static boolean[] positives(Scores s) {
    boolean[] y = new boolean[s.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = s.isPositive(i);
    }
    return y;
  }

  static double ratio(long num, long den) {
    return den == 0 ? 0 : num / (double) den;
  }

  static double f1(double p, double r) {
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  private static Integer[] sortedAscending(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
    return idx;
  }

  private static Integer[] sortedDescending(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(v[b], v[a]));
    return idx;
  }
}
