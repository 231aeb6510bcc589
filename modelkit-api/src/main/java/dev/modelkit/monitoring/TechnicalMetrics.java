package dev.modelkit.monitoring;

/**
 * Resource use of the serving process.
 *
 * @param processCpuLoad recent CPU load of the process, 0 to 1
 * @param heapUsedBytes heap in use
 * @param heapMaxBytes maximum heap
 */
public record TechnicalMetrics(double processCpuLoad, long heapUsedBytes, long heapMaxBytes) {}
