package dev.modelkit.experiment;

/**
 * The calculator's answer.
 *
 * @param query the question
 * @param unitsPerVariant units each of the two variants needs (rounded up)
 * @param totalUnits both variants together
 * @param absoluteEffect the effect in the metric's units
 * @param achievedPower the power at {@code unitsPerVariant} (at least the power asked for)
 * @param formula the formula used, for the record
 */
public record SampleSizePlan(SampleSizeQuery query, long unitsPerVariant, long totalUnits, double absoluteEffect,
    double achievedPower, String formula) {}
