package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.EvaluationDetails.BacktestSlice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Backtesting: the scored rows ordered by a time field and cut into consecutive slices of about
 * equal size, each with its own metrics, so that a reader sees whether performance decays over
 * time. Rows without a time value are left out.
 *
 * <p>Order: numbers as numbers; values that all read as ISO-8601 dates or date-times as instants
 * (a date or a date-time without offset taken as UTC, the training engine's rule), so that {@code
 * 10:00+02:00} comes before {@code 09:00Z}; anything else as text.
 *
 * <p>Ties: rows with the same time value always fall in the same slice, so that slices never
 * overlap in time. Each cut starts at an equal share of the rows not yet sliced (so without ties
 * the later slices are one row larger when the rows do not divide evenly) and, when it would split
 * a run of equal times, moves to the nearer end of that run (the later end when both are as near,
 * or when the earlier one would leave the slice empty); the slices after it share what is left.
 * Only when a run is longer than the rows left for the slices after it are there fewer than
 * {@link #SLICES} slices (for example a single time value gives one slice).
 */
public final class Backtest {
  /** Slices when there are enough rows. */
  public static final int SLICES = 5;

  private Backtest() {}

  /**
   * @param times each scored row's time value
   * @param s the scored rows
   * @return the slices, oldest first, numbered from 1
   */
  public static List<BacktestSlice> slices(Object[] times, Scores s) {
    int[] present = IntStream.range(0, s.size()).filter(i -> times[i] != null).toArray();
    Comparator<Integer> byTime = order(times, present);
    Integer[] order = Arrays.stream(present).boxed().toArray(Integer[]::new);
    Arrays.sort(order, byTime.thenComparingInt(i -> i));
    int n = order.length;
    int k = Math.min(SLICES, n);
    List<BacktestSlice> out = new ArrayList<>();
    int from = 0;
    for (int slice = 0; slice < k && from < n; slice++) {
      int to = slice == k - 1 ? n : cutOutsideTies(order, from, from + Math.max(1, (n - from) / (k - slice)), byTime);
      int[] rows = new int[to - from];
      for (int j = 0; j < rows.length; j++) {
        rows[j] = order[from + j];
      }
      out.add(new BacktestSlice(out.size() + 1, String.valueOf(times[rows[0]]),
          String.valueOf(times[rows[rows.length - 1]]), rows.length, ClassificationMetrics.flat(s.subset(rows))));
      from = to;
    }
    return out;
  }

  /** The cut nearest {@code cut} that leaves the slice starting at {@code from} non-empty and splits no tie. */
  private static int cutOutsideTies(Integer[] order, int from, int cut, Comparator<Integer> byTime) {
    if (cut >= order.length || byTime.compare(order[cut - 1], order[cut]) != 0) {
      return cut;
    }
    int start = cut - 1;
    while (start > from && byTime.compare(order[start - 1], order[cut]) == 0) {
      start--;
    }
    int end = cut + 1;
    while (end < order.length && byTime.compare(order[end], order[cut]) == 0) {
      end++;
    }
    return start > from && cut - start < end - cut ? start : end;
  }

  private static Comparator<Integer> order(Object[] times, int[] present) {
    if (Arrays.stream(present).allMatch(i -> times[i] instanceof Number)) {
      return Comparator.comparingDouble(i -> ((Number) times[i]).doubleValue());
    }
    Instant[] instants = new Instant[times.length];
    boolean allInstants = true;
    for (int i : present) {
      instants[i] = instant(times[i].toString());
      allInstants &= instants[i] != null;
    }
    if (allInstants) {
      return Comparator.comparing(i -> instants[i]);
    }
    return Comparator.comparing(i -> times[i].toString());
  }

  /** An ISO-8601 date, date-time with offset, or local date-time (taken as UTC); null for anything else. */
  static Instant instant(String raw) {
    String v = raw.trim();
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notIso) {
        return null;
      }
    }
  }
}
