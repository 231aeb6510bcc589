package dev.modelkit.experiments.internal.assign;

import dev.modelkit.experiment.AllocationEpoch;
import java.util.List;

/**
 * Which variant owns each of the {@value #BUCKETS} hash buckets (0.01% of traffic each).
 *
 * <p>The first allocation gives each variant a contiguous range in variant order. A
 * reallocation moves as few buckets as possible: a shrinking variant gives up its
 * highest-numbered buckets, and growing variants, in variant order, take the freed buckets
 * lowest first. Exactly the sum of the increases changes owner, which is the minimum any layout
 * can achieve. The layout is a pure function of the allocation history, so every process derives
 * the same one.
 */
public final class BucketLayout {
  /** Number of hash buckets. */
  public static final int BUCKETS = 10_000;

  private final byte[] owner;
  private final int[] counts;

  private BucketLayout(byte[] owner, int[] counts) {
    this.owner = owner;
    this.counts = counts;
  }

  /**
   * @param history allocation epochs, oldest first, each with one percentage per variant
   * @return the layout after the last epoch
   */
  public static BucketLayout fromHistory(List<AllocationEpoch> history) {
    BucketLayout layout = initial(toArray(history.get(0).allocations()));
    for (int i = 1; i < history.size(); i++) {
      layout = layout.reallocate(toArray(history.get(i).allocations()));
    }
    return layout;
  }

  /**
   * @param percentages allocation per variant, summing to 100
   * @return contiguous ranges in variant order
   */
  public static BucketLayout initial(double[] percentages) {
    int[] counts = bucketCounts(percentages);
    byte[] owner = new byte[BUCKETS];
    int b = 0;
    for (int v = 0; v < counts.length; v++) {
      for (int i = 0; i < counts[v]; i++) {
        owner[b++] = (byte) v;
      }
    }
    return new BucketLayout(owner, counts);
  }

  /**
   * @param percentages new allocation per variant, summing to 100
   * @return the layout with the fewest buckets moved
   */
  public BucketLayout reallocate(double[] percentages) {
    int[] target = bucketCounts(percentages);
    byte[] next = owner.clone();
    int[] excess = new int[target.length];
    for (int v = 0; v < target.length; v++) {
      excess[v] = counts[v] - target[v];
    }
    boolean[] free = new boolean[BUCKETS];
    for (int b = BUCKETS - 1; b >= 0; b--) {
      int v = next[b];
      if (excess[v] > 0) {
        excess[v]--;
        free[b] = true;
      }
    }
    int cursor = 0;
    for (int v = 0; v < target.length; v++) {
      for (int need = target[v] - counts[v]; need > 0; need--) {
        while (!free[cursor]) {
          cursor++;
        }
        free[cursor] = false;
        next[cursor] = (byte) v;
      }
    }
    return new BucketLayout(next, target);
  }

  /**
   * Largest-remainder rounding of percentages to buckets, ties to the earlier variant, so the
   * counts always sum to {@value #BUCKETS}.
   *
   * @param percentages allocation per variant, summing to 100
   * @return buckets per variant
   */
  public static int[] bucketCounts(double[] percentages) {
    double sum = 0;
    for (double p : percentages) {
      sum += p;
    }
    int[] counts = new int[percentages.length];
    double[] remainder = new double[percentages.length];
    int assigned = 0;
    for (int v = 0; v < percentages.length; v++) {
      double exact = percentages[v] / sum * BUCKETS;
      counts[v] = (int) Math.floor(exact + 1e-9);
      remainder[v] = exact - counts[v];
      assigned += counts[v];
    }
    while (assigned < BUCKETS) {
      int best = 0;
      for (int v = 1; v < percentages.length; v++) {
        if (remainder[v] > remainder[best] + 1e-12) {
          best = v;
        }
      }
      counts[best]++;
      remainder[best] = -1;
      assigned++;
    }
    return counts;
  }

  /**
   * @param bucket a bucket
   * @return the index of the variant owning it
   */
  public int owner(int bucket) {
    return owner[bucket];
  }

  /**
   * @param variant a variant index
   * @return how many buckets it owns
   */
  public int count(int variant) {
    return counts[variant];
  }

  /** @return number of variants */
  public int variants() {
    return counts.length;
  }

  private static double[] toArray(List<Double> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }
}
