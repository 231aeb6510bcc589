package dev.modelkit.monitoring;

/**
 * Prediction latency in milliseconds.
 *
 * @param mean mean
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max maximum
 */
public record LatencyMetrics(double mean, double p50, double p95, double p99, double max) {}
