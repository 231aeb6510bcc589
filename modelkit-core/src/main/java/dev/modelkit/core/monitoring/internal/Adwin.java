package dev.modelkit.core.monitoring.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN2, the adaptive window of Bifet and Gavaldà ("Learning from Time-Changing Data with
 * Adaptive Windowing", SDM 2007). The window is kept as an exponential histogram: row {@code i}
 * holds up to {@code M} buckets of {@code 2^i} values each (their sum and sum of squared
 * deviations), so memory is {@code O(M log W)}. Every {@code clock} values, each split of the
 * window into an older part {@code W0} and a newer part {@code W1} at a bucket boundary is tested:
 * the oldest bucket is dropped while {@code |mean(W0) - mean(W1)| > eps}, with {@code eps =
 * sqrt(2 m v ln(2 ln(n) / delta)) + 2/3 m ln(2 ln(n) / delta)}, {@code v} the window's variance
 * and {@code 1/m = ... } as in MOA ({@code m = 1/(n0 - 5 + 1) + 1/(n1 - 5 + 1)}); any drop is a
 * detected change. Defaults as in MOA: delta 0.002, clock 32, {@code M} 5, minimum sub-window 5.
 */
public final class Adwin implements ChangeDetector {
  private static final int MIN_WINDOW = 5;

  private final double delta;
  private final int clock;
  private final int maxBuckets;
  private final List<double[]> totals = new ArrayList<>();
  private final List<double[]> variances = new ArrayList<>();
  private final List<int[]> sizes = new ArrayList<>();
  private long width;
  private double total;
  private double variance;
  private long time;

  /** A detector with MOA's defaults. */
  public Adwin() {
    this(0.002, 32, 5);
  }

  /**
   * @param delta the confidence parameter
   * @param clock test every this many values
   * @param maxBuckets buckets kept per row before two are merged
   */
  public Adwin(double delta, int clock, int maxBuckets) {
    this.delta = delta;
    this.clock = clock;
    this.maxBuckets = maxBuckets;
  }

  @Override
  public String name() {
    return "adwin";
  }

  /** @return the window's current width */
  public long width() {
    return width;
  }

  /** @return the window's mean */
  public double mean() {
    return width == 0 ? 0 : total / width;
  }

  @Override
  public boolean update(double x) {
    insert(x);
    time++;
    if (time % clock == 0 && width > MIN_WINDOW) {
      return shrink();
    }
    return false;
  }

  private void insert(double x) {
    width++;
    if (width > 1) {
      double previousMean = total / (width - 1);
      variance += (width - 1) * (x - previousMean) * (x - previousMean) / width;
    }
    total += x;
    addBucket(0, x, 0);
    compress();
  }

  private void addBucket(int row, double t, double v) {
    if (row == totals.size()) {
      totals.add(new double[maxBuckets + 1]);
      variances.add(new double[maxBuckets + 1]);
      sizes.add(new int[1]);
    }
    int k = sizes.get(row)[0];
    totals.get(row)[k] = t;
    variances.get(row)[k] = v;
    sizes.get(row)[0] = k + 1;
  }

  private void compress() {
    for (int row = 0; row < totals.size(); row++) {
      if (sizes.get(row)[0] <= maxBuckets) {
        break;
      }
      double[] t = totals.get(row);
      double[] v = variances.get(row);
      double n = Math.pow(2, row);
      double mu0 = t[0] / n;
      double mu1 = t[1] / n;
      double mergedTotal = t[0] + t[1];
      double mergedVariance = v[0] + v[1] + n * n * (mu0 - mu1) * (mu0 - mu1) / (2 * n);
      removeOldest(row, 2);
      addBucket(row + 1, mergedTotal, mergedVariance);
    }
  }

  private void removeOldest(int row, int count) {
    double[] t = totals.get(row);
    double[] v = variances.get(row);
    int k = sizes.get(row)[0];
    System.arraycopy(t, count, t, 0, k - count);
    System.arraycopy(v, count, v, 0, k - count);
    sizes.get(row)[0] = k - count;
  }

  private void dropOldestBucket() {
    int row = totals.size() - 1;
    double n = Math.pow(2, row);
    double t = totals.get(row)[0];
    double v = variances.get(row)[0];
    width -= (long) n;
    total -= t;
    double bucketMean = t / n;
    double restMean = width == 0 ? 0 : total / width;
    variance -= v + n * width * (bucketMean - restMean) * (bucketMean - restMean) / (n + width);
    if (variance < 0 || width == 0) {
      variance = Math.max(0, variance);
    }
    removeOldest(row, 1);
    if (sizes.get(row)[0] == 0) {
      totals.remove(row);
      variances.remove(row);
      sizes.remove(row);
    }
  }

  private boolean shrink() {
    boolean changed = false;
    boolean reduced = true;
    while (reduced && width > MIN_WINDOW) {
      reduced = false;
      long n0 = 0;
      double u0 = 0;
      long n1 = width;
      double u1 = total;
      scan:
      for (int row = totals.size() - 1; row >= 0; row--) {
        long size = 1L << row;
        int k = sizes.get(row)[0];
        for (int b = 0; b < k; b++) {
          n0 += size;
          n1 -= size;
          u0 += totals.get(row)[b];
          u1 -= totals.get(row)[b];
          if (n1 <= 0) {
            break scan;
          }
          if (n0 > MIN_WINDOW + 1 && n1 > MIN_WINDOW + 1 && cut(n0, n1, u0 / n0 - u1 / n1)) {
            reduced = true;
            changed = true;
            dropOldestBucket();
            break scan;
          }
        }
      }
    }
    return changed;
  }

  private boolean cut(long n0, long n1, double diff) {
    double n = width;
    double dd = Math.log(2 * Math.log(n) / delta);
    double v = variance / width;
    double m = 1.0 / (n0 - MIN_WINDOW + 1) + 1.0 / (n1 - MIN_WINDOW + 1);
    double epsilon = Math.sqrt(2 * m * v * dd) + 2.0 / 3.0 * dd * m;
    return Math.abs(diff) > epsilon;
  }

  @Override
  public double statistic() {
    return mean();
  }

  @Override
  public double threshold() {
    return delta;
  }

  @Override
  public long seen() {
    return width;
  }

  @Override
  public List<Double> state() {
    List<Double> s = new ArrayList<>();
    s.add((double) width);
    s.add(total);
    s.add(variance);
    s.add((double) time);
    s.add((double) totals.size());
    for (int row = 0; row < totals.size(); row++) {
      int k = sizes.get(row)[0];
      s.add((double) k);
      for (int b = 0; b < k; b++) {
        s.add(totals.get(row)[b]);
        s.add(variances.get(row)[b]);
      }
    }
    return s;
  }

  @Override
  public void restore(List<Double> state) {
    totals.clear();
    variances.clear();
    sizes.clear();
    int i = 0;
    width = state.get(i++).longValue();
    total = state.get(i++);
    variance = state.get(i++);
    time = state.get(i++).longValue();
    int rows = state.get(i++).intValue();
    for (int row = 0; row < rows; row++) {
      int k = state.get(i++).intValue();
      totals.add(new double[maxBuckets + 1]);
      variances.add(new double[maxBuckets + 1]);
      sizes.add(new int[] {k});
      for (int b = 0; b < k; b++) {
        totals.get(row)[b] = state.get(i++);
        variances.get(row)[b] = state.get(i++);
      }
    }
  }
}
