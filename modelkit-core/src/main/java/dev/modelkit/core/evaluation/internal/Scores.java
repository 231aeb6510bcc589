package dev.modelkit.core.evaluation.internal;

import java.util.Objects;

/**
 * The scored rows of one evaluation as parallel arrays: actual and predicted class, and the
 * positive-class and actual-class probabilities. Every metric of the suite is computed from one
 * of these, so that the champion, perturbed copies and slices are all measured the same way.
 *
 * @param actual each row's actual class
 * @param predicted each row's predicted class
 * @param positiveProbability each row's probability of the positive class
 * @param actualProbability each row's probability of its actual class (0 for a class the model does
 *     not know)
 * @param positiveClass the positive class
 */
public record Scores(String[] actual, String[] predicted, double[] positiveProbability, double[] actualProbability,
    String positiveClass) {

  /** Checks that the arrays line up. */
  public Scores {
    Objects.requireNonNull(positiveClass, "positiveClass");
    int n = actual.length;
    if (predicted.length != n || positiveProbability.length != n || actualProbability.length != n) {
      throw new IllegalArgumentException("score arrays differ in length: " + n + ", " + predicted.length + ", "
          + positiveProbability.length + ", " + actualProbability.length);
    }
  }

  /** @return rows */
  public int size() {
    return actual.length;
  }

  /** @param i a row; @return whether its actual class is the positive class */
  public boolean isPositive(int i) {
    return positiveClass.equals(actual[i]);
  }

  /** @param i a row; @return whether it was predicted as the positive class */
  public boolean predictedPositive(int i) {
    return positiveClass.equals(predicted[i]);
  }

  /**
   * @param rows row positions
   * @return the scores of those rows, in that order
   */
  public Scores subset(int[] rows) {
    String[] a = new String[rows.length];
    String[] p = new String[rows.length];
    double[] pp = new double[rows.length];
    double[] pa = new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      a[k] = actual[rows[k]];
      p[k] = predicted[rows[k]];
      pp[k] = positiveProbability[rows[k]];
      pa[k] = actualProbability[rows[k]];
    }
    return new Scores(a, p, pp, pa, positiveClass);
  }

  /** @return whether both classes (positive and not) are present, so that ranking metrics are defined */
  public boolean bothClassesPresent() {
    boolean pos = false;
    boolean neg = false;
    for (int i = 0; i < actual.length; i++) {
      if (isPositive(i)) {
        pos = true;
      } else {
        neg = true;
      }
    }
    return pos && neg;
  }
}
