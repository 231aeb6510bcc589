package dev.modelkit.benchmarks;

import java.util.Arrays;

/**
 * The one ROC AUC of the credit study, shared by ModelKit's anchors: the Mann-Whitney statistic,
 * with tied scores given their mean rank (so a tie between a positive and a negative counts one
 * half, as on the ROC curve's diagonal step).
 */
final class RocAuc {
  private RocAuc() {}

  /**
   * @param scores a score per row, higher meaning more likely positive
   * @param positive whether each row is of the positive class
   * @return the area under the ROC curve, 0 to 1
   * @throws IllegalArgumentException if the lengths differ or either class is absent
   */
  static double of(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double positiveRankSum = 0;
    long positives = 0;
    for (int start = 0; start < order.length;) {
      int end = start;
      while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double meanRank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        if (positive[order[k]]) {
          positiveRankSum += meanRank;
          positives++;
        }
      }
      start = end + 1;
    }
    long negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("ROC AUC needs both classes; got " + positives + " positive and " + negatives
          + " negative row(s)");
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
