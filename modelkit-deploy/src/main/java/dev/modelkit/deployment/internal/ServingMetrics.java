package dev.modelkit.deployment.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters and latency histograms per model version, rendered in the Prometheus text
 * exposition format (version 0.0.4). Updates are lock-free {@link LongAdder} increments.
 */
public final class ServingMetrics implements PredictionObserver {
  /** Upper bounds of the latency buckets, in seconds. */
  static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, VersionMetrics>> byModel = new ConcurrentHashMap<>();

  @Override
  public String observe(String organizationId, String modelId, String version, Map<String, Object> features,
      Object output, long latencyNanos, boolean error) {
    VersionMetrics m = byModel.computeIfAbsent(modelId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(version, k -> new VersionMetrics());
    m.record(latencyNanos, error);
    return null;
  }

  /**
   * @param modelId a model
   * @param version a version
   * @return requests served by that version so far
   */
  public long requests(String modelId, String version) {
    VersionMetrics m = get(modelId, version);
    return m == null ? 0 : m.requests.sum();
  }

  /**
   * @param modelId a model
   * @param version a version
   * @return failed requests of that version so far
   */
  public long errors(String modelId, String version) {
    VersionMetrics m = get(modelId, version);
    return m == null ? 0 : m.errors.sum();
  }

  private VersionMetrics get(String modelId, String version) {
    Map<String, VersionMetrics> v = byModel.get(modelId);
    return v == null ? null : v.get(version);
  }

  /** @return every metric in Prometheus text format */
  public String render() {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("# HELP modelkit_requests_total Predictions served.\n# TYPE modelkit_requests_total counter\n");
    forEach((model, version, m) -> sb.append("modelkit_requests_total{model=\"").append(esc(model))
        .append("\",version=\"").append(esc(version)).append("\"} ").append(m.requests.sum()).append('\n'));
    sb.append("# HELP modelkit_errors_total Predictions that failed.\n# TYPE modelkit_errors_total counter\n");
    forEach((model, version, m) -> sb.append("modelkit_errors_total{model=\"").append(esc(model))
        .append("\",version=\"").append(esc(version)).append("\"} ").append(m.errors.sum()).append('\n'));
    sb.append("# HELP modelkit_latency_seconds Model call latency.\n# TYPE modelkit_latency_seconds histogram\n");
    forEach((model, version, m) -> {
      String labels = "model=\"" + esc(model) + "\",version=\"" + esc(version) + "\"";
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += m.buckets[i].sum();
        sb.append("modelkit_latency_seconds_bucket{").append(labels).append(",le=\"")
            .append(String.format(Locale.ROOT, "%s", BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
      }
      cumulative += m.buckets[BUCKETS.length].sum();
      sb.append("modelkit_latency_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ").append(cumulative).append('\n');
      sb.append("modelkit_latency_seconds_sum{").append(labels).append("} ")
          .append(String.format(Locale.ROOT, "%.9f", m.nanos.sum() / 1e9)).append('\n');
      sb.append("modelkit_latency_seconds_count{").append(labels).append("} ").append(cumulative).append('\n');
    });
    return sb.toString();
  }

  private interface Visitor {
    void visit(String model, String version, VersionMetrics m);
  }

  private void forEach(Visitor v) {
    new TreeMap<>(byModel).forEach((model, versions) -> new TreeMap<>(versions).forEach((version, m) -> v.visit(model, version, m)));
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static final class VersionMetrics {
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];

    VersionMetrics() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long latencyNanos, boolean error) {
      requests.increment();
      if (error) {
        errors.increment();
      }
      nanos.add(latencyNanos);
      double s = latencyNanos / 1e9;
      int i = 0;
      while (i < BUCKETS.length && s > BUCKETS[i]) {
        i++;
      }
      buckets[i].increment();
    }
  }
}
