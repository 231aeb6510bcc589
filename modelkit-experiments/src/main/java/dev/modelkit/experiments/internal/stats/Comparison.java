package dev.modelkit.experiments.internal.stats;

/**
 * A fixed-horizon comparison of a treatment with the control: effect (treatment minus control),
 * its interval, the relative effect with its delta-method interval, and the test.
 *
 * @param test the test's name
 * @param controlMean control value
 * @param treatmentMean treatment value
 * @param effect treatment minus control
 * @param standardError standard error of the effect
 * @param lower interval lower end
 * @param upper interval upper end
 * @param relative effect / control value, NaN when the control value is 0
 * @param relativeLower relative interval lower end, NaN when undefined
 * @param relativeUpper relative interval upper end, NaN when undefined
 * @param statistic z or t
 * @param degreesOfFreedom t-test degrees of freedom, NaN for z-tests
 * @param pValue two-sided p-value
 */
public record Comparison(
    String test, double controlMean, double treatmentMean, double effect, double standardError, double lower,
    double upper, double relative, double relativeLower, double relativeUpper, double statistic,
    double degreesOfFreedom, double pValue) {}
