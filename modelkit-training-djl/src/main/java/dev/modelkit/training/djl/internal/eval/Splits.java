package dev.modelkit.training.djl.internal.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Train/validation splits of row indices, all driven by a seed so that the same seed gives the
 * same folds.
 */
public final class Splits {

  private Splits() {}

  /**
   * One split.
   *
   * @param train training row indices
   * @param test held-out row indices
   */
  public record Split(int[] train, int[] test) {}

  /**
   * @param rows the candidate rows
   * @param labels class of each candidate (same length as rows), or null for no stratification
   * @param testShare share held out, 0 to 1
   * @param seed the seed
   * @return a stratified (when labels are given) random split
   */
  public static Split holdout(int[] rows, int[] labels, double testShare, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int[] group : byClass(rows, labels)) {
      int[] g = shuffled(group, rnd);
      int nTest = (int) Math.round(g.length * testShare);
      if (testShare > 0 && g.length >= 2) {
        nTest = Math.max(1, Math.min(g.length - 1, nTest));
      }
      for (int i = 0; i < g.length; i++) {
        (i < nTest ? test : train).add(g[i]);
      }
    }
    return new Split(sorted(train), sorted(test));
  }

  /**
   * @param rows the rows
   * @param k folds
   * @param shuffle whether to shuffle first
   * @param seed the seed
   * @return k folds, each held out once
   */
  public static List<Split> kFold(int[] rows, int k, boolean shuffle, long seed) {
    int[] r = shuffle ? shuffled(rows, new SplittableRandom(seed)) : rows.clone();
    int[] fold = new int[r.length];
    for (int i = 0; i < r.length; i++) {
      fold[i] = i * k / r.length;
    }
    return fromAssignment(r, fold, k);
  }

  /**
   * @param rows the rows
   * @param labels each row's class
   * @param k folds
   * @param shuffle whether to shuffle within classes first
   * @param seed the seed
   * @return k folds with the class proportions of the whole
   */
  public static List<Split> stratifiedKFold(int[] rows, int[] labels, int k, boolean shuffle, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> all = new ArrayList<>();
    List<Integer> fold = new ArrayList<>();
    int next = 0;
    for (int[] group : byClass(rows, labels)) {
      int[] g = shuffle ? shuffled(group, rnd) : group;
      for (int row : g) {
        all.add(row);
        fold.add(next);
        next = (next + 1) % k;
      }
    }
    return fromAssignment(all.stream().mapToInt(Integer::intValue).toArray(),
        fold.stream().mapToInt(Integer::intValue).toArray(), k);
  }

  /**
   * Expanding windows in time order: the rows are cut into k + 1 consecutive blocks; fold i trains
   * on blocks 0..i and validates on block i + 1, so no fold trains on its future.
   *
   * @param rowsInTimeOrder rows sorted by time
   * @param k folds
   * @return the folds
   */
  public static List<Split> timeSeries(int[] rowsInTimeOrder, int k) {
    int n = rowsInTimeOrder.length;
    List<Split> out = new ArrayList<>();
    for (int i = 1; i <= k; i++) {
      int trainEnd = (int) ((long) n * i / (k + 1));
      int testEnd = (int) ((long) n * (i + 1) / (k + 1));
      out.add(new Split(Arrays.copyOfRange(rowsInTimeOrder, 0, trainEnd),
          Arrays.copyOfRange(rowsInTimeOrder, trainEnd, testEnd)));
    }
    return out;
  }

  /**
   * Folds that never put one group on both sides: groups are shuffled and each goes to the
   * currently smallest fold.
   *
   * @param rows the rows
   * @param groups each row's group value
   * @param k folds
   * @param seed the seed
   * @return the folds
   * @throws IllegalArgumentException if there are fewer groups than folds
   */
  public static List<Split> group(int[] rows, String[] groups, int k, long seed) {
    Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
    for (int i = 0; i < rows.length; i++) {
      byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(rows[i]);
    }
    if (byGroup.size() < k) {
      throw new IllegalArgumentException("there are " + byGroup.size() + " groups but " + k + " folds");
    }
    List<List<Integer>> gs = new ArrayList<>(byGroup.values());
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = gs.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      List<Integer> t = gs.get(i);
      gs.set(i, gs.get(j));
      gs.set(j, t);
    }
    gs.sort(Comparator.comparingInt(List::size));
    java.util.Collections.reverse(gs);
    int[] size = new int[k];
    List<Integer> all = new ArrayList<>();
    List<Integer> fold = new ArrayList<>();
    for (List<Integer> g : gs) {
      int f = 0;
      for (int i = 1; i < k; i++) {
        if (size[i] < size[f]) {
          f = i;
        }
      }
      size[f] += g.size();
      for (int row : g) {
        all.add(row);
        fold.add(f);
      }
    }
    return fromAssignment(all.stream().mapToInt(Integer::intValue).toArray(),
        fold.stream().mapToInt(Integer::intValue).toArray(), k);
  }

  private static List<Split> fromAssignment(int[] rows, int[] fold, int k) {
    List<Split> out = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < rows.length; i++) {
        (fold[i] == f ? test : train).add(rows[i]);
      }
      out.add(new Split(sorted(train), sorted(test)));
    }
    return out;
  }

  private static List<int[]> byClass(int[] rows, int[] labels) {
    if (labels == null) {
      return List.of(rows.clone());
    }
    Map<Integer, List<Integer>> m = new java.util.TreeMap<>();
    for (int i = 0; i < rows.length; i++) {
      m.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(rows[i]);
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> g : m.values()) {
      out.add(g.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  private static int[] shuffled(int[] a, SplittableRandom rnd) {
    int[] r = a.clone();
    for (int i = r.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = r[i];
      r[i] = r[j];
      r[j] = t;
    }
    return r;
  }

  private static int[] sorted(List<Integer> l) {
    int[] a = l.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(a);
    return a;
  }
}
