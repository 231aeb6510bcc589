package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.EvaluationDetails.BacktestSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Backtesting: the scored rows ordered by a time field and cut into consecutive slices of equal
 * size (the last ones one row larger when the rows do not divide evenly), each with its own
 * metrics, so that a reader sees whether performance decays over time. Numeric time values are
 * ordered as numbers, others as text (right for ISO-8601 dates); rows without a time value are
 * left out.
 */
public final class Backtest {
  /** Slices when there are enough rows. */
  public static final int SLICES = 5;

  private Backtest() {}

  /**
   * @param times each scored row's time value
   * @param s the scored rows
   * @return the slices, oldest first
   */
  public static List<BacktestSlice> slices(Object[] times, Scores s) {
    Integer[] order = java.util.stream.IntStream.range(0, s.size()).filter(i -> times[i] != null).boxed()
        .toArray(Integer[]::new);
    Comparator<Integer> byTime = (a, b) -> times[a] instanceof Number x && times[b] instanceof Number y
        ? Double.compare(x.doubleValue(), y.doubleValue()) : times[a].toString().compareTo(times[b].toString());
    Arrays.sort(order, byTime.thenComparingInt(i -> i));
    int n = order.length;
    int k = Math.min(SLICES, n);
    List<BacktestSlice> out = new ArrayList<>();
    int from = 0;
    for (int slice = 0; slice < k; slice++) {
      int size = n / k + (slice >= k - n % k ? 1 : 0);
      int[] rows = new int[size];
      for (int j = 0; j < size; j++) {
        rows[j] = order[from + j];
      }
      out.add(new BacktestSlice(slice + 1, String.valueOf(times[rows[0]]), String.valueOf(times[rows[size - 1]]),
          size, ClassificationMetrics.flat(s.subset(rows))));
      from += size;
    }
    return out;
  }
}
