package dev.modelkit.core.monitoring.internal;

import dev.modelkit.Monitoring;
import dev.modelkit.NotFoundException;
import dev.modelkit.monitoring.BusinessMetrics;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.TechnicalMetrics;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.ServiceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Monitoring} view of one caller: checks their permission on every call and scopes
 * every lookup to their organisation.
 */
public final class MonitoringView implements Monitoring {
  private final ServiceContext ctx;
  private final MonitorRegistry registry;

  /**
   * @param ctx the caller
   * @param registry the engine's monitors
   */
  public MonitoringView(ServiceContext ctx, MonitorRegistry registry) {
    this.ctx = ctx;
    this.registry = registry;
  }

  private String org() {
    return ctx.principal().organizationId();
  }

  private ModelMonitor monitorFor(String modelId, String version) {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(version, "version");
    MonitorKey key = new MonitorKey(org(), modelId, version);
    return registry.monitor(key, () -> existsInRegistry(modelId, version));
  }

  private boolean existsInRegistry(String modelId, String version) {
    try {
      return ctx.service().models().get(modelId, version) != null;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public String recordPrediction(PredictionRecord record) {
    ctx.require(Permission.MONITOR);
    Objects.requireNonNull(record, "record");
    ModelMonitor m = monitorFor(record.modelId(), record.version());
    return PredictionIds.format(m.record(record.prediction(), record.probability(), record.latencyNanos(),
        record.error()));
  }

  @Override
  public PredictionRecorder recorder(String modelId, String version) {
    ctx.require(Permission.MONITOR);
    ModelMonitor m = monitorFor(modelId, version);
    return new BoundRecorder(m);
  }

  @Override
  public void recordOutcome(String predictionId, String trueLabel, double userSatisfaction) {
    ctx.require(Permission.MONITOR);
    long id = PredictionIds.parse(predictionId);
    if (id < 0) {
      throw new NotFoundException("unknown prediction id '" + predictionId + "': pass an id returned by "
          + "recordPrediction (they look like " + PredictionIds.PREFIX + "1234)");
    }
    outcome(id, trueLabel, userSatisfaction);
  }

  @Override
  public void recordOutcome(long predictionId, String trueLabel, double userSatisfaction) {
    ctx.require(Permission.MONITOR);
    outcome(predictionId, trueLabel, userSatisfaction);
  }

  private void outcome(long id, String trueLabel, double satisfaction) {
    Objects.requireNonNull(trueLabel, "trueLabel");
    ModelMonitor m = registry.byNumber(org(), PredictionIds.number(id));
    if (m == null) {
      throw new NotFoundException("unknown prediction id " + PredictionIds.format(id)
          + ": no prediction with that id was recorded in organisation " + org());
    }
    m.outcome(id, trueLabel, satisfaction);
  }

  @Override
  public void flush() {
    ctx.require(Permission.MONITOR);
    registry.tick();
  }

  @Override
  public ModelPerformance performance(String modelId, Period period) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(period, "period");
    List<ModelMonitor> monitors = registry.monitorsOf(org(), modelId);
    if (monitors.isEmpty()) {
      throw new NotFoundException("no predictions of model " + modelId + " were recorded in organisation " + org());
    }
    long from = period.start().toEpochMilli();
    long to = period.end().toEpochMilli();
    long now = registry.env().clock().millis();
    TechnicalMetrics technical = ProcessMetrics.sample();
    MetricsAccumulator all = new MetricsAccumulator();
    Map<String, PerformanceMetrics> byVersion = new HashMap<>();
    for (ModelMonitor m : monitors) {
      MetricsAccumulator one = new MetricsAccumulator();
      m.accumulate(from, to, now, one);
      m.accumulate(from, to, now, all);
      byVersion.put(m.key().version(), one.toMetrics(m.labels(), null, new BusinessMetrics(Map.of()), technical));
    }
    PerformanceMetrics total = all.toMetrics(monitors.get(0).labels(), null, new BusinessMetrics(Map.of()), technical);
    return new ModelPerformance(modelId, period, total, byVersion, List.of(), List.of());
  }

  /** A recorder whose permission was checked when it was created. */
  private static final class BoundRecorder implements PredictionRecorder {
    private final ModelMonitor monitor;

    BoundRecorder(ModelMonitor monitor) {
      this.monitor = monitor;
    }

    @Override
    public String modelId() {
      return monitor.key().modelId();
    }

    @Override
    public String version() {
      return monitor.key().version();
    }

    @Override
    public long record(Map<String, ?> features, String prediction, double probability, long latencyNanos,
        boolean error) {
      return monitor.record(prediction, probability, latencyNanos, error);
    }
  }
}
