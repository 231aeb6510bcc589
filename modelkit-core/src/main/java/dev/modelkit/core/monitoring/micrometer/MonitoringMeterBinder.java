package dev.modelkit.core.monitoring.micrometer;

import dev.modelkit.core.monitoring.LiveMetrics;
import dev.modelkit.core.monitoring.MonitoringEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exposes ModelKit's live monitoring to Micrometer, so that a host's Prometheus or Grafana sees
 * every monitored model version with no further code: {@code new MonitoringMeterBinder(engine)
 * .bindTo(registry)}. Versions monitored later are added as they appear.
 *
 * <p>Meters, each tagged {@code organization}, {@code model} and {@code version}:
 *
 * <ul>
 *   <li>{@code modelkit.monitoring.predictions}, {@code .errors}, {@code .outcomes}, {@code
 *       .outcomes.correct}: counters since the engine started;
 *   <li>{@code modelkit.monitoring.latency} (milliseconds, tag {@code quantile} 0.5, 0.95, 0.99):
 *       gauges of the open window;
 *   <li>{@code modelkit.monitoring.window.error_rate}, {@code .accuracy}, {@code .drift_share},
 *       {@code .concept_drift}: gauges of the last closed window.
 * </ul>
 *
 * <p>Micrometer is an optional dependency of {@code modelkit-core}: this class is the only one
 * that uses it, and nothing else in ModelKit loads it, so hosts without Micrometer never need it.
 */
public final class MonitoringMeterBinder implements MeterBinder {
  private static final List<Double> QUANTILES = List.of(0.5, 0.95, 0.99);
  private static final List<String> WINDOW_METRICS = List.of("error_rate", "accuracy", "drift_share", "concept_drift");

  private final MonitoringEngine engine;
  private final Set<MeterRegistry> registries = ConcurrentHashMap.newKeySet();
  private final Set<String> bound = ConcurrentHashMap.newKeySet();

  /** @param engine the engine whose versions to expose */
  public MonitoringMeterBinder(MonitoringEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    engine.onNewVersion(this::bindVersion);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    for (LiveMetrics m : engine.liveMetrics()) {
      bind(registry, m);
    }
  }

  private void bindVersion(LiveMetrics m) {
    for (MeterRegistry r : registries) {
      bind(r, m);
    }
  }

  private void bind(MeterRegistry registry, LiveMetrics m) {
    if (!bound.add(System.identityHashCode(registry) + "\n" + m.organizationId() + "\n" + m.modelId() + "\n"
        + m.version())) {
      return;
    }
    Tags tags = Tags.of("organization", m.organizationId(), "model", m.modelId(), "version", m.version());
    FunctionCounter.builder("modelkit.monitoring.predictions", m, LiveMetrics::predictionsTotal).tags(tags)
        .description("predictions recorded").register(registry);
    FunctionCounter.builder("modelkit.monitoring.errors", m, LiveMetrics::errorsTotal).tags(tags)
        .description("failed predictions recorded").register(registry);
    FunctionCounter.builder("modelkit.monitoring.outcomes", m, LiveMetrics::outcomesTotal).tags(tags)
        .description("outcomes joined to their predictions").register(registry);
    FunctionCounter.builder("modelkit.monitoring.outcomes.correct", m, LiveMetrics::correctTotal).tags(tags)
        .description("joined outcomes the prediction got right").register(registry);
    for (double q : QUANTILES) {
      Gauge.builder("modelkit.monitoring.latency", m, x -> x.latencyQuantileMillis(q)).tags(tags)
          .tag("quantile", Double.toString(q)).baseUnit("milliseconds")
          .description("prediction latency in the open window").register(registry);
    }
    for (String metric : WINDOW_METRICS) {
      Gauge.builder("modelkit.monitoring.window." + metric, m, x -> x.lastWindow(metric)).tags(tags)
          .description(metric + " of the last closed window").register(registry);
    }
  }
}
