package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.GroupRates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Group fairness of predictions over one protected attribute, following Fairlearn's definitions:
 * demographic parity difference is the range (largest minus smallest) of the predicted-positive
 * rate over groups; equalized-odds difference is the larger of the ranges of the true-positive
 * and the false-positive rate; disparate impact is the smallest predicted-positive rate over the
 * largest. Every group with at least one row counts; the report shows each group's count, and each
 * rate and disparity carries a 95% interval ({@link Wilson} for a group's rates, {@link
 * DisparityBootstrap} for the disparities) or, when its group is too small, the reason it has none.
 */
public final class FairnessMetrics {
  private FairnessMetrics() {}

  /**
   * @param attribute the field
   * @param groups each row's group
   * @param s the rows' scores, in the same order
   * @param intervals bootstrap resamples, minimum rows and the random stream for the intervals
   * @return the group table and the disparities, each with its interval
   */
  public static FairnessAttribute compute(String attribute, Groups groups, Scores s,
      DisparityBootstrap.Settings intervals) {
    Map<String, long[]> counts = new TreeMap<>();
    for (int i = 0; i < s.size(); i++) {
      long[] c = counts.computeIfAbsent(groups.names()[i], g -> new long[5]);
      boolean y = s.isPositive(i);
      boolean yhat = s.predictedPositive(i);
      c[0]++;
      c[1] += y ? 1 : 0;
      c[2] += yhat ? 1 : 0;
      c[3] += y && yhat ? 1 : 0;
      c[4] += !y && yhat ? 1 : 0;
    }
    Map<String, Long> correct = new TreeMap<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.actual()[i].equals(s.predicted()[i])) {
        correct.merge(groups.names()[i], 1L, Long::sum);
      }
    }
    List<GroupRates> rates = new ArrayList<>();
    List<DisparityBootstrap.Cells> cells = new ArrayList<>();
    int min = intervals.minRows();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      long negatives = c[0] - c[1];
      long right = correct.getOrDefault(e.getKey(), 0L);
      rates.add(new GroupRates(e.getKey(), c[0], c[1], c[2], c[3], c[4], c[2] / (double) c[0],
          c[1] == 0 ? null : c[3] / (double) c[1], negatives == 0 ? null : c[4] / (double) negatives,
          right / (double) c[0], Wilson.interval(c[2], c[0], min, "rows"),
          Wilson.interval(c[3], c[1], min, "actual positives"), Wilson.interval(c[4], negatives, min,
              "actual negatives"), Wilson.interval(right, c[0], min, "rows")));
      cells.add(new DisparityBootstrap.Cells(e.getKey(), c[3], c[1] - c[3], c[4], negatives - c[4]));
    }
    DisparityBootstrap.Intervals ci = DisparityBootstrap.compute(cells, intervals);
    double minRate = rates.stream().mapToDouble(GroupRates::positiveRate).min().orElse(0);
    double maxRate = rates.stream().mapToDouble(GroupRates::positiveRate).max().orElse(0);
    double minFav = 1 - maxRate;
    double maxFav = 1 - minRate;
    Double tprRange = range(rates.stream().map(GroupRates::truePositiveRate).toList());
    Double fprRange = range(rates.stream().map(GroupRates::falsePositiveRate).toList());
    Double eod = tprRange == null ? fprRange : fprRange == null ? tprRange : Math.max(tprRange, fprRange);
    Double impact = maxRate == 0 ? null : minRate / maxRate;
    Double favourable = maxFav == 0 ? null : minFav / maxFav;
    return new FairnessAttribute(attribute, groups.rule(), rates, maxRate - minRate, eod, impact, favourable,
        ci.parity(), eod == null ? null : ci.odds(), impact == null ? null : ci.impact(),
        favourable == null ? null : ci.favourable());
  }

  /** @return the range of the defined values, or null when fewer than two are defined */
  private static Double range(List<Double> values) {
    List<Double> defined = values.stream().filter(v -> v != null).toList();
    if (defined.size() < 2) {
      return null;
    }
    return defined.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
        - defined.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
  }
}
