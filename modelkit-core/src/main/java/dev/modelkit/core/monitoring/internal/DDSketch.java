package dev.modelkit.core.monitoring.internal;

import java.util.Arrays;

/**
 * A quantile sketch with relative-error guarantees: DDSketch (Masson, Rim and Lee, "DDSketch: A
 * Fast and Fully-Mergeable Quantile Sketch with Relative-Error Guarantees", VLDB 2019), written
 * for ModelKit.
 *
 * <p>A value {@code x > 0} goes to bucket {@code floor(L(x) * m)} where {@code L} is the
 * log-linear approximation of {@code log2} (exponent plus mantissa minus one, the paper's
 * "linearly interpolated mapping") and {@code m = (1/alpha - 1) / 2}, so that every value of a
 * bucket is within relative error {@code alpha} of the bucket's representative value. The index
 * is computed from the bits of the double, with no logarithm, which keeps {@link #add} to a few
 * nanoseconds. Negative values use a mirrored store, values whose magnitude is below {@link
 * Double#MIN_NORMAL} count as zero. Each store keeps at most {@code maxBuckets} buckets; beyond
 * that the lowest-magnitude buckets are collapsed into one, as in the paper, so memory is bounded
 * whatever the stream.
 *
 * <p>Not thread-safe: callers hold their monitor's lock.
 */
public final class DDSketch {
  private static final long MANTISSA_MASK = 0x000F_FFFF_FFFF_FFFFL;
  private static final long ONE_BITS = 0x3FF0_0000_0000_0000L;

  /** Added to the scaled log before truncation so that a cast rounds down for every magnitude. */
  private static final double INDEX_OFFSET = 1 << 24;

  private final double relativeAccuracy;
  private final double multiplier;
  private final boolean exactMoments;
  private final BucketStore positive;
  private final BucketStore negative;
  private long zeroCount;
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  /**
   * @param relativeAccuracy the guaranteed relative error of quantiles, in (0, 0.5)
   * @param maxBuckets the most buckets each of the positive and negative stores keeps
   */
  public DDSketch(double relativeAccuracy, int maxBuckets) {
    this(relativeAccuracy, maxBuckets, true);
  }

  /**
   * @param relativeAccuracy the guaranteed relative error of quantiles, in (0, 0.5)
   * @param maxBuckets the most buckets each of the positive and negative stores keeps
   * @param exactMoments whether to keep the exact sum, minimum and maximum (a few nanoseconds per
   *     value); without them they are derived from the buckets, within the relative accuracy
   */
  public DDSketch(double relativeAccuracy, int maxBuckets, boolean exactMoments) {
    this.exactMoments = exactMoments;
    if (!(relativeAccuracy > 0 && relativeAccuracy < 0.5)) {
      throw new IllegalArgumentException("relativeAccuracy was " + relativeAccuracy + " but it must be in (0, 0.5)");
    }
    if (maxBuckets < 16) {
      throw new IllegalArgumentException("maxBuckets was " + maxBuckets + " but it must be at least 16");
    }
    this.relativeAccuracy = relativeAccuracy;
    this.multiplier = (1.0 / relativeAccuracy - 1.0) / 2.0;
    this.positive = new BucketStore(maxBuckets);
    this.negative = new BucketStore(maxBuckets);
  }

  /** @return the guaranteed relative accuracy */
  public double relativeAccuracy() {
    return relativeAccuracy;
  }

  /** @return the most buckets each store keeps */
  public int maxBuckets() {
    return positive.maxBuckets;
  }

  /**
   * Adds one value; NaN is ignored (callers count missing values themselves).
   *
   * @param x the value
   */
  public void add(double x) {
    if (x != x) {
      return;
    }
    if (x >= Double.MIN_NORMAL) {
      positive.add(index(x), 1);
    } else if (x <= -Double.MIN_NORMAL) {
      negative.add(index(-x), 1);
    } else {
      zeroCount++;
    }
    count++;
    if (exactMoments) {
      sum += x;
      if (x < min) {
        min = x;
      }
      if (x > max) {
        max = x;
      }
    }
  }

  /**
   * Takes back one value added earlier (a record rejected half way through). Only for sketches
   * without exact moments, whose minimum and maximum would otherwise be wrong.
   *
   * @param x a value added before
   */
  void remove(double x) {
    if (exactMoments) {
      throw new IllegalStateException("a sketch with exact moments cannot take values back");
    }
    if (x != x) {
      return;
    }
    if (x >= Double.MIN_NORMAL) {
      positive.add(index(x), -1);
    } else if (x <= -Double.MIN_NORMAL) {
      negative.add(index(-x), -1);
    } else {
      zeroCount--;
    }
    count--;
  }

  /**
   * Ensures that values between {@code low} and {@code high} fit without growing the stores, so
   * that recording allocates nothing in steady state.
   *
   * @param low the lowest value expected
   * @param high the highest value expected
   */
  public void reserve(double low, double high) {
    if (high >= Double.MIN_NORMAL) {
      double lo = Math.max(low, Double.MIN_NORMAL);
      positive.reserve(index(lo), index(high));
    }
    if (low <= -Double.MIN_NORMAL) {
      double hi = Math.max(-high, Double.MIN_NORMAL);
      negative.reserve(index(hi), index(-low));
    }
  }

  int index(double magnitude) {
    long bits = Double.doubleToRawLongBits(magnitude);
    int exponent = (int) ((bits >>> 52) & 0x7FF) - 1023;
    double significand = Double.longBitsToDouble((bits & MANTISSA_MASK) | ONE_BITS);
    return (int) ((exponent + significand - 1.0) * multiplier + INDEX_OFFSET) - (int) INDEX_OFFSET;
  }

  /**
   * @param index a bucket index
   * @return the smallest magnitude that maps to it
   */
  double lowerBound(int index) {
    double l = index / multiplier;
    double exponent = Math.floor(l);
    return Math.scalb(1.0 + (l - exponent), (int) exponent);
  }

  /**
   * @param index a bucket index
   * @return the magnitude within relative error {@code alpha} of every magnitude of the bucket
   */
  double representative(int index) {
    double lo = lowerBound(index);
    double hi = lowerBound(index + 1);
    return 2 * lo * hi / (lo + hi);
  }

  /** @return values added, NaN excluded */
  public long count() {
    return count;
  }

  /** @return the sum of the values added (from the buckets when moments are not exact) */
  public double sum() {
    if (exactMoments) {
      return sum;
    }
    double s = 0;
    int negHi = negative.maxIndex();
    for (int i = negative.minIndex(); i <= negHi; i++) {
      s -= negative.get(i) * representative(i);
    }
    int posHi = positive.maxIndex();
    for (int i = positive.minIndex(); i <= posHi; i++) {
      s += positive.get(i) * representative(i);
    }
    return s;
  }

  /** @return the smallest value added, +infinity when empty (a bucket's bound when moments are not exact) */
  public double min() {
    if (exactMoments || count == 0) {
      return min;
    }
    if (negative.minIndex() != BucketStore.NONE_LOW) {
      return -lowerBound(negative.maxIndex() + 1);
    }
    return zeroCount > 0 ? 0 : lowerBound(positive.minIndex());
  }

  /** @return the largest value added, -infinity when empty (a bucket's bound when moments are not exact) */
  public double max() {
    if (exactMoments || count == 0) {
      return max;
    }
    if (positive.minIndex() != BucketStore.NONE_LOW) {
      return lowerBound(positive.maxIndex() + 1);
    }
    return zeroCount > 0 ? 0 : -lowerBound(negative.minIndex());
  }

  /** @return the mean, NaN when empty */
  public double mean() {
    return count == 0 ? Double.NaN : sum() / count;
  }

  /**
   * @param q the quantile, 0 to 1
   * @return a value within relative error {@code alpha} of the exact {@code q}-quantile (lower
   *     rank definition), clamped to the observed range; NaN when empty
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile was " + q + " but it must be between 0 and 1");
    }
    if (count == 0) {
      return Double.NaN;
    }
    double rank = q * (count - 1);
    long seen = 0;
    int negLo = negative.minIndex();
    for (int i = negative.maxIndex(); i >= negLo; i--) {
      seen += negative.get(i);
      if (seen > rank) {
        return clamp(-representative(i));
      }
    }
    seen += zeroCount;
    if (seen > rank) {
      return clamp(0);
    }
    int posHi = positive.maxIndex();
    for (int i = positive.minIndex(); i <= posHi; i++) {
      seen += positive.get(i);
      if (seen > rank) {
        return clamp(representative(i));
      }
    }
    return max();
  }

  private double clamp(double v) {
    return exactMoments ? Math.max(min, Math.min(max, v)) : v;
  }

  /**
   * The sketch as a weighted sample: each non-empty bucket's representative value and its count,
   * in ascending order of value. Drift statistics run on it; representatives are not clamped to
   * the observed range, so that two sketches' samples share their support exactly.
   *
   * @return the distribution the sketch holds
   */
  public WeightedSample toWeightedSample() {
    int n = negative.nonZero() + positive.nonZero() + (zeroCount > 0 ? 1 : 0);
    double[] values = new double[n];
    double[] weights = new double[n];
    int k = 0;
    int negLo = negative.minIndex();
    for (int i = negative.maxIndex(); i >= negLo; i--) {
      long c = negative.get(i);
      if (c > 0) {
        values[k] = -representative(i);
        weights[k++] = c;
      }
    }
    if (zeroCount > 0) {
      values[k] = 0;
      weights[k++] = zeroCount;
    }
    int posHi = positive.maxIndex();
    for (int i = positive.minIndex(); i <= posHi; i++) {
      long c = positive.get(i);
      if (c > 0) {
        values[k] = representative(i);
        weights[k++] = c;
      }
    }
    return new WeightedSample(values, weights);
  }

  /**
   * Adds every value of another sketch with the same accuracy.
   *
   * @param other the sketch to merge in
   */
  public void merge(DDSketch other) {
    if (other.relativeAccuracy != relativeAccuracy) {
      throw new IllegalArgumentException("cannot merge sketches of relative accuracy " + relativeAccuracy
          + " and " + other.relativeAccuracy);
    }
    positive.merge(other.positive);
    negative.merge(other.negative);
    zeroCount += other.zeroCount;
    count += other.count;
    sum += other.sum();
    min = Math.min(min, other.min());
    max = Math.max(max, other.max());
  }

  /** @return an estimate of the bytes this sketch holds, for memory bounds */
  public long retainedBytes() {
    return 96 + positive.retainedBytes() + negative.retainedBytes();
  }

  /** @return the sketch as a plain value, for persistence */
  public SketchState state() {
    return new SketchState(relativeAccuracy, positive.maxBuckets, positive.minIndex(), positive.toArray(),
        negative.minIndex(), negative.toArray(), zeroCount, count, sum(), count == 0 ? null : min(),
        count == 0 ? null : max());
  }

  /**
   * @param state a persisted sketch
   * @return the sketch it describes
   */
  public static DDSketch fromState(SketchState state) {
    DDSketch s = new DDSketch(state.relativeAccuracy(), state.maxBuckets());
    s.positive.load(state.positiveOffset(), state.positive());
    s.negative.load(state.negativeOffset(), state.negative());
    s.zeroCount = state.zeroCount();
    s.count = state.count();
    s.sum = state.sum();
    s.min = state.min() == null ? Double.POSITIVE_INFINITY : state.min();
    s.max = state.max() == null ? Double.NEGATIVE_INFINITY : state.max();
    return s;
  }

  /**
   * Counts per bucket index over a contiguous range of at most {@code maxBuckets} indexes. When a
   * value falls outside the array the array is reallocated around the wider range; when that
   * range would exceed {@code maxBuckets}, the lowest buckets are collapsed into the lowest kept
   * one (the paper's collapsing store), so memory never exceeds {@code maxBuckets} counters.
   * Adding only bumps a counter: the lowest and highest non-empty indexes are found by scanning
   * when a reader asks, which readers do rarely.
   */
  static final class BucketStore {
    static final int NONE_LOW = Integer.MAX_VALUE;
    static final int NONE_HIGH = Integer.MIN_VALUE;

    final int maxBuckets;
    private long[] counts = new long[0];
    private int offset;

    BucketStore(int maxBuckets) {
      this.maxBuckets = maxBuckets;
    }

    void add(int index, long c) {
      int i = index - offset;
      if (i < 0 || i >= counts.length) {
        index = reallocate(index, index);
        i = index - offset;
      }
      counts[i] += c;
    }

    void reserve(int lo, int hi) {
      if (counts.length == 0 || lo < offset || hi >= offset + counts.length) {
        reallocate(lo, hi);
      }
    }

    /**
     * Makes the array cover {@code [lo, hi]} together with the non-empty range.
     *
     * @return where a value of index {@code lo} now belongs (itself, or the lowest kept bucket
     *     when it had to be collapsed)
     */
    private int reallocate(int lo, int hi) {
      int minIndex = minIndex();
      int maxIndex = maxIndex();
      boolean empty = minIndex == NONE_LOW;
      int from = empty ? lo : Math.min(lo, minIndex);
      int to = empty ? hi : Math.max(hi, maxIndex);
      if ((long) to - from + 1 > maxBuckets) {
        from = to - maxBuckets + 1;
      }
      int span = to - from + 1;
      int capacity = (int) Math.min(maxBuckets, Math.max(span + 16L, Math.max(2L * counts.length, 32)));
      int slack = capacity - span;
      long newOffset = (long) from - slack / 2;
      long[] fresh = new long[capacity];
      if (!empty) {
        for (int j = minIndex; j <= maxIndex; j++) {
          long c = counts[j - offset];
          if (c != 0) {
            fresh[(int) (Math.max(j, from) - newOffset)] += c;
          }
        }
      }
      counts = fresh;
      offset = (int) newOffset;
      return Math.max(lo, from);
    }

    long get(int index) {
      int i = index - offset;
      return i < 0 || i >= counts.length ? 0 : counts[i];
    }

    /** @return the lowest non-empty index, {@link #NONE_LOW} when empty */
    int minIndex() {
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 0) {
          return i + offset;
        }
      }
      return NONE_LOW;
    }

    /** @return the highest non-empty index, {@link #NONE_HIGH} when empty */
    int maxIndex() {
      for (int i = counts.length - 1; i >= 0; i--) {
        if (counts[i] != 0) {
          return i + offset;
        }
      }
      return NONE_HIGH;
    }

    int nonZero() {
      int n = 0;
      for (long c : counts) {
        if (c != 0) {
          n++;
        }
      }
      return n;
    }

    long[] toArray() {
      int lo = minIndex();
      if (lo == NONE_LOW) {
        return new long[0];
      }
      return Arrays.copyOfRange(counts, lo - offset, maxIndex() - offset + 1);
    }

    void load(int from, long[] values) {
      counts = new long[0];
      offset = 0;
      if (values == null || values.length == 0) {
        return;
      }
      reserve(from, from + values.length - 1);
      for (int j = 0; j < values.length; j++) {
        if (values[j] != 0) {
          add(from + j, values[j]);
        }
      }
    }

    void merge(BucketStore other) {
      int lo = other.minIndex();
      int hi = other.maxIndex();
      if (lo == NONE_LOW) {
        return;
      }
      reserve(lo, hi);
      for (int j = lo; j <= hi; j++) {
        long c = other.get(j);
        if (c != 0) {
          add(j, c);
        }
      }
    }

    long retainedBytes() {
      return 48 + 8L * counts.length;
    }
  }
}
