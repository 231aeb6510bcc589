package dev.modelkit.experiment;

/**
 * A variant's value of one metric.
 *
 * @param variantId the variant
 * @param units the units counted (exposed units for binary and count metrics, units with an
 *     observation for continuous and ratio metrics)
 * @param observations units that recorded an event for this metric
 * @param total sum of the observations (conversions, values, counts, or numerators for a ratio)
 * @param mean the metric's value: conversion rate, mean, or sum(numerator)/sum(denominator);
 *     null with no units
 * @param standardError the standard error of {@code mean}; null with fewer than two units
 */
public record VariantSummary(String variantId, long units, long observations, double total, Double mean, Double standardError) {}
