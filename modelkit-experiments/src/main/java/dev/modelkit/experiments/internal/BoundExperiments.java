package dev.modelkit.experiments.internal;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.Experiments;
import dev.modelkit.InvalidStateException;
import dev.modelkit.config.Checks;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.AllocationEpoch;
import dev.modelkit.experiment.Assignment;
import dev.modelkit.experiment.Decision;
import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.ExperimentConclusion;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.ExperimentReview;
import dev.modelkit.experiment.ExperimentRouter;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.RecordResult;
import dev.modelkit.experiment.SampleRatioCheck;
import dev.modelkit.experiment.SampleSizePlan;
import dev.modelkit.experiment.SampleSizeQuery;
import dev.modelkit.experiment.StoppingAction;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.TrafficAllocation;
import dev.modelkit.experiments.internal.analysis.Analyzer;
import dev.modelkit.experiments.internal.stats.PowerCalculator;
import dev.modelkit.experiments.internal.stats.SampleRatio;
import dev.modelkit.experiments.internal.store.ExperimentState;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.ServiceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The {@link Experiments} view bound to one caller: checks the permission of every call,
 * scopes everything to the caller's organisation, and stores every state change with its audit
 * record in one metadata-store transaction.
 */
public final class BoundExperiments implements Experiments {
  private static final Set<ExperimentStatus> LIVE = EnumSet.of(ExperimentStatus.RUNNING, ExperimentStatus.PAUSED,
      ExperimentStatus.STOPPED);

  private final ServiceContext ctx;
  private final ExperimentRegistry registry;
  private final Supplier<String> ids;
  private final String org;

  /**
   * @param ctx the caller and the runtime
   * @param registry the engine's loaded experiments
   * @param ids new experiment ids
   */
  public BoundExperiments(ServiceContext ctx, ExperimentRegistry registry, Supplier<String> ids) {
    this.ctx = ctx;
    this.registry = registry;
    this.ids = ids;
    this.org = ctx.principal().organizationId();
  }

  @Override
  public ABTestExperiment create(String name, String hypothesis, List<ModelVariant> variants,
      List<SuccessMetric> successMetrics) {
    ctx.require(Permission.EXPERIMENT);
    return create(ExperimentDefinition.of(name, hypothesis, variants, successMetrics));
  }

  @Override
  public ABTestExperiment create(ExperimentDefinition d) {
    ctx.require(Permission.EXPERIMENT);
    if (d == null) {
      throw new ConfigurationException("ABTestExperiment",
          List.of(new dev.modelkit.config.Violation("definition", null, "be present")));
    }
    String id = ids.get();
    Instant now = ctx.clock().instant();
    TrafficAllocation traffic = d.trafficAllocation().salt() == null ? d.trafficAllocation().withSalt(id)
        : d.trafficAllocation();
    List<Double> allocations = d.variants().stream().map(ModelVariant::allocation).toList();
    ABTestExperiment e = new ABTestExperiment(id, org, d.name(), d.hypothesis(), d.variants(), traffic,
        d.successMetrics(), d.experimentConfig(), ExperimentStatus.DRAFT, null, ctx.principal().userId(), now, null,
        null, List.of(new AllocationEpoch(now, allocations)), null);
    String json = ctx.json().toJson(e);
    EntityRecord saved = ctx.metadata().save(ExperimentRegistry.KIND, org, id, e.status().name(), json, 0,
        ctx.audit("experiment.created", ExperimentRegistry.KIND, id, null, json, null));
    registry.created(e, saved.version());
    return e;
  }

  @Override
  public ABTestExperiment get(String experimentId) {
    ctx.require(Permission.READ);
    return live(experimentId).experiment();
  }

  @Override
  public List<ABTestExperiment> list() {
    ctx.require(Permission.READ);
    List<ABTestExperiment> out = new ArrayList<>();
    int page = 500;
    for (int offset = 0; ; offset += page) {
      List<EntityRecord> records = ctx.metadata().list(ExperimentRegistry.KIND, org, null, offset, page);
      for (EntityRecord r : records) {
        LiveExperiment loaded = registry.organization(org).get(r.id());
        out.add(loaded != null ? loaded.experiment() : ctx.json().fromJson(r.json(), ABTestExperiment.class));
      }
      if (records.size() < page) {
        return out;
      }
    }
  }

  @Override
  public ABTestExperiment start(String experimentId) {
    ctx.require(Permission.EXPERIMENT);
    ABTestExperiment current = live(experimentId).experiment();
    boolean resume = current.status() == ExperimentStatus.PAUSED;
    return transition(experimentId, resume ? "experiment.resumed" : "experiment.started", null, e -> {
      requireStatus(e, "start", EnumSet.of(ExperimentStatus.DRAFT, ExperimentStatus.PAUSED));
      return with(e, ExperimentStatus.RUNNING, null, e.startedAt() == null ? ctx.clock().instant() : e.startedAt(),
          e.endedAt(), e.variants(), e.allocationHistory(), null);
    });
  }

  @Override
  public ABTestExperiment pause(String experimentId, String reason) {
    ctx.require(Permission.EXPERIMENT);
    return transition(experimentId, "experiment.paused", reason, e -> {
      requireStatus(e, "pause", EnumSet.of(ExperimentStatus.RUNNING));
      return with(e, ExperimentStatus.PAUSED, reason, e.startedAt(), null, e.variants(), e.allocationHistory(), null);
    });
  }

  @Override
  public ABTestExperiment stop(String experimentId, String reason) {
    ctx.require(Permission.EXPERIMENT);
    return transition(experimentId, "experiment.stopped", reason, e -> {
      requireStatus(e, "stop", EnumSet.of(ExperimentStatus.RUNNING, ExperimentStatus.PAUSED));
      return with(e, ExperimentStatus.STOPPED, reason, e.startedAt(), ctx.clock().instant(), e.variants(),
          e.allocationHistory(), null);
    });
  }

  @Override
  public ABTestExperiment reallocate(String experimentId, Map<String, Double> allocations, String reason) {
    ctx.require(Permission.EXPERIMENT);
    return transition(experimentId, "experiment.reallocated", reason, e -> {
      requireStatus(e, "reallocate", EnumSet.of(ExperimentStatus.DRAFT, ExperimentStatus.RUNNING, ExperimentStatus.PAUSED));
      List<Double> shares = checkAllocations(e, allocations);
      List<ModelVariant> variants = new ArrayList<>();
      for (int i = 0; i < e.variants().size(); i++) {
        variants.add(e.variants().get(i).withAllocation(shares.get(i)));
      }
      List<AllocationEpoch> history = new ArrayList<>(e.allocationHistory());
      history.add(new AllocationEpoch(ctx.clock().instant(), shares));
      return with(e, e.status(), reason, e.startedAt(), e.endedAt(), variants, history, null);
    });
  }

  @Override
  public ABTestExperiment conclude(String experimentId, Decision decision, String winnerVariantId, String reasoning) {
    ctx.require(Permission.EXPERIMENT);
    Checks c = new Checks("conclude(" + experimentId + ")");
    c.required("decision", decision);
    c.notBlank("reasoning", reasoning);
    if (decision == Decision.WINNER) {
      c.notBlank("winnerVariantId", winnerVariantId);
    } else if (decision == Decision.NO_DECISION) {
      c.check(winnerVariantId == null, "winnerVariantId", winnerVariantId, "be absent for no_decision");
    }
    c.throwIfAny();
    LiveExperiment live = live(experimentId);
    if (winnerVariantId != null) {
      live.experiment().variant(winnerVariantId);
    }
    return transition(experimentId, "experiment.concluded", reasoning, e -> {
      requireStatus(e, "conclude", LIVE);
      ExperimentState.Snapshot snapshot = live.snapshot();
      Instant now = ctx.clock().instant();
      ExperimentAnalysis analysis = snapshot.totalUnits() == 0 ? null : Analyzer.analyse(e, snapshot, now);
      if (analysis == null && decision == Decision.WINNER) {
        throw new InvalidStateException("Experiment '" + e.id() + "' has no data: no unit was ever exposed, so no"
            + " winner can be declared. Conclude it with Decision.NO_DECISION, or roll it back.");
      }
      ExperimentConclusion conclusion = new ExperimentConclusion(decision, winnerVariantId, reasoning, analysis,
          ctx.principal().userId(), now);
      return with(e, ExperimentStatus.CONCLUDED, reasoning, e.startedAt(), now, e.variants(), e.allocationHistory(),
          conclusion);
    });
  }

  @Override
  public ABTestExperiment rollback(String experimentId, String reason) {
    ctx.require(Permission.EXPERIMENT);
    return transition(experimentId, "experiment.rolled_back", reason, e -> {
      requireStatus(e, "roll back", LIVE);
      return with(e, ExperimentStatus.ROLLED_BACK, reason, e.startedAt(), ctx.clock().instant(), e.variants(),
          e.allocationHistory(), null);
    });
  }

  @Override
  public Assignment assign(String experimentId, String unitId, Map<String, String> attributes) {
    ctx.require(Permission.EXPERIMENT);
    return live(experimentId).assign(unitId, attributes == null ? Map.of() : attributes);
  }

  @Override
  public ExperimentRouter router() {
    try {
      ctx.require(Permission.EXPERIMENT);
    } catch (AccessDeniedException experimentDenied) {
      try {
        ctx.require(Permission.DEPLOY);
      } catch (AccessDeniedException deployDenied) {
        throw experimentDenied;
      }
    }
    return new Router(registry, ctx.metadata(), ctx.json(), org);
  }

  @Override
  public RecordResult record(String experimentId, List<MetricEvent> events) {
    ctx.require(Permission.EXPERIMENT);
    if (events == null) {
      throw new ConfigurationException("record(" + experimentId + ")",
          List.of(new dev.modelkit.config.Violation("events", null, "be a list, possibly empty")));
    }
    return live(experimentId).record(events);
  }

  @Override
  public void flush(String experimentId) {
    ctx.require(Permission.EXPERIMENT);
    live(experimentId).flush();
  }

  @Override
  public ExperimentAnalysis analyse(String experimentId) {
    ctx.require(Permission.READ);
    LiveExperiment live = live(experimentId);
    ABTestExperiment e = live.experiment();
    ExperimentState.Snapshot snapshot = live.snapshot();
    if (snapshot.totalUnits() == 0) {
      throw new InvalidStateException("Experiment '" + e.id() + "' has no data to analyse: no unit has been exposed"
          + " yet (status " + e.status().wireName() + "). " + (e.status() == ExperimentStatus.DRAFT
              ? "Start it with start(\"" + e.id() + "\"), then assign"
              : "Assign") + " units with assign(...) or the router and record their outcomes with record(...).");
    }
    return Analyzer.analyse(e, snapshot, ctx.clock().instant());
  }

  @Override
  public ExperimentReview review(String experimentId) {
    ctx.require(Permission.EXPERIMENT);
    ExperimentAnalysis analysis = analyse(experimentId);
    ABTestExperiment e = live(experimentId).experiment();
    StoppingAction action = analysis.recommendation().action();
    String why = "Automatic review: " + String.join(" ", analysis.recommendation().reasons());
    if (action == StoppingAction.STOP_FOR_HARM && e.experimentConfig().rollbackOnHarm() && LIVE.contains(e.status())) {
      return new ExperimentReview(rollback(experimentId, why), analysis, true);
    }
    if ((action == StoppingAction.STOP_FOR_EFFICACY || action == StoppingAction.STOP_FOR_FUTILITY)
        && (e.status() == ExperimentStatus.RUNNING || e.status() == ExperimentStatus.PAUSED)) {
      return new ExperimentReview(stop(experimentId, why), analysis, true);
    }
    return new ExperimentReview(e, analysis, false);
  }

  @Override
  public SampleSizePlan sampleSize(SampleSizeQuery query) {
    ctx.require(Permission.READ);
    new Checks("sampleSize").required("query", query).throwIfAny();
    return PowerCalculator.plan(query);
  }

  @Override
  public double power(SampleSizeQuery query, long unitsPerVariant) {
    ctx.require(Permission.READ);
    Checks c = new Checks("power");
    c.required("query", query);
    c.atLeast("unitsPerVariant", unitsPerVariant, 1);
    c.throwIfAny();
    return PowerCalculator.power(query, unitsPerVariant);
  }

  @Override
  public SampleRatioCheck checkSampleRatio(List<Long> observed, List<Double> expectedShares, double threshold) {
    ctx.require(Permission.READ);
    Checks c = new Checks("checkSampleRatio");
    c.required("observed", observed);
    c.required("expectedShares", expectedShares);
    c.check(threshold > 0 && threshold < 1, "threshold", threshold, "be above 0 and below 1, for example 0.005");
    if (observed != null && expectedShares != null) {
      c.check(observed.size() == expectedShares.size() && observed.size() >= 2, "expectedShares",
          expectedShares.size() + " shares for " + observed.size() + " counts", "give one share per observed count, at least two");
      for (int i = 0; i < observed.size(); i++) {
        c.check(observed.get(i) != null && observed.get(i) >= 0, "observed[" + i + "]", observed.get(i),
            "be 0 or greater: a count cannot be negative");
      }
      for (int i = 0; i < expectedShares.size(); i++) {
        Double s = expectedShares.get(i);
        c.check(s != null && s > 0 && Double.isFinite(s), "expectedShares[" + i + "]", s, "be a positive share");
      }
    }
    c.throwIfAny();
    long[] obs = observed.stream().mapToLong(Long::longValue).toArray();
    double[] shares = expectedShares.stream().mapToDouble(Double::doubleValue).toArray();
    double[] expected = SampleRatio.expectedCounts(obs, shares);
    SampleRatio.Result r = SampleRatio.test(obs, expected);
    List<String> names = new ArrayList<>();
    List<Double> exp = new ArrayList<>();
    for (int i = 0; i < obs.length; i++) {
      names.add("variant[" + i + "]");
      exp.add(expected[i]);
    }
    return new SampleRatioCheck(names, observed, exp, r.chiSquare(), r.degreesOfFreedom(), r.pValue(), threshold,
        r.pValue() < threshold);
  }

  private LiveExperiment live(String experimentId) {
    return registry.get(ctx.metadata(), ctx.json(), org, experimentId);
  }

  private ABTestExperiment transition(String experimentId, String action, String reason,
      UnaryOperator<ABTestExperiment> change) {
    return live(experimentId).change(change, (before, after, version) -> {
      String b = ctx.json().toJson(before);
      String a = ctx.json().toJson(after);
      return ctx.metadata().save(ExperimentRegistry.KIND, org, after.id(), after.status().name(), a, version,
          ctx.audit(action, ExperimentRegistry.KIND, after.id(), b, a, reason)).version();
    });
  }

  private static void requireStatus(ABTestExperiment e, String operation, Set<ExperimentStatus> allowed) {
    if (!allowed.contains(e.status())) {
      throw new InvalidStateException("Cannot " + operation + " experiment '" + e.id() + "': it is "
          + e.status().wireName() + ", and only an experiment that is "
          + allowed.stream().map(ExperimentStatus::wireName).toList() + " can be.");
    }
  }

  private static List<Double> checkAllocations(ABTestExperiment e, Map<String, Double> allocations) {
    Checks c = new Checks("reallocate(" + e.id() + ")");
    c.required("allocations", allocations);
    c.throwIfAny();
    List<Double> shares = new ArrayList<>();
    double sum = 0;
    List<String> parts = new ArrayList<>();
    for (ModelVariant v : e.variants()) {
      Double share = allocations.get(v.id());
      c.check(share != null, "allocations." + v.id(), null, "be given: list every variant's new percentage");
      c.check(share == null || (share >= 0 && share <= 100), "allocations." + v.id(), share, "be between 0 and 100");
      shares.add(share == null ? 0 : share);
      sum += share == null ? 0 : share;
      parts.add(share == null ? "?" : Checks.num(share));
    }
    for (String id : allocations.keySet()) {
      c.check(e.variants().stream().anyMatch(v -> v.id().equals(id)), "allocations." + id, id,
          "name a variant of the experiment: " + e.variants().stream().map(ModelVariant::id).toList());
    }
    c.check(Math.abs(sum - 100) <= 1e-6, "allocations", String.join(" + ", parts) + " = " + Checks.num(sum),
        "sum to 100; change the percentages so that they add up to 100");
    c.throwIfAny();
    return shares;
  }

  private static ABTestExperiment with(ABTestExperiment e, ExperimentStatus status, String reason, Instant startedAt,
      Instant endedAt, List<ModelVariant> variants, List<AllocationEpoch> history, ExperimentConclusion conclusion) {
    return new ABTestExperiment(e.id(), e.organizationId(), e.name(), e.hypothesis(), variants, e.trafficAllocation(),
        e.successMetrics(), e.experimentConfig(), status, reason, e.createdBy(), e.createdAt(), startedAt, endedAt,
        history, conclusion);
  }
}
