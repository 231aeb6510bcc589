package dev.modelkit.experiments.internal.stats;

/**
 * Sample-ratio-mismatch test: Pearson's chi-square goodness of fit of the observed units per
 * variant against the expected counts (scipy's {@code chisquare(f_obs, f_exp)}), with k - 1
 * degrees of freedom. Variants expected to receive nothing and receiving nothing are left out.
 */
public final class SampleRatio {

  private SampleRatio() {}

  /**
   * The test's result.
   *
   * @param chiSquare the statistic
   * @param degreesOfFreedom categories minus one
   * @param pValue P(chi-square &gt;= statistic)
   */
  public record Result(double chiSquare, int degreesOfFreedom, double pValue) {}

  /**
   * @param observed units per variant
   * @param expected expected units per variant, summing to the observed total
   * @return the test; p = 1 when fewer than two categories remain
   */
  public static Result test(long[] observed, double[] expected) {
    double chi = 0;
    int categories = 0;
    for (int i = 0; i < observed.length; i++) {
      if (expected[i] <= 0) {
        if (observed[i] > 0) {
          return new Result(Double.POSITIVE_INFINITY, Math.max(1, observed.length - 1), 0);
        }
        continue;
      }
      double d = observed[i] - expected[i];
      chi += d * d / expected[i];
      categories++;
    }
    if (categories < 2) {
      return new Result(0, 0, 1);
    }
    int df = categories - 1;
    return new Result(chi, df, Distributions.chiSquareSurvival(chi, df));
  }

  /**
   * @param observed units per variant
   * @param shares planned shares, any positive scale
   * @return the expected counts for the observed total
   */
  public static double[] expectedCounts(long[] observed, double[] shares) {
    long total = 0;
    double shareSum = 0;
    for (int i = 0; i < observed.length; i++) {
      total += observed[i];
      shareSum += shares[i];
    }
    double[] expected = new double[observed.length];
    for (int i = 0; i < observed.length; i++) {
      expected[i] = total * shares[i] / shareSum;
    }
    return expected;
  }
}
