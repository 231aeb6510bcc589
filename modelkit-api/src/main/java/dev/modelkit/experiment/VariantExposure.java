package dev.modelkit.experiment;

/**
 * How many units a variant received.
 *
 * @param variantId the variant
 * @param control whether it is the control
 * @param units distinct units exposed to it
 * @param expectedShare the share of units it should have received under the allocations in force
 *     when they were exposed
 * @param crossovers units first exposed to this variant and later hashed to another one after a
 *     reallocation; they stay counted here
 */
public record VariantExposure(String variantId, boolean control, long units, double expectedShare, long crossovers) {}
