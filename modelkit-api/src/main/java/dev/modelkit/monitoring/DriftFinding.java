package dev.modelkit.monitoring;

/**
 * One drift test result.
 *
 * @param kind data, prediction, concept or performance drift
 * @param feature the feature tested, or null for dataset-level and output findings
 * @param method the statistic, for example {@code ks}, {@code chi_square}, {@code psi}
 * @param statistic the statistic's value
 * @param pValue its p-value, NaN for distance measures
 * @param threshold the threshold it was compared with
 * @param drifted whether drift was flagged
 */
public record DriftFinding(
    String kind, String feature, String method, double statistic, double pValue, double threshold, boolean drifted) {}
