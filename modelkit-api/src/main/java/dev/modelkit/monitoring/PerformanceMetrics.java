package dev.modelkit.monitoring;

/**
 * The seed's performance metrics of a model over a period. Metrics that need labels are NaN while
 * no outcome has been joined.
 *
 * @param accuracy share of labelled predictions that were right
 * @param precision precision of the positive class
 * @param recall recall of the positive class
 * @param f1 F1 of the positive class
 * @param latency latency distribution
 * @param throughput predictions per second over the period
 * @param errorRate share of predictions that failed
 * @param userSatisfaction mean reported satisfaction, NaN when none
 * @param predictions predictions recorded
 * @param labelled predictions with a joined outcome
 * @param businessMetrics registered business metrics
 * @param technicalMetrics process resource use
 */
public record PerformanceMetrics(
    double accuracy, double precision, double recall, double f1, LatencyMetrics latency, double throughput,
    double errorRate, double userSatisfaction, long predictions, long labelled,
    BusinessMetrics businessMetrics, TechnicalMetrics technicalMetrics) {}
