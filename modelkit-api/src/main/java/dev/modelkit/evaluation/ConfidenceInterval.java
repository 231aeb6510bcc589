package dev.modelkit.evaluation;

/**
 * A confidence interval for one figure of an evaluation report, or the reason none is given.
 *
 * <p>An interval is withheld ({@link #low()} and {@link #high()} null, {@link #caveat()} saying
 * why) when the rows behind the figure are too few for it to mean anything, for example a group of
 * 13 rows or a true-positive rate of a group with no actual positives. The caveat names the group
 * and its count so that a reader knows what would be needed.
 *
 * @param low the lower bound; null when withheld
 * @param high the upper bound; null when withheld
 * @param level the nominal coverage, for example 0.95
 * @param n the rows the figure is computed from (for a disparity, those of the smaller group
 *     compared)
 * @param method how it was computed, including which groups a disparity compares
 * @param caveat why the interval is withheld, or null when it is given
 */
public record ConfidenceInterval(Double low, Double high, double level, long n, String method, String caveat) {

  /**
   * @throws IllegalArgumentException when only one bound is given, the bounds are reversed, or the
   *     level is not strictly between 0 and 1
   */
  public ConfidenceInterval {
    if ((low == null) != (high == null)) {
      throw new IllegalArgumentException("a confidence interval needs both bounds or neither; got low " + low
          + ", high " + high);
    }
    if (low != null && low > high) {
      throw new IllegalArgumentException("confidence interval bounds are reversed: [" + low + ", " + high + "]");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be strictly between 0 and 1; got " + level);
    }
  }

  /**
   * @param level the nominal coverage
   * @param n the rows behind the figure
   * @param method how an interval would have been computed
   * @param caveat why none is given
   * @return a withheld interval
   */
  public static ConfidenceInterval withheld(double level, long n, String method, String caveat) {
    return new ConfidenceInterval(null, null, level, n, method, caveat);
  }

  /** @return whether bounds are given */
  public boolean available() {
    return low != null;
  }

  /**
   * @param value a figure between the bounds
   * @return whether the closed interval holds it; false when withheld
   */
  public boolean contains(double value) {
    return low != null && low <= value && value <= high;
  }
}
