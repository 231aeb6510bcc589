package dev.modelkit.core.monitoring.internal;

/**
 * A {@link DDSketch} as a plain value, for persistence as JSON.
 *
 * @param relativeAccuracy the sketch's accuracy
 * @param maxBuckets the most buckets per store
 * @param positiveOffset the bucket index of {@code positive[0]}
 * @param positive counts of positive values' buckets
 * @param negativeOffset the bucket index of {@code negative[0]}
 * @param negative counts of negative values' buckets (by magnitude)
 * @param zeroCount values counted as zero
 * @param count values added
 * @param sum their sum
 * @param min the smallest, null when empty
 * @param max the largest, null when empty
 */
public record SketchState(
    double relativeAccuracy, int maxBuckets, int positiveOffset, long[] positive, int negativeOffset,
    long[] negative, long zeroCount, long count, double sum, Double min, Double max) {}
