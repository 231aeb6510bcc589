package dev.modelkit.experiment;

/**
 * An always-valid comparison: a confidence sequence for variant minus control that holds
 * simultaneously at every look, from a normal-mixture sequential probability ratio test (see
 * {@code docs/decisions/0052}).
 *
 * @param absoluteEffect variant minus control
 * @param lower lower end of the confidence sequence at this look
 * @param upper upper end
 * @param alwaysValidPValue 1 / likelihood ratio at this look, at most 1; stopping the first time
 *     it falls below alpha keeps the false-positive rate below alpha
 * @param boundaryCrossed whether the sequence excludes zero
 * @param mixtureVariance the mixing distribution's variance on the effect's scale (the tuning
 *     parameter in effect at this look)
 */
public record SequentialEstimate(
    double absoluteEffect, double lower, double upper, double alwaysValidPValue, boolean boundaryCrossed,
    double mixtureVariance) {}
