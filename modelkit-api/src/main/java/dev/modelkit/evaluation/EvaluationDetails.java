package dev.modelkit.evaluation;

import java.util.List;
import java.util.Map;

/**
 * The full results of an evaluation behind {@link EvaluationReport#metrics()}: the curves, matrices,
 * group tables, importances and explanations that the HTML report draws. A part that was not run
 * (or could not run, see {@link #notes()}) is null or empty.
 *
 * <p>Undefined figures (a true-positive rate of a group without positives, a ROC AUC on data of one
 * class) are null rather than NaN, so that the JSON stays valid and a reader cannot mistake them for
 * numbers.
 *
 * @param summary a one-paragraph plain-text summary of the findings
 * @param positiveClass the class ROC/PR curves, calibration and fairness rates are about
 * @param labelField the output field compared with the predictions
 * @param data what was read and scored
 * @param accuracy confusion matrix, per-class figures, curves and calibration; null when not run
 * @param fairness one table per protected attribute
 * @param robustness one entry per perturbation
 * @param efficiency latency, throughput, size and allocation; null when not run
 * @param importances permutation feature importances, largest first
 * @param explanations per-prediction explanations of a few chosen rows
 * @param benchmark the champion/challenger comparison; null when not run
 * @param backtest metrics per time-ordered slice, oldest first
 * @param training what the registry keeps about the version's training
 * @param notes what was skipped or approximated, and why
 */
public record EvaluationDetails(String summary, String positiveClass, String labelField, DataFacts data,
    Accuracy accuracy, List<FairnessAttribute> fairness, List<Robustness> robustness, Efficiency efficiency,
    List<FeatureImportance> importances, List<Explanation> explanations, Benchmark benchmark,
    List<BacktestSlice> backtest, TrainingSummary training, List<String> notes) {

  /** Copies the lists. */
  public EvaluationDetails {
    fairness = fairness == null ? List.of() : List.copyOf(fairness);
    robustness = robustness == null ? List.of() : List.copyOf(robustness);
    importances = importances == null ? List.of() : List.copyOf(importances);
    explanations = explanations == null ? List.of() : List.copyOf(explanations);
    backtest = backtest == null ? List.of() : List.copyOf(backtest);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * Details holding only a summary, for reports made outside the suite (tests, imports).
   *
   * @param summary the summary
   */
  public EvaluationDetails(String summary) {
    this(summary, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * What was read and scored.
   *
   * @param rows rows read from the test data
   * @param scoredRows rows the model scored; metrics are computed on these
   * @param skippedRows rows the reader skipped for unparsable cells
   * @param filteredRows rows the sources' filters removed
   * @param fingerprints source id to the SHA-256 of its file
   * @param failedExamples the first few rows the model could not score, with the reason
   */
  public record DataFacts(int rows, int scoredRows, int skippedRows, int filteredRows,
      Map<String, String> fingerprints, List<String> failedExamples) {
    /** Copies the collections. */
    public DataFacts {
      fingerprints = fingerprints == null ? Map.of() : Map.copyOf(fingerprints);
      failedExamples = failedExamples == null ? List.of() : List.copyOf(failedExamples);
    }
  }

  /**
   * Accuracy figures.
   *
   * @param classes the classes in matrix order (the model's classes, then unknown actual labels)
   * @param confusionMatrix counts, row = actual class, column = predicted class
   * @param perClass precision, recall and F1 of each class
   * @param roc ROC curve points ({@code x} false-positive rate, {@code y} true-positive rate)
   * @param pr precision-recall points ({@code x} recall, {@code y} precision)
   * @param calibration ten equal-width bins of the positive-class probability
   * @param threshold how a label was chosen: the model's own predicted label
   * @param accuracyInterval Wilson's 95% interval of the overall accuracy; null in reports stored
   *     before intervals existed
   */
  public record Accuracy(List<String> classes, List<List<Long>> confusionMatrix, List<ClassMetrics> perClass,
      List<CurvePoint> roc, List<CurvePoint> pr, List<CalibrationBin> calibration, String threshold,
      ConfidenceInterval accuracyInterval) {
    /** Copies the lists. */
    public Accuracy {
      classes = List.copyOf(classes);
      confusionMatrix = confusionMatrix.stream().map(List::copyOf).toList();
      perClass = List.copyOf(perClass);
      roc = roc == null ? List.of() : List.copyOf(roc);
      pr = pr == null ? List.of() : List.copyOf(pr);
      calibration = calibration == null ? List.of() : List.copyOf(calibration);
    }

    /**
     * The figures without the accuracy interval, as reports were made before intervals existed.
     *
     * @param classes the classes in matrix order
     * @param confusionMatrix counts, row = actual class, column = predicted class
     * @param perClass precision, recall and F1 of each class
     * @param roc ROC curve points
     * @param pr precision-recall points
     * @param calibration reliability bins
     * @param threshold how a label was chosen
     */
    public Accuracy(List<String> classes, List<List<Long>> confusionMatrix, List<ClassMetrics> perClass,
        List<CurvePoint> roc, List<CurvePoint> pr, List<CalibrationBin> calibration, String threshold) {
      this(classes, confusionMatrix, perClass, roc, pr, calibration, threshold, null);
    }
  }

  /**
   * One class's figures; precision of a class never predicted is 0 (not undefined).
   *
   * @param label the class
   * @param support rows whose actual class it is
   * @param predicted rows predicted as it
   * @param precision correct among predicted
   * @param recall found among actual
   * @param f1 harmonic mean of precision and recall, 0 when both are 0
   */
  public record ClassMetrics(String label, long support, long predicted, double precision, double recall,
      double f1) {}

  /**
   * A point of a curve.
   *
   * @param x the horizontal value
   * @param y the vertical value
   * @param threshold the positive-class probability at or above which rows count as positive
   */
  public record CurvePoint(double x, double y, double threshold) {}

  /**
   * A reliability bin.
   *
   * @param lower lowest probability in the bin (inclusive)
   * @param upper highest (exclusive, except 1.0 in the last bin)
   * @param count rows in it
   * @param meanPredicted mean positive-class probability; null when empty
   * @param observedRate share of actual positives; null when empty
   */
  public record CalibrationBin(double lower, double upper, long count, Double meanPredicted, Double observedRate) {}

  /**
   * Fairness over one protected attribute.
   *
   * <p>The intervals of the disparities compare the two groups that define each figure on the
   * evaluated rows (for the parity difference, the group with the highest predicted-positive rate
   * minus the one with the lowest), as a signed figure, so an interval reaching below 0 (or above 1
   * for a ratio) says the order of the two groups is not established. Reports stored before
   * intervals existed read back with null intervals.
   *
   * @param attribute the input field
   * @param groupingRule how values were turned into groups
   * @param groups each group's counts and rates
   * @param demographicParityDifference largest minus smallest predicted-positive rate
   * @param equalizedOddsDifference the larger of the TPR and FPR ranges over groups where each is
   *     defined; null when neither is defined in two groups
   * @param disparateImpactRatio smallest over largest predicted-positive rate; null when every
   *     group's rate is 0
   * @param favourableImpactRatio the same over the predicted-negative rates (the four-fifths rule's
   *     figure when the positive class is the adverse outcome, such as {@code bad} credit); null
   *     when every group's rate is 0
   * @param demographicParityInterval 95% interval of the highest minus the lowest group's
   *     predicted-positive rate; null in reports stored before intervals existed
   * @param equalizedOddsInterval 95% interval of the difference (TPR or FPR, whichever range is
   *     larger) behind {@code equalizedOddsDifference}; null when that is null or in old reports
   * @param disparateImpactInterval 95% interval of the lowest over the highest predicted-positive
   *     rate of the same two groups; null when the ratio is null or in old reports
   * @param favourableImpactInterval 95% interval of the predicted-negative rate ratio of those two
   *     groups; null when the ratio is null or in old reports
   */
  public record FairnessAttribute(String attribute, String groupingRule, List<GroupRates> groups,
      double demographicParityDifference, Double equalizedOddsDifference, Double disparateImpactRatio,
      Double favourableImpactRatio, ConfidenceInterval demographicParityInterval,
      ConfidenceInterval equalizedOddsInterval, ConfidenceInterval disparateImpactInterval,
      ConfidenceInterval favourableImpactInterval) {
    /** Copies the groups. */
    public FairnessAttribute {
      groups = List.copyOf(groups);
    }

    /**
     * The figures without intervals, as reports were made before intervals existed.
     *
     * @param attribute the input field
     * @param groupingRule how values were turned into groups
     * @param groups each group's counts and rates
     * @param demographicParityDifference largest minus smallest predicted-positive rate
     * @param equalizedOddsDifference the larger of the TPR and FPR ranges, or null
     * @param disparateImpactRatio smallest over largest predicted-positive rate, or null
     * @param favourableImpactRatio the same over the predicted-negative rates, or null
     */
    public FairnessAttribute(String attribute, String groupingRule, List<GroupRates> groups,
        double demographicParityDifference, Double equalizedOddsDifference, Double disparateImpactRatio,
        Double favourableImpactRatio) {
      this(attribute, groupingRule, groups, demographicParityDifference, equalizedOddsDifference,
          disparateImpactRatio, favourableImpactRatio, null, null, null, null);
    }
  }

  /**
   * One group of a protected attribute.
   *
   * <p>Each rate's interval is Wilson's score interval over the rate's own denominator (rows for
   * the positive rate and accuracy, actual positives for the TPR, actual negatives for the FPR),
   * withheld with a caveat when that denominator is too small. Reports stored before intervals
   * existed read back with null intervals.
   *
   * @param group the group's name
   * @param count rows in it
   * @param actualPositives rows whose actual class is the positive class
   * @param predictedPositives rows predicted as the positive class
   * @param truePositives rows both actual and predicted positive
   * @param falsePositives rows predicted positive but actually not
   * @param positiveRate predicted positives over count
   * @param truePositiveRate true positives over actual positives; null without actual positives
   * @param falsePositiveRate false positives over actual negatives; null without actual negatives
   * @param accuracy correct predictions over count
   * @param positiveRateInterval 95% interval of {@code positiveRate}
   * @param truePositiveRateInterval 95% interval of {@code truePositiveRate}
   * @param falsePositiveRateInterval 95% interval of {@code falsePositiveRate}
   * @param accuracyInterval 95% interval of {@code accuracy}
   */
  public record GroupRates(String group, long count, long actualPositives, long predictedPositives,
      long truePositives, long falsePositives, double positiveRate, Double truePositiveRate,
      Double falsePositiveRate, double accuracy, ConfidenceInterval positiveRateInterval,
      ConfidenceInterval truePositiveRateInterval, ConfidenceInterval falsePositiveRateInterval,
      ConfidenceInterval accuracyInterval) {

    /**
     * The counts and rates without intervals, as reports were made before intervals existed.
     *
     * @param group the group's name
     * @param count rows in it
     * @param actualPositives rows whose actual class is the positive class
     * @param predictedPositives rows predicted as the positive class
     * @param truePositives rows both actual and predicted positive
     * @param falsePositives rows predicted positive but actually not
     * @param positiveRate predicted positives over count
     * @param truePositiveRate true positives over actual positives, or null
     * @param falsePositiveRate false positives over actual negatives, or null
     * @param accuracy correct predictions over count
     */
    public GroupRates(String group, long count, long actualPositives, long predictedPositives, long truePositives,
        long falsePositives, double positiveRate, Double truePositiveRate, Double falsePositiveRate,
        double accuracy) {
      this(group, count, actualPositives, predictedPositives, truePositives, falsePositives, positiveRate,
          truePositiveRate, falsePositiveRate, accuracy, null, null, null, null);
    }
  }

  /**
   * The effect of one perturbation of the inputs.
   *
   * @param perturbation its name, as in the metric keys ({@code gaussian_noise}, {@code
   *     missing_values}, {@code text_typos})
   * @param description what was changed, how much, and in how many cells
   * @param metrics the metrics on the perturbed data
   * @param drops clean minus perturbed, per metric (positive means worse)
   */
  public record Robustness(String perturbation, String description, Map<String, Double> metrics,
      Map<String, Double> drops) {
    /** Copies the maps. */
    public Robustness {
      metrics = Map.copyOf(metrics);
      drops = Map.copyOf(drops);
    }
  }

  /**
   * Measured efficiency, on the machine that ran the evaluation.
   *
   * @param latencyP50Ms median single-row prediction time
   * @param latencyP99Ms 99th percentile single-row prediction time
   * @param latencySamples single-row predictions timed
   * @param throughputRowsPerSecond rows per second of batch prediction
   * @param modelSizeBytes the version's artifacts' total size
   * @param allocatedBytesPerRow Java heap bytes allocated per row in batch prediction on the
   *     calling thread (native memory of an engine is not included); null when the JVM cannot tell
   * @param note how it was measured
   */
  public record Efficiency(double latencyP50Ms, double latencyP99Ms, int latencySamples,
      double throughputRowsPerSecond, long modelSizeBytes, Double allocatedBytesPerRow, String note) {}

  /**
   * Permutation importance of one input field.
   *
   * @param feature the field
   * @param metric the metric whose drop is measured
   * @param meanDrop mean over repeats of clean minus shuffled metric
   * @param stdDrop sample standard deviation of the drop over repeats
   * @param repeats shuffles
   */
  public record FeatureImportance(String feature, String metric, double meanDrop, double stdDrop, int repeats) {}

  /**
   * Why one row got its prediction: each field's contribution is the positive-class probability
   * of the row minus that of the row with the field set to the baseline value (occlusion).
   *
   * @param row the row's position in the test data (0-based, as read)
   * @param why why this row was chosen
   * @param predicted the predicted class
   * @param probability the row's positive-class probability
   * @param baselineProbability the probability of the baseline row (every field at its baseline); null
   *     when the model cannot score it
   * @param contributions one per field, largest magnitude first
   */
  public record Explanation(int row, String why, String predicted, double probability, Double baselineProbability,
      List<Contribution> contributions) {
    /** Copies the contributions. */
    public Explanation {
      contributions = List.copyOf(contributions);
    }
  }

  /**
   * One field's part in an {@link Explanation}.
   *
   * @param field the input field
   * @param value the row's value, as text
   * @param baseline the baseline value, as text
   * @param contribution the row's probability minus the probability with this field at its baseline
   */
  public record Contribution(String field, String value, String baseline, double contribution) {}

  /**
   * Champion (the evaluated version) against a challenger on the same rows.
   *
   * @param challengerVersion the challenger
   * @param champion the evaluated version's metrics
   * @param challenger the challenger's metrics
   * @param rocAucDifference champion minus challenger ROC AUC
   * @param rocAucZ DeLong's z statistic for the difference of the two correlated AUCs
   * @param rocAucPValue its two-sided p-value
   * @param rocAucCiLow lower end of the 95% percentile bootstrap interval of the difference
   * @param rocAucCiHigh upper end
   * @param bootstrapResamples resamples of the interval
   */
  public record Benchmark(String challengerVersion, Map<String, Double> champion, Map<String, Double> challenger,
      Double rocAucDifference, Double rocAucZ, Double rocAucPValue, Double rocAucCiLow, Double rocAucCiHigh,
      int bootstrapResamples) {
    /** Copies the maps. */
    public Benchmark {
      champion = Map.copyOf(champion);
      challenger = Map.copyOf(challenger);
    }
  }

  /**
   * One time-ordered slice.
   *
   * @param slice 1 for the oldest
   * @param from the first time value in it
   * @param to the last
   * @param rows rows in it
   * @param metrics its accuracy metrics
   */
  public record BacktestSlice(int slice, String from, String to, long rows, Map<String, Double> metrics) {
    /** Copies the metrics. */
    public BacktestSlice {
      metrics = Map.copyOf(metrics);
    }
  }

  /**
   * What the registry keeps about the version's training.
   *
   * @param metrics the version's stored metrics
   * @param foldMetric the metric of the cross-validation folds, or null
   * @param foldScores that metric per fold, in fold order; empty without cross-validation
   * @param note what is and is not kept (per-epoch curves are not)
   */
  public record TrainingSummary(Map<String, Double> metrics, String foldMetric, List<Double> foldScores,
      String note) {
    /** Copies the collections. */
    public TrainingSummary {
      metrics = Map.copyOf(metrics);
      foldScores = foldScores == null ? List.of() : List.copyOf(foldScores);
    }
  }
}
