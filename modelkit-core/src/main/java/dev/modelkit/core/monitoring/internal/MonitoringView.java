package dev.modelkit.core.monitoring.internal;

import dev.modelkit.ConfigurationException;
import dev.modelkit.Monitoring;
import dev.modelkit.NotFoundException;
import dev.modelkit.config.Checks;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.BusinessMetric;
import dev.modelkit.monitoring.DriftOptions;
import dev.modelkit.monitoring.DriftReport;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.monitoring.ReferenceProfile;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.ServiceContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Monitoring} view of one caller: checks their permission on every call and scopes
 * every lookup to their organisation, so another organisation's models and predictions are not
 * found.
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
    if (modelId != null && version != null) {
      ModelMonitor live = registry.live(org(), modelId, version);
      if (live != null) {
        return live;
      }
    }
    Checks c = new Checks("PredictionRecord");
    c.notBlank("modelId", modelId);
    c.notBlank("version", version);
    c.throwIfAny();
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
    return PredictionIds.format(m.record(record.features(), record.prediction(), record.probability(),
        record.latencyNanos(), record.error()));
  }

  @Override
  public PredictionRecorder recorder(String modelId, String version) {
    ctx.require(Permission.MONITOR);
    return new BoundRecorder(monitorFor(modelId, version));
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
    if (trueLabel == null) {
      throw new ConfigurationException("Outcome", List.of(new dev.modelkit.config.Violation("trueLabel", null,
          "be present: the label the prediction " + PredictionIds.format(id) + " should have had")));
    }
    ModelMonitor m = id < 0 ? null : registry.byNumber(org(), PredictionIds.number(id));
    if (m == null) {
      throw new NotFoundException("unknown prediction id " + PredictionIds.format(id)
          + ": no prediction with that id was recorded in organisation " + org());
    }
    m.outcome(id, trueLabel, satisfaction);
  }

  @Override
  public void flush() {
    ctx.require(Permission.MONITOR);
    registry.flush(org());
  }

  @Override
  public ModelPerformance performance(String modelId, Period period) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(period, "period");
    return registry.performance(org(), modelId, period);
  }

  @Override
  public ReferenceProfile registerReference(String modelId, String version, ReferenceData data) {
    ctx.require(Permission.MONITOR);
    Checks c = new Checks("ReferenceProfile");
    c.notBlank("modelId", modelId);
    c.notBlank("version", version);
    c.required("data", data);
    c.throwIfAny();
    ReferenceProfile profile = ReferenceProfiler.capture(modelId, version, data, ctx.clock().instant());
    boolean replacing = registry.reference(org(), modelId, version).isPresent();
    String summary = profile.features().size() + " features profiled from " + profile.rows() + " rows";
    registry.registerReference(org(), profile, ctx.audit(replacing ? "monitoring.reference_replaced"
        : "monitoring.reference_registered", MonitorStore.REFERENCE, MonitorStore.id(modelId, version), null,
        summary, "reference profile of " + modelId + "/" + version));
    return profile;
  }

  @Override
  public Optional<ReferenceProfile> reference(String modelId, String version) {
    ctx.require(Permission.READ);
    return registry.reference(org(), modelId, version);
  }

  @Override
  public DriftReport drift(String modelId, String version, Period period, DriftOptions options) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(options, "options");
    return registry.drift(org(), modelId, version, period, options);
  }

  @Override
  public AlertRule addAlertRule(String modelId, AlertRule rule) {
    ctx.require(Permission.MONITOR);
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(rule, "rule");
    RuleParser.parse(rule.condition());
    registry.addRule(org(), modelId, rule, ctx.audit("monitoring.rule_saved", MonitorStore.RULE,
        MonitorStore.id(modelId, rule.name()), null, rule.condition(), "alert rule " + rule.name() + " of " + modelId));
    return rule;
  }

  @Override
  public List<AlertRule> alertRules(String modelId) {
    ctx.require(Permission.READ);
    return registry.rules(org(), modelId);
  }

  @Override
  public boolean removeAlertRule(String modelId, String name) {
    ctx.require(Permission.MONITOR);
    return registry.removeRule(org(), modelId, name, ctx.audit("monitoring.rule_removed", MonitorStore.RULE,
        MonitorStore.id(modelId, name), null, null, "alert rule " + name + " of " + modelId + " removed"));
  }

  @Override
  public List<Alert> alerts(String modelId, Period period) {
    ctx.require(Permission.READ);
    return registry.alerts(org(), modelId, period);
  }

  @Override
  public void registerBusinessMetric(String modelId, String name, BusinessMetric metric) {
    ctx.require(Permission.MONITOR);
    Checks c = new Checks("BusinessMetric");
    c.notBlank("modelId", modelId);
    c.check(name != null && name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}"), "name", name,
        "be 1 to 64 letters, digits or _ starting with a letter or _ (it is used in rules as business(name))");
    c.required("metric", metric);
    c.throwIfAny();
    registry.registerBusinessMetric(org(), modelId, name, metric);
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
      return monitor.record(features, prediction, probability, latencyNanos, error);
    }
  }
}
