package dev.modelkit.evaluation;

import dev.modelkit.config.WireValue;

/** The parts of an evaluation suite, spelled as in JSON configuration. */
public enum EvaluationType implements WireValue {
  /** Confusion matrix, per-class precision/recall/F1, ROC AUC, PR AUC, log loss, Brier score, calibration. */
  ACCURACY,
  /** The drop in each metric under numeric noise, missing values and text typos. */
  ROBUSTNESS,
  /** Demographic parity, equalized odds and disparate impact per protected attribute, with group counts. */
  FAIRNESS,
  /** Latency percentiles, throughput, model size and memory. */
  EFFICIENCY,
  /** Permutation feature importance and per-prediction explanations. */
  INTERPRETABILITY,
  /** A champion/challenger comparison on the same data. */
  BENCHMARK,
  /** Metrics over time-ordered slices of the data. */
  BACKTEST;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
