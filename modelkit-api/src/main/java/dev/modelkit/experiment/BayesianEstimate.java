package dev.modelkit.experiment;

/**
 * A posterior comparison: beta-binomial for conversion metrics, normal (flat prior) for the
 * others. "Better" follows the metric's direction.
 *
 * @param model {@code beta-binomial} or {@code normal}
 * @param probabilityToBeatControl posterior probability that the variant is better
 * @param expectedLossIfShipped expected shortfall of the variant against the control, in the
 *     metric's units, if the variant is shipped
 * @param expectedLossIfKept expected shortfall of the control against the variant if the control
 *     is kept
 * @param credibleLower lower end of the equal-tailed credible interval of variant minus control
 * @param credibleUpper upper end
 */
public record BayesianEstimate(
    String model, double probabilityToBeatControl, double expectedLossIfShipped, double expectedLossIfKept,
    double credibleLower, double credibleUpper) {}
