package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.ConfidenceInterval;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * 95% intervals of the fairness disparities by a stratified percentile bootstrap: each group's
 * rows are resampled with replacement within the group (so group sizes stay as observed, which is
 * what the per-group rates are conditional on), the disparity is recomputed, and the 2.5th and
 * 97.5th percentiles of the resampled figures are the bounds.
 *
 * <p>Each disparity compares the two groups that define it on the evaluated rows (highest minus
 * lowest rate; lowest over highest for a ratio), kept fixed across resamples and reported signed,
 * so an interval crossing 0 (or 1 for a ratio) says the order of the two groups is not
 * established. Resampling the range itself instead would never reach 0 when two groups are truly
 * equal (an absolute value is never negative), so it would never cover a true disparity of 0.
 *
 * <p>An interval is withheld, with the reason, when a compared group's denominator is below the
 * minimum, or when a compared group's rate is 0 or 1: a resample of such a group always reproduces
 * that rate, so the bootstrap would show no uncertainty where there is plenty.
 */
public final class DisparityBootstrap {
  /** Share of resamples allowed to leave a figure undefined (a zero denominator) before it is withheld. */
  static final double MAX_UNDEFINED_SHARE = 0.01;

  private DisparityBootstrap() {}

  /**
   * One group's confusion counts for the positive class.
   *
   * @param group the group's name
   * @param tp actual and predicted positive
   * @param fn actual positive, predicted not
   * @param fp predicted positive, actually not
   * @param tn neither
   */
  public record Cells(String group, long tp, long fn, long fp, long tn) {
    long n() {
      return tp + fn + fp + tn;
    }
  }

  /**
   * @param resamples bootstrap resamples
   * @param minRows the fewest rows in a compared group's denominator
   * @param rng the random stream; consumed
   */
  public record Settings(int resamples, int minRows, SplittableRandom rng) {}

  /**
   * @param parity highest minus lowest predicted-positive rate
   * @param odds the larger of the TPR and FPR differences; null when neither is defined in two groups
   * @param impact lowest over highest predicted-positive rate
   * @param favourable the same over the predicted-negative rates
   */
  public record Intervals(ConfidenceInterval parity, ConfidenceInterval odds, ConfidenceInterval impact,
      ConfidenceInterval favourable) {}

  /** The per-group rates a disparity is made of. */
  enum Rate {
    SELECTION("predicted-positive rate", "rows", "predicted positives"),
    TPR("true-positive rate", "actual positives", "true positives"),
    FPR("false-positive rate", "actual negatives", "false positives");

    final String label;
    final String denominator;
    final String numerator;

    Rate(String label, String denominator, String numerator) {
      this.label = label;
      this.denominator = denominator;
      this.numerator = numerator;
    }

    long num(long tp, long fn, long fp, long tn) {
      return switch (this) {
        case SELECTION -> tp + fp;
        case TPR -> tp;
        case FPR -> fp;
      };
    }

    long den(long tp, long fn, long fp, long tn) {
      return switch (this) {
        case SELECTION -> tp + fn + fp + tn;
        case TPR -> tp + fn;
        case FPR -> fp + tn;
      };
    }

    long num(Cells c) {
      return num(c.tp(), c.fn(), c.fp(), c.tn());
    }

    long den(Cells c) {
      return den(c.tp(), c.fn(), c.fp(), c.tn());
    }

    /** @return the rate, NaN when its denominator is 0 */
    double of(long[] c) {
      long d = den(c[0], c[1], c[2], c[3]);
      return d == 0 ? Double.NaN : num(c[0], c[1], c[2], c[3]) / (double) d;
    }

    double of(Cells c) {
      long d = den(c);
      return d == 0 ? Double.NaN : num(c) / (double) d;
    }
  }

  /** The two groups a disparity compares, by index into the group list. */
  record Pair(Rate rate, int high, int low) {}

  /**
   * @param groups every group of the attribute, in report order
   * @param s resamples, minimum rows and random stream
   * @return the four intervals; the odds interval is null when no TPR or FPR difference is defined
   */
  public static Intervals compute(List<Cells> groups, Settings s) {
    if (groups.size() < 2) {
      ConfidenceInterval one = ConfidenceInterval.withheld(Wilson.LEVEL, groups.isEmpty() ? 0 : groups.get(0).n(),
          "stratified percentile bootstrap", "only one group: there is nothing to compare");
      return new Intervals(one, null, one, one);
    }
    Pair selection = pair(groups, Rate.SELECTION);
    Pair odds = oddsPair(groups);
    Set<Integer> involved = new LinkedHashSet<>(List.of(selection.low(), selection.high()));
    if (odds != null) {
      involved.add(odds.low());
      involved.add(odds.high());
    }
    String selectionProblem = problem(groups, selection, s.minRows());
    String oddsProblem = odds == null ? null : problem(groups, odds, s.minRows());
    int b = s.resamples();
    double[] parity = new double[b];
    double[] impact = new double[b];
    double[] favourable = new double[b];
    double[] oddsDiff = new double[b];
    if (selectionProblem == null || (odds != null && oddsProblem == null)) {
      long[][] drawn = new long[groups.size()][];
      for (int r = 0; r < b; r++) {
        for (int g : involved) {
          drawn[g] = resample(groups.get(g), s.rng());
        }
        double hi = Rate.SELECTION.of(drawn[selection.high()]);
        double lo = Rate.SELECTION.of(drawn[selection.low()]);
        parity[r] = hi - lo;
        impact[r] = hi == 0 ? Double.NaN : lo / hi;
        favourable[r] = lo == 1 ? Double.NaN : (1 - hi) / (1 - lo);
        if (odds != null) {
          oddsDiff[r] = odds.rate().of(drawn[odds.high()]) - odds.rate().of(drawn[odds.low()]);
        }
      }
    }
    String method = method(groups, selection, b);
    ConfidenceInterval parityCi = interval(parity, selectionProblem, method, smallest(groups, selection));
    ConfidenceInterval impactCi = interval(impact, selectionProblem, String.format(Locale.ROOT,
        "stratified percentile bootstrap (%d resamples within each group) of the predicted-positive rate of '%s' "
            + "over that of '%s'", b, groups.get(selection.low()).group(), groups.get(selection.high()).group()),
        smallest(groups, selection));
    ConfidenceInterval favourableCi = interval(favourable, selectionProblem, String.format(Locale.ROOT,
        "stratified percentile bootstrap (%d resamples within each group) of the predicted-negative rate of '%s' "
            + "over that of '%s'", b, groups.get(selection.high()).group(), groups.get(selection.low()).group()),
        smallest(groups, selection));
    ConfidenceInterval oddsCi = odds == null ? null
        : interval(oddsDiff, oddsProblem, method(groups, odds, b), smallest(groups, odds));
    return new Intervals(parityCi, oddsCi, impactCi, favourableCi);
  }

  private static String method(List<Cells> groups, Pair p, int b) {
    return String.format(Locale.ROOT, "stratified percentile bootstrap (%d resamples within each group) of the %s "
        + "of '%s' minus that of '%s'", b, p.rate().label, groups.get(p.high()).group(), groups.get(p.low()).group());
  }

  private static long smallest(List<Cells> groups, Pair p) {
    return Math.min(p.rate().den(groups.get(p.high())), p.rate().den(groups.get(p.low())));
  }

  /** The lowest-rate group (first on ties) and the highest-rate other group, among groups where the rate is defined. */
  static Pair pair(List<Cells> groups, Rate rate) {
    int low = -1;
    for (int g = 0; g < groups.size(); g++) {
      double v = rate.of(groups.get(g));
      if (!Double.isNaN(v) && (low < 0 || v < rate.of(groups.get(low)))) {
        low = g;
      }
    }
    int high = -1;
    for (int g = 0; g < groups.size(); g++) {
      double v = rate.of(groups.get(g));
      if (g != low && !Double.isNaN(v) && (high < 0 || v > rate.of(groups.get(high)))) {
        high = g;
      }
    }
    return low < 0 || high < 0 ? null : new Pair(rate, high, low);
  }

  /** The pair behind the equalized-odds difference: the TPR pair unless the FPR range is larger. */
  private static Pair oddsPair(List<Cells> groups) {
    Pair tpr = pair(groups, Rate.TPR);
    Pair fpr = pair(groups, Rate.FPR);
    if (tpr == null || fpr == null) {
      return tpr == null ? fpr : tpr;
    }
    return difference(groups, fpr) > difference(groups, tpr) ? fpr : tpr;
  }

  private static double difference(List<Cells> groups, Pair p) {
    return p.rate().of(groups.get(p.high())) - p.rate().of(groups.get(p.low()));
  }

  /** @return why the pair's interval must be withheld, or null */
  private static String problem(List<Cells> groups, Pair p, int minRows) {
    for (int g : new int[] {p.high(), p.low()}) {
      Cells c = groups.get(g);
      long den = p.rate().den(c);
      long num = p.rate().num(c);
      if (den < minRows) {
        return String.format(Locale.ROOT, "group '%s' has only %d %s (fewer than %d): too few for a meaningful "
            + "interval", c.group(), den, p.rate().denominator, minRows);
      }
      if (num == 0 || num == den) {
        return String.format(Locale.ROOT, "group '%s' has %d %s of %d %s: every resample reproduces its %s, so a "
            + "bootstrap interval would understate the uncertainty", c.group(), num, p.rate().numerator, den,
            p.rate().denominator, p.rate().label);
      }
    }
    return null;
  }

  /** Draws the group's rows with replacement: each draw lands in a cell with that cell's share. */
  private static long[] resample(Cells c, SplittableRandom rng) {
    long n = c.n();
    long a = c.tp();
    long ab = a + c.fn();
    long abc = ab + c.fp();
    long[] out = new long[4];
    if (n <= Integer.MAX_VALUE) {
      // the int draw is about twice as fast as the long one, and groups of 2^31 rows do not occur
      int m = (int) n;
      for (int i = 0; i < m; i++) {
        int u = rng.nextInt(m);
        out[u < a ? 0 : u < ab ? 1 : u < abc ? 2 : 3]++;
      }
      return out;
    }
    for (long i = 0; i < n; i++) {
      long u = rng.nextLong(n);
      out[u < a ? 0 : u < ab ? 1 : u < abc ? 2 : 3]++;
    }
    return out;
  }

  private static ConfidenceInterval interval(double[] values, String problem, String method, long n) {
    if (problem != null) {
      return ConfidenceInterval.withheld(Wilson.LEVEL, n, method, problem);
    }
    double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    int undefined = values.length - defined.length;
    if (undefined > MAX_UNDEFINED_SHARE * values.length) {
      return ConfidenceInterval.withheld(Wilson.LEVEL, n, method, undefined + " of " + values.length
          + " resamples left the figure undefined (a rate with a zero denominator)");
    }
    return new ConfidenceInterval(percentile(defined, 0.025), percentile(defined, 0.975), Wilson.LEVEL, n, method,
        null);
  }

  /** Linear interpolation between order statistics (Hyndman and Fan's type 7, R's default). */
  static double percentile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
