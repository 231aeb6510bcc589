package dev.modelkit.deployment;

import dev.modelkit.ConfigurationException;
import dev.modelkit.DeploymentException;
import dev.modelkit.Deployments;
import dev.modelkit.Experiments;
import dev.modelkit.InvalidStateException;
import dev.modelkit.Monitoring;
import dev.modelkit.NotFoundException;
import dev.modelkit.config.Checks;
import dev.modelkit.config.Violation;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.HealthCheckConfig;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.RolloutType;
import dev.modelkit.deploy.ServedPrediction;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.deploy.TrafficChange;
import dev.modelkit.deployment.internal.HttpServingEndpoint;
import dev.modelkit.deployment.internal.ModelEndpoint;
import dev.modelkit.deployment.internal.Replica;
import dev.modelkit.deployment.internal.Rollout;
import dev.modelkit.deployment.internal.RouteState;
import dev.modelkit.deployment.internal.Router;
import dev.modelkit.deployment.internal.ServingMetrics;
import dev.modelkit.deployment.internal.TrafficSplit;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.Decision;
import dev.modelkit.experiment.ExperimentConclusion;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.DeploymentEngine;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment engine: loads versions into replicas, checks their health, shifts traffic by the
 * rollout strategy, judges canary stages on live evidence, rolls back on failed criteria, alerts or
 * request, and records which version served what share of traffic when.
 *
 * <p>Time advances through {@link #tick()}, called every {@code tickInterval} by its own thread or
 * by tests with a controlled clock, so that every rollout decision is reproducible.
 *
 * <p>Canary judgement: a stage ends when its duration has passed and at least {@code minSamples}
 * predictions of the new version were recorded in the stage's window; it passes when every
 * criterion holds on the window's metrics and, for the error rate, the new version is not
 * significantly worse than the live one (one-sided two-proportion z-test at {@code alpha}). An
 * error-rate criterion also fails early, before the stage ends, as soon as the 99% Wilson lower
 * bound of the new version's error rate exceeds the threshold. A stage without enough evidence after
 * three times its duration rolls back, because promotion needs evidence. The last stage's
 * criteria, when its duration is 0, are judged on the previous stage's window.
 */
public final class DeploymentManager implements DeploymentEngine, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentManager.class);
  /** Metadata kind of deployments. */
  public static final String KIND = "deployment";
  /** Metadata kind of per-model traffic histories. */
  public static final String HISTORY_KIND = "deployment_history";
  private static final long SCALE_COOLDOWN_SECONDS = 30;

  private final ModelLoader loader;
  private final LoadGauge gauge;
  private final Clock clock;
  private final CanaryJudge judge;
  private final Router router;
  private final ServingMetrics serving = new ServingMetrics();
  private final ConcurrentHashMap<String, Monitoring> monitors = new ConcurrentHashMap<>();
  /** Organisation, then model, then version: three lookups and no allocation per prediction. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String,
      dev.modelkit.monitoring.PredictionRecorder>>> recorders = new ConcurrentHashMap<>();
  private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
  private final Map<String, String> currentByModel = new ConcurrentHashMap<>();
  private final Map<String, HttpServingEndpoint> endpoints = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService batches = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "modelkit-batch-scoring");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;
  private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "modelkit-health-probe");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param loader loads versions into endpoints
   * @param stageMetrics evidence for canary criteria
   * @param clock the clock
   * @param tickInterval how often rollouts advance on their own; null to advance only through
   *     {@link #tick()}
   * @param minSamples predictions of the new version a stage needs before it can pass, at least 1
   * @param alpha significance level of the canary-versus-live comparison, in (0, 1)
   */
  public DeploymentManager(ModelLoader loader, StageMetrics stageMetrics, Clock clock, Duration tickInterval,
      int minSamples, double alpha) {
    this(loader, stageMetrics, LoadGauge.JVM, clock, tickInterval, minSamples, alpha);
  }

  /**
   * @param loader loads versions into endpoints
   * @param stageMetrics evidence for canary criteria
   * @param gauge process load, for autoscaling
   * @param clock the clock
   * @param tickInterval how often rollouts advance on their own; null for manual {@link #tick()}
   * @param minSamples predictions of the new version a stage needs before it can pass
   * @param alpha significance level of the canary-versus-live comparison
   */
  public DeploymentManager(ModelLoader loader, StageMetrics stageMetrics, LoadGauge gauge, Clock clock,
      Duration tickInterval, int minSamples, double alpha) {
    if (minSamples < 1 || !(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("minSamples must be at least 1 and alpha in (0, 1); were " + minSamples + ", " + alpha);
    }
    this.loader = loader;
    this.gauge = gauge;
    this.clock = clock;
    this.judge = new CanaryJudge(stageMetrics, minSamples, alpha);
    this.router = new Router(this::observe);
    if (tickInterval != null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "modelkit-rollout-ticker");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(this::tickSafely, tickInterval.toMillis(), tickInterval.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  @Override
  public Deployments deployments(ServiceContext context) {
    return new View(context);
  }

  /** @return the router every prediction passes through */
  public Router router() {
    return router;
  }

  /** @return the serving metrics */
  public ServingMetrics servingMetrics() {
    return serving;
  }

  private String observe(String org, String modelId, String version, Map<String, Object> features, Object output,
      long nanos, boolean error) {
    serving.observe(org, modelId, version, features, output, nanos, error);
    return monitor(org, modelId, version, features, output, nanos, error);
  }

  /** Records a prediction in monitoring; returns its prediction id, or null when it was not recorded. */
  private String monitor(String org, String modelId, String version, Map<String, Object> features, Object output,
      long nanos, boolean error) {
    dev.modelkit.monitoring.PredictionRecorder rec = recorder(org, modelId, version);
    if (rec == null) {
      return null;
    }
    String label = output == null ? null : Outputs.label(output);
    double probability = output == null ? Double.NaN : Outputs.probability(output);
    try {
      return Long.toString(rec.record(features, label, probability, nanos, error));
    } catch (RuntimeException e) {
      // a monitoring problem (for example features that differ from the reference profile) must
      // not fail the prediction that was already served; it is logged and the call goes on
      LOG.warn("Monitoring refused a prediction of {} {}: {}", modelId, version, e.getMessage());
      return null;
    }
  }

  private dev.modelkit.monitoring.PredictionRecorder recorder(String org, String modelId, String version) {
    var byModel = recorders.get(org);
    var byVersion = byModel == null ? null : byModel.get(modelId);
    dev.modelkit.monitoring.PredictionRecorder rec = byVersion == null ? null : byVersion.get(version);
    if (rec != null) {
      return rec;
    }
    Monitoring m = monitors.get(org);
    if (m == null) {
      return null;
    }
    return recorders.computeIfAbsent(org, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(modelId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(version, k -> m.recorder(modelId, version));
  }

  // ---------------------------------------------------------------- operations

  private synchronized ModelDeployment deploy(ServiceContext ctx, String modelId, String version, DeploymentTarget target,
      RolloutStrategy requested) {
    ctx.require(Permission.DEPLOY);
    RolloutStrategy strategy = requested == null ? RolloutStrategy.blueGreen() : requested;
    List<List<Criterion>> criteria = CanaryJudge.parseCriteria(strategy);
    String org = ctx.principal().organizationId();
    if (target.type() == TargetType.BATCH) {
      // before the file checks: a running batch's output exists before its first commit, and
      // "another run is writing it" is the true reason, not "the file exists"
      refuseOutputInUse(target);
    }
    if (target.type() == TargetType.BATCH || target.type() == TargetType.EDGE) {
      OfflineTargets.checkFiles(target);
    }
    ModelVersion mv = ctx.service().models().requireDeployable(modelId, version, target.environment());
    if (target.type() == TargetType.BATCH || target.type() == TargetType.EDGE) {
      return deployOffline(ctx, mv, target, strategy, criteria);
    }
    String key = key(org, modelId);
    Rollout current = Optional.ofNullable(currentByModel.get(key)).map(rollouts::get).orElse(null);
    if (current != null && (current.status == DeploymentStatus.ROLLING_OUT || current.status == DeploymentStatus.PAUSED
        || current.status == DeploymentStatus.PENDING)) {
      throw new InvalidStateException("Deployment " + current.id + " of model '" + modelId + "' is still "
          + current.status.wireName() + "; promote it, roll it back or wait for it to finish before deploying version " + version + ".");
    }
    RouteState live = router.route(org, modelId);
    if (live != null && live.split().shares().size() > 1 && strategy.type() != RolloutType.AB_TEST) {
      throw new InvalidStateException("Model '" + modelId + "' is split between versions " + live.split().shares().keySet()
          + "; conclude or roll back that split before a " + strategy.type().wireName() + " rollout.");
    }
    String previous = live == null ? null : live.split().version(0);
    if (version.equals(previous)) {
      throw new InvalidStateException("Version " + version + " of model '" + modelId + "' is already live.");
    }
    ABTestExperiment configured = null;
    if (strategy.type() == RolloutType.AB_TEST) {
      if (previous == null || live.split().shares().size() > 1) {
        throw new ConfigurationException("RolloutStrategy", List.of(new Violation("type", "ab_test",
            "be used when exactly one version of model '" + modelId + "' is live, to compare version " + version
                + " with it; deploy a first version with blue_green")));
      }
      if (strategy.experimentId() != null) {
        configured = AbTests.checkConfigured(ctx.service().experiments(), strategy.experimentId(), modelId, previous, version);
      }
    }
    Instant now = clock.instant();
    Rollout r = new Rollout(newId(), ctx, modelId, version, previous, target, strategy, criteria, now);
    monitors.putIfAbsent(org, ctx.service().monitoring());
    registerAlertRules(ctx, modelId, target);
    if (target.type() == TargetType.API) {
      r.endpoint = ensureEndpoint(ctx, target);
    }
    int replicas = target.configuration().replicas();
    int toLoad = strategy.type() == RolloutType.ROLLING && live != null ? Math.min(batch(strategy), replicas) : replicas;
    try {
      r.newReplicas.addAll(loadHealthy(ctx, mv, toLoad, target, r.id));
    } catch (DeploymentException e) {
      r.status = DeploymentStatus.FAILED;
      r.reason = e.getMessage();
      persist(r, "deployment.failed", r.reason);
      throw e;
    }
    if (live != null) {
      for (int i = 0; i < live.split().size(); i++) {
        if (live.split().version(i).equals(previous)) {
          r.oldReplicas.addAll(List.of(live.replicas(i)));
        }
      }
    }
    rollouts.put(r.id, r);
    Rollout superseded = current;
    currentByModel.put(key, r.id);
    persist(r, "deployment.created", "deploy " + modelId + " " + version + " with " + strategy.type().wireName());
    if (live == null || strategy.type() == RolloutType.RECREATE || strategy.type() == RolloutType.BLUE_GREEN) {
      switchTo(r, Map.of(version, 100.0), "blue-green switch to " + version);
      goLive(r, superseded, now);
    } else if (strategy.type() == RolloutType.CANARY) {
      r.status = DeploymentStatus.ROLLING_OUT;
      r.stage = 0;
      r.stageStart = now;
      publishCanary(r, strategy.stages().get(0).percentage(), "canary stage 1 of " + strategy.stages().size());
      persist(r, "deployment.stage", "canary stage 1 at " + strategy.stages().get(0).percentage() + "%");
    } else if (strategy.type() == RolloutType.ROLLING) {
      r.status = DeploymentStatus.ROLLING_OUT;
      r.stage = 0;
      r.stageStart = now;
      publishRolling(r, "rolling step 1");
      persist(r, "deployment.stage", "rolling step 1: " + r.newReplicas.size() + " of " + replicas + " replicas replaced");
      if (r.newReplicas.size() >= replicas) {
        goLive(r, superseded, now);
      }
    } else if (strategy.type() == RolloutType.AB_TEST) {
      startAbTest(r, configured);
    }
    return r.snapshot(clock.instant());
  }

  /**
   * A {@code batch} or {@code edge} target serves no traffic: the live route is untouched. Batch
   * scoring checks the version's health, then runs on its own thread (the deployment is rolling
   * out meanwhile, completed or failed after); an edge export is written and verified at once.
   */
  private void refuseOutputInUse(DeploymentTarget target) {
    java.nio.file.Path out;
    try {
      out = java.nio.file.Path.of(target.configuration().output()).toAbsolutePath().normalize();
    } catch (RuntimeException invalid) {
      return; // a missing or invalid path is reported by the file checks
    }
    for (Rollout other : rollouts.values()) {
      if (other.target.type() == TargetType.BATCH && !other.status.isFinal()
          && java.nio.file.Path.of(other.target.configuration().output()).toAbsolutePath().normalize().equals(out)) {
        throw new InvalidStateException("Deployment " + other.id + " is still scoring into " + out
            + "; wait for it to complete or choose another output file.");
      }
    }
  }

  private ModelDeployment deployOffline(ServiceContext ctx, ModelVersion mv, DeploymentTarget target,
      RolloutStrategy strategy, List<List<Criterion>> criteria) {
    Instant now = clock.instant();
    Rollout r = new Rollout(newId(), ctx, mv.modelId(), mv.version(), null, target, strategy, criteria, now);
    r.endpoint = target.configuration().output();
    rollouts.put(r.id, r);
    persist(r, "deployment.created", "deploy " + mv.modelId() + " " + mv.version() + " to the " + target.type().wireName()
        + " target " + target.id());
    if (target.type() == TargetType.EDGE) {
      try {
        java.nio.file.Path dir = EdgeExporter.export(mv, ctx.artifacts(), java.nio.file.Path.of(target.configuration().output()), now);
        List<String> problems = EdgeExporter.verify(dir);
        if (!problems.isEmpty()) {
          throw new DeploymentException("The export of " + mv.modelId() + " " + mv.version() + " in " + dir
              + " does not match its manifest: " + problems);
        }
        r.endpoint = dir.toString();
        r.status = DeploymentStatus.COMPLETED;
        r.reason = "exported with its manifest to " + dir;
        persist(r, "deployment.exported", r.reason);
      } catch (RuntimeException e) {
        r.status = DeploymentStatus.FAILED;
        r.reason = e.getMessage();
        persist(r, "deployment.failed", r.reason);
        throw e;
      }
      return r.snapshot(clock.instant());
    }
    List<Replica> loaded;
    try {
      loaded = loadHealthy(ctx, mv, 1, target, r.id);
    } catch (DeploymentException e) {
      r.status = DeploymentStatus.FAILED;
      r.reason = e.getMessage();
      persist(r, "deployment.failed", r.reason);
      throw e;
    }
    Replica replica = loaded.get(0);
    r.newReplicas.add(replica);
    r.status = DeploymentStatus.ROLLING_OUT;
    persist(r, "deployment.stage", "scoring " + target.configuration().input() + " into " + target.configuration().output());
    monitors.putIfAbsent(r.organizationId, ctx.service().monitoring());
    batches.submit(() -> runBatch(r, replica));
    return r.snapshot(clock.instant());
  }

  private void runBatch(Rollout r, Replica replica) {
    dev.modelkit.deploy.BatchReport report = null;
    String failure = null;
    try {
      // batch rows go to monitoring (accuracy once outcomes arrive, drift, volume) but not to the
      // serving metrics, which judge live rollouts on live traffic only
      report = BatchScorer.score(replica.endpoint(), java.nio.file.Path.of(r.target.configuration().input()),
          java.nio.file.Path.of(r.target.configuration().output()),
          (features, prediction, nanos, error) -> monitor(r.organizationId, r.modelId, r.version,
              features, prediction, nanos, error));
    } catch (RuntimeException e) {
      failure = e.getMessage();
    } finally {
      replica.retire();
    }
    synchronized (this) {
      r.newReplicas.clear();
      if (closed) {
        // the runtime is closing: the run stopped at a committed row, and the stored deployment
        // says it is still rolling out; the next deployModel of the same files continues it
        return;
      }
      if (report != null) {
        // readers see the status last, with its reason and report already in place
        r.batch = report;
        r.reason = "scored " + report.rowsScored() + " rows (" + report.rowsSkipped() + " already scored by an earlier run, "
            + report.rowsFailed() + " failed) into " + report.output();
        r.status = DeploymentStatus.COMPLETED;
        persist(r, "deployment.completed", r.reason);
      } else {
        r.reason = failure;
        r.status = DeploymentStatus.FAILED;
        persist(r, "deployment.failed", failure);
      }
    }
  }

  private void startAbTest(Rollout r, ABTestExperiment configured) {
    Experiments experiments = r.context.service().experiments();
    AbTests.Plan plan;
    try {
      plan = AbTests.start(experiments, configured, r.modelId, r.previousVersion, r.version, r.strategy, r.id);
    } catch (RuntimeException e) {
      r.newReplicas.forEach(Replica::retire);
      r.newReplicas.clear();
      r.status = DeploymentStatus.FAILED;
      r.reason = "the experiment could not be started: " + e.getMessage();
      persist(r, "deployment.failed", r.reason);
      restoreCurrent(r);
      throw e;
    }
    RolloutStrategy s = r.strategy;
    r.strategy = new RolloutStrategy(s.type(), s.percentage(), s.duration(), s.stages(), s.batchSize(), plan.experiment().id());
    r.status = DeploymentStatus.ROLLING_OUT;
    Map<String, Double> traffic = new LinkedHashMap<>();
    traffic.put(r.previousVersion, plan.traffic().getOrDefault(r.previousVersion, 0.0));
    traffic.put(r.version, plan.traffic().getOrDefault(r.version, 0.0));
    r.plannedTraffic = traffic;
    r.experimentSplit = AbTests.split(experiments, plan, List.of(r.previousVersion, r.version));
    publishAbSplit(r, "A/B split by experiment " + plan.experiment().id());
    persist(r, "deployment.stage", "A/B test: experiment " + plan.experiment().id() + " assigns each unit to version "
        + r.previousVersion + " or " + r.version);
  }

  private void publishAbSplit(Rollout r, String reason) {
    TrafficSplit ts = TrafficSplit.of(r.plannedTraffic);
    List<List<Replica>> reps = List.of(List.copyOf(r.oldReplicas), List.copyOf(r.newReplicas));
    router.publish(r.organizationId, r.modelId, new RouteState(ts, reps, r.experimentSplit));
    r.traffic = ts.shares();
    recordHistory(r, reason);
  }

  /** A deployment that failed after it became current hands "current" back to the live one. */
  private void restoreCurrent(Rollout failed) {
    String key = key(failed.organizationId, failed.modelId);
    rollouts.values().stream()
        .filter(o -> o != failed && o.organizationId.equals(failed.organizationId) && o.modelId.equals(failed.modelId)
            && o.status == DeploymentStatus.LIVE)
        .findFirst().ifPresentOrElse(o -> currentByModel.put(key, o.id), () -> currentByModel.remove(key));
  }

  /**
   * Follows the experiment of an {@code ab_test} rollout: records the queued outcomes, and when
   * the experiment is concluded, rolled back, paused or stopped, does the same to the deployment.
   */
  private void followExperiment(Rollout r, Instant now) {
    Experiments experiments = r.context.service().experiments();
    String id = r.strategy.experimentId();
    List<MetricEvent> events = r.experimentSplit.drain();
    ABTestExperiment e = experiments.get(id);
    if (!events.isEmpty() && e.status() != ExperimentStatus.CONCLUDED) {
      experiments.record(id, events);
    }
    switch (e.status()) {
      case CONCLUDED -> {
        ExperimentConclusion c = e.conclusion();
        String winner = c == null ? null : c.winnerVariantId();
        boolean newWins = c != null && c.decision() == Decision.WINNER
            && e.variant(winner).version().equals(r.version) && e.variant(winner).modelId().equals(r.modelId);
        if (newWins) {
          goLive(r, null, now, "experiment " + id + " concluded with variant '" + winner + "' (version " + r.version
              + ") as the winner: " + c.reasoning());
        } else {
          rollbackLocked(r, "experiment " + id + " concluded " + (c == null ? "" : c.decision() == Decision.WINNER
              ? "with variant '" + winner + "' as the winner" : "without a decision") + ", not for version " + r.version
              + (c == null ? "" : ": " + c.reasoning()));
        }
      }
      case ROLLED_BACK -> rollbackLocked(r, "experiment " + id + " was rolled back: " + e.statusReason());
      case PAUSED, STOPPED -> {
        if (r.status == DeploymentStatus.ROLLING_OUT) {
          String why = "experiment " + id + " is " + e.status().wireName() + ": " + e.statusReason();
          // the experiment now serves everyone the control; the history says so before the
          // status does, so that a caller who sees the pause also sees its traffic
          r.traffic = Map.of(r.previousVersion, 100.0);
          recordHistory(r, why);
          r.reason = why;
          r.status = DeploymentStatus.PAUSED;
          persist(r, "deployment.paused", why);
        }
      }
      case RUNNING -> {
        if (r.status == DeploymentStatus.PAUSED) {
          r.status = DeploymentStatus.ROLLING_OUT;
          r.reason = null;
          r.traffic = TrafficSplit.of(r.plannedTraffic).shares();
          recordHistory(r, "experiment " + id + " is running again");
          persist(r, "deployment.resumed", "experiment " + id + " is running again");
        }
      }
      default -> { }
    }
  }

  private ModelDeployment promote(ServiceContext ctx, String id) {
    ctx.require(Permission.DEPLOY);
    synchronized (this) {
      Rollout r = find(ctx, id);
      if (r.status != DeploymentStatus.ROLLING_OUT && r.status != DeploymentStatus.PAUSED) {
        throw new InvalidStateException("Deployment " + id + " is " + r.status.wireName() + "; only a rolling out or paused deployment can be promoted.");
      }
      if (r.experimentSplit != null) {
        String reason = "promoted by " + ctx.principal().userId() + " through deployment " + r.id;
        ABTestExperiment e = ctx.service().experiments().get(r.strategy.experimentId());
        String treatment = e.variants().stream().filter(v -> v.version().equals(r.version)).findFirst().orElseThrow().id();
        if (e.status() == ExperimentStatus.RUNNING || e.status() == ExperimentStatus.PAUSED || e.status() == ExperimentStatus.STOPPED) {
          ctx.service().experiments().conclude(e.id(), Decision.WINNER, treatment, reason);
        }
        goLive(r, null, clock.instant(), "experiment " + e.id() + " concluded with version " + r.version + " as the winner: " + reason);
        return r.snapshot(clock.instant());
      }
      advance(r, clock.instant(), "promoted by " + ctx.principal().userId());
      return r.snapshot(clock.instant());
    }
  }

  private ModelDeployment pause(ServiceContext ctx, String id, String reason) {
    ctx.require(Permission.DEPLOY);
    synchronized (this) {
      Rollout r = find(ctx, id);
      if (r.status != DeploymentStatus.ROLLING_OUT) {
        throw new InvalidStateException("Deployment " + id + " is " + r.status.wireName() + "; only a rolling out deployment can be paused.");
      }
      if (r.experimentSplit != null) {
        ctx.service().experiments().pause(r.strategy.experimentId(), reason == null ? "paused through deployment " + r.id : reason);
        r.traffic = Map.of(r.previousVersion, 100.0);
        recordHistory(r, "experiment paused: everyone gets the control");
      }
      r.status = DeploymentStatus.PAUSED;
      r.reason = reason;
      persist(r, "deployment.paused", reason);
      return r.snapshot(clock.instant());
    }
  }

  private ModelDeployment resume(ServiceContext ctx, String id) {
    ctx.require(Permission.DEPLOY);
    synchronized (this) {
      Rollout r = find(ctx, id);
      if (r.status != DeploymentStatus.PAUSED) {
        throw new InvalidStateException("Deployment " + id + " is " + r.status.wireName() + "; only a paused deployment can be resumed.");
      }
      if (r.experimentSplit != null) {
        ctx.service().experiments().start(r.strategy.experimentId());
        r.traffic = TrafficSplit.of(r.plannedTraffic).shares();
        recordHistory(r, "experiment running again");
      }
      r.status = DeploymentStatus.ROLLING_OUT;
      r.stageStart = clock.instant();
      r.reason = null;
      persist(r, "deployment.resumed", "resumed by " + ctx.principal().userId());
      return r.snapshot(clock.instant());
    }
  }

  private ModelDeployment rollback(ServiceContext ctx, String id, String reason) {
    ctx.require(Permission.DEPLOY);
    synchronized (this) {
      Rollout r = find(ctx, id);
      rollbackLocked(r, reason == null || reason.isBlank() ? "rolled back by " + ctx.principal().userId() : reason);
      return r.snapshot(clock.instant());
    }
  }

  /**
   * Reacts to a monitoring alert: when its actions include {@code rollback}, the model's current
   * deployment in the alert's organisation is rolled back, with the alert as the reason.
   *
   * @param alert the alert
   */
  @Override
  public synchronized void onAlert(Alert alert) {
    if (!alert.actions().contains("rollback")) {
      return;
    }
    String id = currentByModel.get(key(alert.organizationId(), alert.modelId()));
    Rollout r = id == null ? null : rollouts.get(id);
    if (r == null || r.status.isFinal() || r.previousVersion == null) {
      LOG.warn("Alert {} asks for a rollback of model {} but it has no deployment with a previous version to return to",
          alert.name(), alert.modelId());
      return;
    }
    rollbackLocked(r, "automatic rollback: alert '" + alert.name() + "' (" + alert.condition() + ") observed " + alert.value());
  }

  /**
   * Rebuilds the routes of the deployments that were serving when the runtime last closed: live
   * deployments serve their version again; rollouts that were in progress serve their last traffic
   * split and go on from their current stage, whose evidence window (in memory) starts again;
   * paused rollouts stay paused; A/B rollouts follow their experiment again; batch runs that were
   * cut short are marked failed with how to continue them. Each restored deployment gets a {@code deployment.restored} audit
   * event by the organisation's system principal.
   */
  @Override
  public synchronized void restore(MetadataStore metadata, Function<String, ServiceContext> systemContext) {
    Map<String, ServiceContext> contexts = new LinkedHashMap<>();
    List<EntityRecord> live = metadata.listAllOrganizations(KIND, DeploymentStatus.LIVE.name());
    List<EntityRecord> moving = new ArrayList<>();
    for (DeploymentStatus s : List.of(DeploymentStatus.ROLLING_OUT, DeploymentStatus.PAUSED, DeploymentStatus.PENDING)) {
      moving.addAll(metadata.listAllOrganizations(KIND, s.name()));
    }
    for (EntityRecord e : live) {
      restoreOne(contexts.computeIfAbsent(e.organizationId(), systemContext), e);
    }
    for (EntityRecord e : moving) {
      restoreOne(contexts.computeIfAbsent(e.organizationId(), systemContext), e);
    }
  }

  private void restoreOne(ServiceContext ctx, EntityRecord e) {
    ModelDeployment md = ctx.json().fromJson(e.json(), ModelDeployment.class);
    Rollout r = new Rollout(md.id(), ctx, md.modelId(), md.version(), md.previousVersion(), md.target(), md.strategy(),
        CanaryJudge.parseCriteria(md.strategy()), md.createdAt());
    r.stage = md.stage();
    r.stageStart = clock.instant();
    r.traffic = md.traffic();
    r.endpoint = md.endpoint();
    r.storedVersion = e.version();
    rollouts.put(r.id, r);
    TargetType type = md.target().type();
    if (type == TargetType.BATCH || type == TargetType.EDGE) {
      r.status = DeploymentStatus.FAILED;
      r.reason = "interrupted: ModelKit closed while this " + type.wireName() + " deployment was running; its committed "
          + "rows are kept, deploy again with the same files to continue after the last of them";
      persist(r, "deployment.failed", r.reason);
      return;
    }
    try {
      monitors.putIfAbsent(r.organizationId, ctx.service().monitoring());
      if (type == TargetType.API) {
        r.endpoint = ensureEndpoint(ctx, md.target());
      }
      if (md.status() == DeploymentStatus.LIVE) {
        r.newReplicas.addAll(loadHealthy(ctx, ctx.service().models().get(r.modelId, r.version),
            md.target().configuration().replicas(), md.target(), r.id + "-restored"));
        router.publish(r.organizationId, r.modelId, new RouteState(TrafficSplit.single(r.version),
            List.of(List.copyOf(r.newReplicas))));
        r.traffic = Map.of(r.version, 100.0);
        r.status = DeploymentStatus.LIVE;
        currentByModel.put(key(r.organizationId, r.modelId), r.id);
        persist(r, "deployment.restored", "restored after a restart: version " + r.version + " serves all traffic");
        return;
      }
      restoreInProgress(ctx, r, md);
    } catch (RuntimeException x) {
      LOG.error("Deployment {} of {} {} could not be restored after the restart: {}", r.id, r.modelId, r.version,
          x.getMessage(), x);
      rollouts.remove(r.id);
    }
  }

  private void restoreInProgress(ServiceContext ctx, Rollout r, ModelDeployment md) {
    RouteState live = router.route(r.organizationId, r.modelId);
    if (r.previousVersion != null) {
      if (live != null && live.split().size() == 1 && live.split().version(0).equals(r.previousVersion)) {
        r.oldReplicas.addAll(List.of(live.replicas(0)));
      } else {
        r.oldReplicas.addAll(loadHealthy(ctx, ctx.service().models().get(r.modelId, r.previousVersion),
            md.target().configuration().replicas(), md.target(), r.id + "-restored"));
      }
    }
    r.newReplicas.addAll(loadHealthy(ctx, ctx.service().models().get(r.modelId, r.version),
        md.target().configuration().replicas(), md.target(), r.id + "-restored"));
    currentByModel.put(key(r.organizationId, r.modelId), r.id);
    if (md.strategy().type() == RolloutType.AB_TEST && md.strategy().experimentId() != null) {
      Experiments experiments = ctx.service().experiments();
      ABTestExperiment e = experiments.get(md.strategy().experimentId());
      AbTests.Plan plan = AbTests.plan(e);
      Map<String, Double> planned = new LinkedHashMap<>();
      planned.put(r.previousVersion, plan.traffic().getOrDefault(r.previousVersion, 0.0));
      planned.put(r.version, plan.traffic().getOrDefault(r.version, 0.0));
      r.plannedTraffic = planned;
      r.experimentSplit = AbTests.split(experiments, plan, List.of(r.previousVersion, r.version));
      r.status = md.status() == DeploymentStatus.PAUSED ? DeploymentStatus.PAUSED : DeploymentStatus.ROLLING_OUT;
      TrafficSplit ts = TrafficSplit.of(planned);
      router.publish(r.organizationId, r.modelId, new RouteState(ts,
          List.of(List.copyOf(r.oldReplicas), List.copyOf(r.newReplicas)), r.experimentSplit));
      persist(r, "deployment.restored", "restored after a restart: experiment " + e.id() + " assigns the units again");
      return;
    }
    Map<String, Double> traffic = md.traffic().isEmpty() && r.previousVersion != null
        ? Map.of(r.previousVersion, 100.0) : md.traffic();
    switchTo(r, traffic, "restored after a restart");
    if (md.status() == DeploymentStatus.PAUSED) {
      r.status = DeploymentStatus.PAUSED;
      r.reason = md.reason();
      persist(r, "deployment.restored", "restored after a restart at stage " + (r.stage + 1) + " with traffic "
          + r.traffic + ", paused as it was before (" + md.reason() + ")");
      return;
    }
    boolean judgesPreviousWindow = r.strategy.type() == RolloutType.CANARY && r.stage > 0
        && r.strategy.stages().get(r.stage).duration() == 0 && !r.criteria.get(r.stage).isEmpty();
    if (md.status() != DeploymentStatus.ROLLING_OUT || judgesPreviousWindow) {
      // Still loading when the process ended (no stage traffic applied yet), or a stage with no
      // window of its own that judges the previous stage's, which was in memory: a person decides.
      r.status = DeploymentStatus.PAUSED;
      r.reason = "restored after a restart at stage " + (r.stage + 1) + " with traffic " + r.traffic
          + (judgesPreviousWindow ? "; the stage judges the previous stage's evidence, which was lost with the process"
              : "; it was still loading its replicas when the process ended")
          + ": resume, promote or roll it back";
      persist(r, "deployment.restored", r.reason);
      return;
    }
    // The stage's evidence (serving metrics) was in memory: the stage starts again now and runs its
    // whole duration on new evidence, so a restart can neither skip nor shorten a stage.
    r.status = DeploymentStatus.ROLLING_OUT;
    r.stageStart = clock.instant();
    r.previousStageStart = r.stageStart;
    r.reason = null;
    persist(r, "deployment.restored", "restored after a restart at stage " + (r.stage + 1) + " with traffic "
        + r.traffic + "; the stage's evidence window was lost with the process and starts again at " + r.stageStart);
  }

  /**
   * Advances every rollout whose stage is due, probes replicas whose health check is due, and
   * scales live deployments; called by the ticker thread or by tests.
   */
  public synchronized void tick() {
    Instant now = clock.instant();
    for (Rollout r : List.copyOf(rollouts.values())) {
      if (r.experimentSplit != null && (r.status == DeploymentStatus.ROLLING_OUT || r.status == DeploymentStatus.PAUSED)) {
        try {
          followExperiment(r, now);
        } catch (RuntimeException e) {
          // the experiment's store is unavailable for now: traffic stays as the experiment
          // assigns it and the next tick tries again
          LOG.warn("Following experiment {} of deployment {} failed: {}", r.strategy.experimentId(), r.id, e.getMessage());
        }
      } else if (r.status == DeploymentStatus.ROLLING_OUT && !offline(r)) {
        try {
          step(r, now);
        } catch (RuntimeException e) {
          LOG.error("Rollout {} of model {} failed to advance; rolling back", r.id, r.modelId, e);
          rollbackLocked(r, "rollout error: " + e.getMessage());
        }
      }
      if (!r.status.isFinal() && r.status != DeploymentStatus.PENDING && !offline(r)) {
        checkHealth(r, now);
      }
      if (r.status == DeploymentStatus.LIVE && r.target.scaling() != null
          && r.id.equals(currentByModel.get(key(r.organizationId, r.modelId)))) {
        scale(r, now);
      }
    }
  }

  /** A batch run or edge export: it advances on its own thread, not by stages. */
  private static boolean offline(Rollout r) {
    return r.target.type() == TargetType.BATCH || r.target.type() == TargetType.EDGE;
  }

  private void checkHealth(Rollout r, Instant now) {
    HealthCheckConfig hc = r.target.configuration().healthCheck();
    long interval = hc == null ? 30_000 : (long) (hc.interval() * 1000);
    long timeout = hc == null ? 10_000 : (long) (hc.timeout() * 1000);
    int retries = hc == null ? 3 : hc.retries();
    List<Replica> all = new ArrayList<>(r.newReplicas);
    all.addAll(r.oldReplicas);
    for (Replica rep : all) {
      if (rep.probeDue(now, interval)) {
        probes.submit(() -> rep.recordHealth(probe(rep.endpoint(), timeout) == null, retries));
      }
    }
  }

  private void scale(Rollout r, Instant now) {
    dev.modelkit.deploy.ScalingConfig s = r.target.scaling();
    if (r.lastScaled != null && now.isBefore(r.lastScaled.plusSeconds(SCALE_COOLDOWN_SECONDS))) {
      return;
    }
    double cpu = gauge.cpuPercent();
    double mem = gauge.memoryPercent();
    int n = r.newReplicas.size();
    int wanted = desiredReplicas(s, n, cpu, mem);
    if (wanted > n) {
      ModelVersion mv = r.context.service().models().get(r.modelId, r.version);
      try {
        r.newReplicas.addAll(loadHealthy(r.context, mv, 1, r.target, r.id + "-scale" + n));
      } catch (DeploymentException e) {
        LOG.warn("Scaling up {} {} failed: {}", r.modelId, r.version, e.getMessage());
        return;
      }
      r.lastScaled = now;
      switchTo(r, r.traffic, String.format(java.util.Locale.ROOT, "scaled up to %d replicas (cpu %.0f%%, memory %.0f%%)", n + 1, cpu, mem));
      persist(r, "deployment.scaled", "scaled up to " + (n + 1) + " replicas");
    } else if (wanted < n) {
      Replica gone = r.newReplicas.remove(n - 1);
      r.lastScaled = now;
      switchTo(r, r.traffic, String.format(java.util.Locale.ROOT, "scaled down to %d replicas (cpu %.0f%%, memory %.0f%%)", n - 1, cpu, mem));
      gone.retire();
      persist(r, "deployment.scaled", "scaled down to " + (n - 1) + " replicas");
    }
  }

  /**
   * The autoscaling rule: one replica more when CPU or memory is above its target, one fewer when
   * both are below half their targets, always within [min, max]; an unknown CPU reading counts as
   * neither hot nor cold on its own.
   *
   * @param s the scaling bounds and targets
   * @param n replicas now
   * @param cpu CPU utilisation percent, or NaN
   * @param mem memory utilisation percent
   * @return the replica count to move to
   */
  static int desiredReplicas(dev.modelkit.deploy.ScalingConfig s, int n, double cpu, double mem) {
    if (n < s.minReplicas()) {
      return s.minReplicas();
    }
    if (n > s.maxReplicas()) {
      return s.maxReplicas();
    }
    boolean hot = (!Double.isNaN(cpu) && cpu > s.targetCPU()) || mem > s.targetMemory();
    boolean cold = (Double.isNaN(cpu) || cpu < s.targetCPU() / 2) && mem < s.targetMemory() / 2;
    if (hot && n < s.maxReplicas()) {
      return n + 1;
    }
    if (cold && !hot && n > s.minReplicas()) {
      return n - 1;
    }
    return n;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.error("Rollout tick failed", e);
    }
  }

  // ---------------------------------------------------------------- rollout steps

  private void step(Rollout r, Instant now) {
    if (r.strategy.type() == RolloutType.ROLLING) {
      double wait = r.strategy.duration() == null ? 0 : r.strategy.duration();
      if (!now.isBefore(r.stageStart.plusMillis((long) (wait * 1000)))) {
        advance(r, now, null);
      }
      return;
    }
    CanaryJudge.Verdict v = judge.stage(r.context, r.modelId, r.version, r.previousVersion, r.stage,
        r.strategy.stages().get(r.stage), r.criteria.get(r.stage), r.stageStart, r.previousStageStart, now);
    switch (v.decision()) {
      case ADVANCE -> advance(r, now, null);
      case ROLL_BACK -> rollbackLocked(r, v.reason());
      case WAIT -> {
        // the stage goes on
      }
    }
  }

  private void advance(Rollout r, Instant now, String note) {
    if (r.strategy.type() == RolloutType.ROLLING) {
      int replicas = r.target.configuration().replicas();
      if (r.newReplicas.size() >= replicas) {
        goLive(r, null, now);
        return;
      }
      ModelVersion mv = r.context.service().models().get(r.modelId, r.version);
      int add = Math.min(batch(r.strategy), replicas - r.newReplicas.size());
      try {
        r.newReplicas.addAll(loadHealthy(r.context, mv, add, r.target, r.id));
      } catch (DeploymentException e) {
        rollbackLocked(r, "rolling step " + (r.stage + 2) + " failed its health check: " + e.getMessage());
        return;
      }
      synchronized (r) { // get() sees the new step only with its traffic and audit record
        r.stage++;
        r.stageStart = now;
        publishRolling(r, note != null ? note : "rolling step " + (r.stage + 1));
        persist(r, "deployment.stage", "rolling step " + (r.stage + 1) + ": " + r.newReplicas.size() + " of " + replicas + " replicas replaced");
      }
      if (r.newReplicas.size() >= replicas) {
        goLive(r, null, now);
      }
      return;
    }
    List<CanaryStage> stages = r.strategy.stages();
    if (r.stage + 1 >= stages.size()) {
      goLive(r, null, now);
      return;
    }
    double pct;
    synchronized (r) { // get() sees the new stage only with its traffic and audit record
      r.previousStageStart = r.stageStart;
      r.stage++;
      r.stageStart = now;
      pct = stages.get(r.stage).percentage();
      String why = note != null ? note : "canary stage " + (r.stage + 1) + " of " + stages.size();
      publishCanary(r, pct, why);
      persist(r, "deployment.stage", why + " at " + Checks.num(pct) + "%");
    }
    if (pct >= 100 && stages.get(r.stage).duration() == 0 && r.criteria.get(r.stage).isEmpty()) {
      goLive(r, null, now);
    }
  }

  private void goLive(Rollout r, Rollout superseded, Instant now) {
    goLive(r, superseded, now, null);
  }

  private void goLive(Rollout r, Rollout superseded, Instant now, String why) {
    if (r.traffic.getOrDefault(r.version, 0.0) < 100) {
      switchTo(r, Map.of(r.version, 100.0), "version " + r.version + " takes all traffic");
    }
    // readers (get) take the same lock, so nobody sees LIVE before its audit record is stored
    synchronized (r) {
      r.status = DeploymentStatus.LIVE;
      r.reason = null;
      if (r.strategy.type() != RolloutType.BLUE_GREEN) {
        r.oldReplicas.forEach(Replica::retire);
        r.oldReplicas.clear();
      }
      persist(r, "deployment.live", why != null ? why : "version " + r.version + " is live");
    }
    for (Rollout other : rollouts.values()) {
      if (other != r && other.organizationId.equals(r.organizationId) && other.modelId.equals(r.modelId)
          && other.status == DeploymentStatus.LIVE) {
        other.status = DeploymentStatus.SUPERSEDED;
        other.oldReplicas.forEach(Replica::retire);
        other.oldReplicas.clear();
        persist(other, "deployment.superseded", "superseded by deployment " + r.id);
      }
    }
  }

  private void rollbackLocked(Rollout r, String reason) {
    if (r.status.isFinal()) {
      throw new InvalidStateException("Deployment " + r.id + " is already " + r.status.wireName() + ".");
    }
    if (r.previousVersion == null) {
      throw new InvalidStateException("Deployment " + r.id + " is the first of model '" + r.modelId
          + "'; there is no previous version to roll back to. Deploy another version instead.");
    }
    if (r.oldReplicas.isEmpty()) {
      ModelVersion prev = r.context.service().models().get(r.modelId, r.previousVersion);
      r.oldReplicas.addAll(loadHealthy(r.context, prev, r.target.configuration().replicas(), r.target, r.id + "-rollback"));
    }
    if (r.experimentSplit != null) {
      rollBackExperiment(r, reason);
    }
    RouteState back = new RouteState(TrafficSplit.single(r.previousVersion), List.of(List.copyOf(r.oldReplicas)));
    router.publish(r.organizationId, r.modelId, back);
    r.traffic = Map.of(r.previousVersion, 100.0);
    recordHistory(r, reason);
    r.newReplicas.forEach(Replica::retire);
    r.newReplicas.clear();
    r.status = DeploymentStatus.ROLLED_BACK;
    r.reason = reason;
    persist(r, "deployment.rolled_back", reason);
    LOG.warn("Deployment {} of model {} version {} rolled back to {}: {}", r.id, r.modelId, r.version, r.previousVersion, reason);
    Rollout restored = rollouts.values().stream()
        .filter(o -> o != r && o.organizationId.equals(r.organizationId) && o.modelId.equals(r.modelId)
            && o.status == DeploymentStatus.LIVE && o.version.equals(r.previousVersion))
        .findFirst().orElse(null);
    if (restored != null) {
      currentByModel.put(key(r.organizationId, r.modelId), restored.id);
    }
  }

  private void rollBackExperiment(Rollout r, String reason) {
    Experiments experiments = r.context.service().experiments();
    try {
      ABTestExperiment e = experiments.get(r.strategy.experimentId());
      if (e.status() != ExperimentStatus.CONCLUDED && e.status() != ExperimentStatus.ROLLED_BACK
          && e.status() != ExperimentStatus.DRAFT) {
        experiments.rollback(e.id(), "deployment " + r.id + " rolled back: " + reason);
      }
    } catch (RuntimeException e) {
      // the deployment's rollback must not wait on the experiment: the route below sends
      // everyone to the live version whatever the experiment says
      LOG.warn("Rolling back experiment {} with deployment {} failed: {}", r.strategy.experimentId(), r.id, e.getMessage());
    }
  }

  private void publishCanary(Rollout r, double pct, String reason) {
    Map<String, Double> split = new LinkedHashMap<>();
    if (pct < 100) {
      split.put(r.previousVersion, 100 - pct);
    }
    split.put(r.version, pct);
    switchTo(r, split, reason);
  }

  private void publishRolling(Rollout r, String reason) {
    int total = r.target.configuration().replicas();
    int fresh = Math.min(r.newReplicas.size(), total);
    int retireCount = Math.min(fresh, r.oldReplicas.size());
    double pct = 100.0 * fresh / total;
    Map<String, Double> split = new LinkedHashMap<>();
    if (pct < 100) {
      split.put(r.previousVersion, 100 - pct);
    }
    split.put(r.version, pct);
    List<Replica> keepOld = new ArrayList<>(r.oldReplicas.subList(0, Math.max(0, r.oldReplicas.size() - retireCount)));
    List<Replica> retiring = new ArrayList<>(r.oldReplicas.subList(keepOld.size(), r.oldReplicas.size()));
    if (pct < 100 && keepOld.isEmpty()) {
      keepOld.add(retiring.remove(0));
    }
    switchTo(r, split, reason, keepOld);
    if (pct < 100) {
      retiring.forEach(Replica::retire);
      r.oldReplicas.removeAll(retiring);
    }
  }

  private void switchTo(Rollout r, Map<String, Double> split, String reason) {
    switchTo(r, split, reason, r.oldReplicas);
  }

  private void switchTo(Rollout r, Map<String, Double> split, String reason, List<Replica> old) {
    TrafficSplit ts = TrafficSplit.of(split);
    List<List<Replica>> reps = new ArrayList<>();
    for (int i = 0; i < ts.size(); i++) {
      reps.add(ts.version(i).equals(r.version) ? List.copyOf(r.newReplicas) : List.copyOf(old));
    }
    router.publish(r.organizationId, r.modelId, new RouteState(ts, reps));
    r.traffic = ts.shares();
    recordHistory(r, reason);
  }

  // ---------------------------------------------------------------- replicas and health

  private List<Replica> loadHealthy(ServiceContext ctx, ModelVersion mv, int count, DeploymentTarget target, String prefix) {
    HealthCheckConfig hc = target.configuration().healthCheck();
    int retries = hc == null ? 3 : hc.retries();
    long timeoutMs = hc == null ? 10_000 : (long) (hc.timeout() * 1000);
    int concurrency = target.configuration().concurrency();
    List<Replica> loaded = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ModelEndpoint e = loader.load(ctx, mv);
        Replica replica = new Replica(prefix + "-" + mv.version() + "-r" + i, e, concurrency);
        loaded.add(replica);
        String failure = null;
        for (int attempt = 0; attempt < retries; attempt++) {
          failure = probe(e, timeoutMs);
          if (failure == null) {
            break;
          }
        }
        if (failure != null) {
          throw new DeploymentException("Version " + mv.version() + " of model '" + mv.modelId() + "' failed its health check "
              + retries + " times (" + failure + "); the deployment is refused and the live version is untouched.");
        }
      }
      return loaded;
    } catch (RuntimeException e) {
      loaded.forEach(Replica::retire);
      throw e instanceof DeploymentException d ? d
          : new DeploymentException("Version " + mv.version() + " of model '" + mv.modelId() + "' could not be loaded: " + e.getMessage(), e);
    }
  }

  private String probe(ModelEndpoint e, long timeoutMs) {
    Future<?> f = probes.submit(() -> {
      loader.probe(e);
      return null;
    });
    try {
      f.get(timeoutMs, TimeUnit.MILLISECONDS);
      return null;
    } catch (java.util.concurrent.TimeoutException t) {
      f.cancel(true);
      return "no answer within " + timeoutMs + " ms";
    } catch (java.util.concurrent.ExecutionException x) {
      return String.valueOf(x.getCause());
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private String ensureEndpoint(ServiceContext ctx, DeploymentTarget target) {
    String key = key(ctx.principal().organizationId(), target.id());
    HttpServingEndpoint ep = endpoints.get(key);
    if (ep == null) {
      int threads = Math.max(4, target.configuration().replicas() * target.configuration().concurrency());
      ep = new HttpServingEndpoint(target.configuration().host(), target.configuration().port(), threads,
          ctx.principal().organizationId(), router, serving, () -> ready(ctx.principal().organizationId()));
      endpoints.put(key, ep);
    }
    return "http://" + target.configuration().host() + ":" + ep.port();
  }

  private boolean ready(String org) {
    boolean any = false;
    for (Rollout r : rollouts.values()) {
      if (r.organizationId.equals(org) && !r.status.isFinal() && r.status != DeploymentStatus.PENDING && !offline(r)) {
        any = true;
        RouteState s = router.route(org, r.modelId);
        if (s == null) {
          return false;
        }
        for (int i = 0; i < s.split().size(); i++) {
          boolean healthy = false;
          for (Replica rep : s.replicas(i)) {
            healthy |= rep.healthy() && !rep.retired();
          }
          if (!healthy) {
            return false;
          }
        }
      }
    }
    return any;
  }

  // ---------------------------------------------------------------- governance and validation

  /**
   * Registers the target's alert rules (the seed's {@code monitoring.alerts}) with monitoring, so
   * that an alert whose actions include {@code rollback} comes back to {@link #onAlert}. A rule of
   * the same name replaces the earlier one; each may raise again after a ten-minute cool-down.
   */
  private static void registerAlertRules(ServiceContext ctx, String modelId, DeploymentTarget target) {
    Monitoring m = ctx.service().monitoring();
    for (dev.modelkit.deploy.AlertConfig a : target.monitoring().alerts()) {
      m.removeAlertRule(modelId, a.name());
      m.addAlertRule(modelId, new dev.modelkit.monitoring.AlertRule(a.name(), a.condition(), Duration.ZERO,
          Duration.ofMinutes(10), a.actions()));
    }
  }

  private static int batch(RolloutStrategy s) {
    return s.batchSize() == null ? 1 : s.batchSize();
  }

  // ---------------------------------------------------------------- persistence

  private void persist(Rollout r, String action, String reason) {
    ServiceContext ctx = r.context;
    ModelDeployment snap = r.snapshot(clock.instant());
    String json = ctx.json().toJson(snap);
    Optional<EntityRecord> before = ctx.metadata().get(KIND, r.organizationId, r.id);
    EntityRecord saved = ctx.metadata().save(KIND, r.organizationId, r.id, r.status.name(), json,
        before.map(EntityRecord::version).orElse(0L),
        ctx.audit(action, KIND, r.id, before.map(EntityRecord::json).orElse(null), json, reason));
    r.storedVersion = saved.version();
  }

  private void recordHistory(Rollout r, String reason) {
    ServiceContext ctx = r.context;
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<EntityRecord> rec = ctx.metadata().get(HISTORY_KIND, r.organizationId, r.modelId);
      List<TrafficChange> changes = new ArrayList<>(rec.map(e -> ctx.json().fromJson(e.json(), TrafficHistory.class).changes())
          .orElse(List.of()));
      changes.add(new TrafficChange(clock.instant(), r.id, r.traffic, reason));
      String json = ctx.json().toJson(new TrafficHistory(changes));
      try {
        ctx.metadata().save(HISTORY_KIND, r.organizationId, r.modelId, "ACTIVE", json, rec.map(EntityRecord::version).orElse(0L), null);
        return;
      } catch (InvalidStateException conflict) {
        LOG.debug("History of {} changed concurrently; retrying", r.modelId);
      }
    }
    throw new DeploymentException("Could not record the traffic history of model '" + r.modelId + "' after 5 attempts.");
  }

  /**
   * A model's traffic history as stored.
   *
   * @param changes oldest first
   */
  public record TrafficHistory(List<TrafficChange> changes) {
    /** Copies the list. */
    public TrafficHistory {
      changes = List.copyOf(changes);
    }
  }

  // ---------------------------------------------------------------- lookups

  private Rollout find(ServiceContext ctx, String id) {
    Rollout r = rollouts.get(id);
    if (r == null || !r.organizationId.equals(ctx.principal().organizationId())) {
      throw new NotFoundException("No deployment '" + id + "' in organisation '" + ctx.principal().organizationId() + "'.");
    }
    return r;
  }

  /** Readers take the lock stage changes hold, so they see a stage only with its traffic and audit record. */
  private ModelDeployment snapshot(Rollout r) {
    synchronized (r) {
      return r.snapshot(clock.instant());
    }
  }

  private ModelDeployment stored(ServiceContext ctx, String id) {
    Rollout r = rollouts.get(id);
    if (r != null && r.organizationId.equals(ctx.principal().organizationId())) {
      return snapshot(r);
    }
    return ctx.metadata().get(KIND, ctx.principal().organizationId(), id)
        .map(e -> ctx.json().fromJson(e.json(), ModelDeployment.class))
        .orElseThrow(() -> new NotFoundException("No deployment '" + id + "' in organisation '"
            + ctx.principal().organizationId() + "'."));
  }

  private List<TrafficChange> history(ServiceContext ctx, String modelId) {
    return ctx.metadata().get(HISTORY_KIND, ctx.principal().organizationId(), modelId)
        .map(e -> ctx.json().fromJson(e.json(), TrafficHistory.class).changes())
        .orElse(List.of());
  }

  private static Map<String, Double> liveAt(List<TrafficChange> history, Instant t) {
    Map<String, Double> live = Map.of();
    for (TrafficChange c : history) {
      if (c.time().isAfter(t)) {
        break;
      }
      live = c.traffic();
    }
    return live;
  }

  private static String key(String org, String modelId) {
    return org + "\u0000" + modelId;
  }

  private static String newId() {
    return "dep-" + UUID.randomUUID().toString().substring(0, 13);
  }

  @Override
  public void close() {
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    batches.shutdownNow();
    try {
      // a batch run stops at its next row with its progress committed
      batches.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    endpoints.values().forEach(HttpServingEndpoint::close);
    endpoints.clear();
    for (Rollout r : rollouts.values()) {
      r.newReplicas.forEach(Replica::retire);
      r.oldReplicas.forEach(Replica::retire);
    }
    probes.shutdownNow();
  }

  // ---------------------------------------------------------------- the caller-bound view

  private final class View implements Deployments {
    private final ServiceContext ctx;

    View(ServiceContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public ModelDeployment deploy(String modelId, String version, DeploymentTarget target, RolloutStrategy strategy) {
      Checks c = new Checks("deployModel");
      c.notBlank("modelId", modelId).notBlank("version", version).required("target", target);
      c.throwIfAny();
      return DeploymentManager.this.deploy(ctx, modelId, version, target, strategy);
    }

    @Override
    public ModelDeployment get(String deploymentId) {
      ctx.require(Permission.READ);
      return stored(ctx, deploymentId);
    }

    @Override
    public List<ModelDeployment> list() {
      ctx.require(Permission.READ);
      List<ModelDeployment> out = new ArrayList<>();
      for (EntityRecord e : ctx.metadata().list(KIND, ctx.principal().organizationId(), null, 0, 10_000)) {
        Rollout r = rollouts.get(e.id());
        out.add(r != null ? snapshot(r) : ctx.json().fromJson(e.json(), ModelDeployment.class));
      }
      out.sort(Comparator.comparing(ModelDeployment::createdAt));
      return out;
    }

    @Override
    public ModelDeployment promote(String deploymentId) {
      return DeploymentManager.this.promote(ctx, deploymentId);
    }

    @Override
    public ModelDeployment rollback(String deploymentId, String reason) {
      return DeploymentManager.this.rollback(ctx, deploymentId, reason);
    }

    @Override
    public ModelDeployment pause(String deploymentId, String reason) {
      return DeploymentManager.this.pause(ctx, deploymentId, reason);
    }

    @Override
    public ModelDeployment resume(String deploymentId) {
      return DeploymentManager.this.resume(ctx, deploymentId);
    }

    @Override
    public Map<String, Double> liveAt(String modelId, Instant time) {
      ctx.require(Permission.READ);
      return DeploymentManager.liveAt(DeploymentManager.this.history(ctx, modelId), time);
    }

    @Override
    public List<TrafficChange> history(String modelId) {
      ctx.require(Permission.READ);
      return DeploymentManager.this.history(ctx, modelId);
    }

    @Override
    public ServedPrediction predict(String modelId, String routingKey, Map<String, Object> features) {
      ctx.require(Permission.READ);
      Router.Routed r = router.predict(ctx.principal().organizationId(), modelId, routingKey, features);
      return new ServedPrediction(modelId, r.version(), r.output(), r.predictionId(), r.latencyNanos());
    }
  }
}
