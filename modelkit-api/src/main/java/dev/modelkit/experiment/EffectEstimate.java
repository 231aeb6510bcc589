package dev.modelkit.experiment;

/**
 * A fixed-horizon comparison of a variant with the control. Effects are variant minus control;
 * relative effects are that over the magnitude of the control's value (variant / control - 1
 * for a positive control value), with delta-method intervals.
 *
 * @param test the test used: {@code two-proportion z-test}, {@code Welch t-test} or {@code
 *     delta-method z-test}
 * @param controlMean the control's value
 * @param variantMean the variant's value
 * @param absoluteEffect variant minus control
 * @param absoluteLower lower end of its confidence interval at level 1 - alpha
 * @param absoluteUpper upper end
 * @param relativeEffect absolute effect over |control value|; null when that is 0
 * @param relativeLower lower end of its interval; null when undefined
 * @param relativeUpper upper end; null when undefined
 * @param statistic the z or t statistic
 * @param degreesOfFreedom Welch-Satterthwaite degrees of freedom for the t-test, else null
 * @param pValue two-sided p-value
 * @param adjustedPValue p-value after the configured multiplicity correction
 * @param significant whether the adjusted p-value is below alpha
 */
public record EffectEstimate(
    String test, double controlMean, double variantMean, double absoluteEffect, double absoluteLower,
    double absoluteUpper, Double relativeEffect, Double relativeLower, Double relativeUpper, double statistic,
    Double degreesOfFreedom, double pValue, double adjustedPValue, boolean significant) {}
