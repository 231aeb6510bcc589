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
 * @param pValue its p-value under "no drift" (distances too: see {@code DriftMethod}); NaN when
 *     no test was run or for concept-drift detectors
 * @param threshold the threshold it was compared with: alpha for tests, the distance for PSI,
 *     Wasserstein and Jensen-Shannon, the detector's parameter for concept drift, the validation
 *     value for performance drift
 * @param drifted whether drift was flagged: a test's adjusted p-value below alpha, or a distance
 *     at or above its threshold with an adjusted p-value below alpha
 * @param adjustedPValue the p-value after the report's multiple-testing correction; NaN outside
 *     the correction (concept and performance findings)
 * @param referenceSize reference rows behind the test
 * @param currentSize current rows behind the test
 * @param note a sentence for people: how the statistic was computed, or why no test was run
 */
public record DriftFinding(
    String kind, String feature, String method, double statistic, double pValue, double threshold, boolean drifted,
    double adjustedPValue, long referenceSize, long currentSize, String note) {}
