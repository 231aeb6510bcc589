package dev.modelkit.experiment;

/**
 * The CUPED (controlled-experiment using pre-experiment data) estimate: the effect adjusted by a
 * per-unit pre-experiment covariate, which removes the variance the covariate explains.
 *
 * @param theta the adjustment coefficient, the within-variant regression slope of the metric on
 *     the covariate
 * @param absoluteEffect adjusted variant minus control
 * @param lower lower end of its confidence interval
 * @param upper upper end
 * @param pValue two-sided p-value
 * @param varianceReduction 1 - adjusted variance / unadjusted variance of the effect estimate
 */
public record CupedEstimate(double theta, double absoluteEffect, double lower, double upper, double pValue,
    double varianceReduction) {}
