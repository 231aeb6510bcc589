package dev.modelkit.monitoring;

/**
 * One drift test result.
 *
 * @param kind {@code data}, {@code prediction}, {@code concept} or {@code performance}
 * @param feature the feature tested; {@code prediction} or {@code probability} for prediction
 *     drift, the detector's name for concept drift, the metric's name for performance drift
 * @param method the statistic, for example {@code ks}, {@code chi_square}, {@code psi}, {@code
 *     wasserstein}, {@code jensen_shannon}, {@code ddm}
 * @param statistic the statistic's value
 * @param pValue its p-value, NaN for distance measures
 * @param threshold the threshold it was compared with: alpha for p-value tests, the distance for
 *     distance measures (for PSI, the larger of the configured threshold and the sample-size
 *     critical value)
 * @param drifted whether drift was flagged
 * @param adjustedPValue the p-value after the report's multiple-testing correction, NaN for
 *     distance measures and findings outside the correction
 * @param referenceSize reference rows behind the test
 * @param currentSize current rows behind the test
 * @param note a sentence for people: how the statistic was computed, or why no test was run
 */
public record DriftFinding(
    String kind, String feature, String method, double statistic, double pValue, double threshold, boolean drifted,
    double adjustedPValue, long referenceSize, long currentSize, String note) {}
