package dev.modelkit.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Stratified k-fold assignment with a seeded shuffle, made here so every model sees the same folds. */
final class StratifiedFolds {
  private StratifiedFolds() {}

  /**
   * Shuffles each class's rows with the seed and deals them round-robin to the folds, so each fold
   * holds the class shares of the whole within one row.
   *
   * @param positive the class of each row
   * @param folds number of folds, at least 2
   * @param seed the shuffle's seed
   * @return the fold (0 to folds - 1) of each row
   * @throws IllegalArgumentException if folds is below 2
   */
  static int[] assign(boolean[] positive, int folds, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be at least 2, got " + folds);
    }
    Random random = new Random(seed);
    int[] fold = new int[positive.length];
    for (boolean cls : new boolean[] {true, false}) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < positive.length; i++) {
        if (positive[i] == cls) {
          rows.add(i);
        }
      }
      Collections.shuffle(rows, random);
      for (int k = 0; k < rows.size(); k++) {
        fold[rows.get(k)] = k % folds;
      }
    }
    return fold;
  }

  /**
   * @param fold the fold of each row
   * @param k the fold wanted
   * @param inFold true for the rows of fold k, false for all others
   * @return the row indices, ascending
   */
  static int[] rows(int[] fold, int k, boolean inFold) {
    int n = 0;
    for (int f : fold) {
      n += (f == k) == inFold ? 1 : 0;
    }
    int[] out = new int[n];
    for (int i = 0, j = 0; i < fold.length; i++) {
      if ((fold[i] == k) == inFold) {
        out[j++] = i;
      }
    }
    return out;
  }
}
