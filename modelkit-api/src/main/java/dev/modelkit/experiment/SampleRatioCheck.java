package dev.modelkit.experiment;

import java.util.List;

/**
 * Chi-square goodness-of-fit test of the units each variant received against the allocations: a
 * mismatch means assignment or logging is broken and no other result can be trusted.
 *
 * @param variantIds the variants tested, in order
 * @param observed units per variant
 * @param expected expected units per variant under the allocations
 * @param chiSquare the statistic
 * @param degreesOfFreedom variants minus one
 * @param pValue the p-value
 * @param threshold the p-value below which a mismatch is flagged
 * @param mismatch whether {@code pValue < threshold}
 */
public record SampleRatioCheck(
    List<String> variantIds, List<Long> observed, List<Double> expected, double chiSquare, int degreesOfFreedom,
    double pValue, double threshold, boolean mismatch) {

  /** Copies the lists. */
  public SampleRatioCheck {
    variantIds = List.copyOf(variantIds);
    observed = List.copyOf(observed);
    expected = List.copyOf(expected);
  }
}
