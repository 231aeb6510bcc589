package dev.modelkit.experiment;

/**
 * One variant against the control on one metric. A part is null when the data do not allow it;
 * the metric's notes say why.
 *
 * @param variantId the variant
 * @param fixedHorizon the classical test, valid when looked at once at a planned sample size
 * @param sequential the always-valid confidence sequence, valid at every look
 * @param bayesian the posterior comparison
 * @param cuped the variance-reduced estimate using the pre-experiment covariate
 */
public record VariantComparison(
    String variantId, EffectEstimate fixedHorizon, SequentialEstimate sequential, BayesianEstimate bayesian,
    CupedEstimate cuped) {}
