package dev.modelkit.core.internal;

import static dev.modelkit.security.Permission.ADMINISTER;
import static dev.modelkit.security.Permission.APPROVE;
import static dev.modelkit.security.Permission.AUDIT;
import static dev.modelkit.security.Permission.DEPLOY;
import static dev.modelkit.security.Permission.EXPERIMENT;
import static dev.modelkit.security.Permission.MANAGE_KNOWLEDGE;
import static dev.modelkit.security.Permission.MANAGE_LIFECYCLE;
import static dev.modelkit.security.Permission.MONITOR;
import static dev.modelkit.security.Permission.READ;
import static dev.modelkit.security.Permission.TRAIN;

import dev.modelkit.core.internal.GuardedView.Rule;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.training.TrainingConfiguration;
import java.util.Map;

/**
 * The permission each area-view method needs. This table is the runtime's authorisation policy;
 * the core module's README repeats it for users.
 */
final class ViewPermissions {
  static final Map<String, Rule> JOBS = Map.of(
      "create", new Rule(TRAIN, a -> a[0] instanceof TrainingConfiguration c ? c.organizationId() : null),
      "start", Rule.of(TRAIN),
      "cancel", Rule.of(TRAIN),
      "get", Rule.of(READ),
      "list", Rule.of(READ),
      "count", Rule.of(READ),
      "await", Rule.of(READ),
      "subscribe", Rule.of(READ),
      "events", Rule.of(READ),
      "history", Rule.of(READ));

  static final Map<String, Rule> MODELS = Map.of(
      "get", Rule.of(READ),
      "versions", Rule.of(READ),
      "models", Rule.of(READ),
      "requireDeployable", Rule.of(READ),
      "predictor", Rule.of(READ),
      "approve", Rule.of(APPROVE),
      "transition", Rule.of(MANAGE_LIFECYCLE));

  static final Map<String, Rule> KNOWLEDGE = Map.ofEntries(
      Map.entry("create", new Rule(MANAGE_KNOWLEDGE, a -> a[0] instanceof String org ? org : null)),
      Map.entry("delete", Rule.of(MANAGE_KNOWLEDGE)),
      Map.entry("addDocuments", Rule.of(MANAGE_KNOWLEDGE)),
      Map.entry("updateDocument", Rule.of(MANAGE_KNOWLEDGE)),
      Map.entry("deleteDocument", Rule.of(MANAGE_KNOWLEDGE)),
      Map.entry("ingestFiles", Rule.of(MANAGE_KNOWLEDGE)),
      Map.entry("ingest", Rule.of(MANAGE_KNOWLEDGE)),
      Map.entry("reindex", Rule.of(MANAGE_KNOWLEDGE)),
      Map.entry("get", Rule.of(READ)),
      Map.entry("list", Rule.of(READ)),
      Map.entry("search", Rule.of(READ)),
      Map.entry("statistics", Rule.of(READ)),
      Map.entry("qualityMetrics", Rule.of(READ)),
      Map.entry("documents", Rule.of(READ)),
      Map.entry("document", Rule.of(READ)));

  static final Map<String, Rule> MONITORING = Map.ofEntries(
      Map.entry("recordPrediction", Rule.of(MONITOR)),
      Map.entry("recorder", Rule.of(MONITOR)),
      Map.entry("recordOutcome", Rule.of(MONITOR)),
      Map.entry("flush", Rule.of(MONITOR)),
      Map.entry("registerReference", Rule.of(MONITOR)),
      Map.entry("addAlertRule", Rule.of(MONITOR)),
      Map.entry("removeAlertRule", Rule.of(MONITOR)),
      Map.entry("registerBusinessMetric", Rule.of(MONITOR)),
      Map.entry("performance", Rule.of(READ)),
      Map.entry("reference", Rule.of(READ)),
      Map.entry("drift", Rule.of(READ)),
      Map.entry("alertRules", Rule.of(READ)),
      Map.entry("alerts", Rule.of(READ)));

  static final Map<String, Rule> EXPERIMENTS = Map.ofEntries(
      Map.entry("create", Rule.of(EXPERIMENT)),
      Map.entry("start", Rule.of(EXPERIMENT)),
      Map.entry("pause", Rule.of(EXPERIMENT)),
      Map.entry("stop", Rule.of(EXPERIMENT)),
      Map.entry("reallocate", Rule.of(EXPERIMENT)),
      Map.entry("conclude", Rule.of(EXPERIMENT)),
      Map.entry("rollback", Rule.of(EXPERIMENT)),
      Map.entry("assign", Rule.of(EXPERIMENT)),
      Map.entry("record", Rule.of(EXPERIMENT)),
      Map.entry("flush", Rule.of(EXPERIMENT)),
      Map.entry("review", Rule.of(EXPERIMENT)),
      // serving an A/B deployment needs the router too: the engine accepts EXPERIMENT or DEPLOY
      Map.entry("router", Rule.of(READ)),
      Map.entry("get", Rule.of(READ)),
      Map.entry("list", Rule.of(READ)),
      Map.entry("analyse", Rule.of(READ)),
      Map.entry("sampleSize", Rule.of(READ)),
      Map.entry("power", Rule.of(READ)),
      Map.entry("checkSampleRatio", Rule.of(READ)));

  static final Map<String, Rule> DEPLOYMENTS = Map.of(
      "deploy", Rule.of(DEPLOY),
      "promote", Rule.of(DEPLOY),
      "rollback", Rule.of(DEPLOY),
      "get", Rule.of(READ),
      "list", Rule.of(READ),
      "liveAt", Rule.of(READ),
      "history", Rule.of(READ),
      "predict", Rule.of(READ),
      "pause", Rule.of(DEPLOY),
      "resume", Rule.of(DEPLOY));

  static final Map<String, Rule> AUDIT_TRAIL = Map.of(
      "query", Rule.of(AUDIT),
      "verify", Rule.of(AUDIT));

  static final Map<String, Rule> RESOURCES = Map.of(
      "pool", Rule.of(READ),
      "costs", Rule.of(READ),
      "setBudget", Rule.of(ADMINISTER));

  // an evaluation reads a version and data and adds a report without changing either, and the
  // model-risk reviewers who run it hold read access only (docs/decisions/0120)
  static final Map<String, Rule> EVALUATIONS = Map.of(
      "evaluate", Rule.of(READ),
      "get", Rule.of(READ),
      "list", Rule.of(READ),
      "writeHtml", Rule.of(READ));

  /**
   * Pipelines: creating needs TRAIN (and DEPLOY or MONITOR for deployment and monitoring stages,
   * checked by the pipeline manager); running, resuming and cancelling need TRAIN, and each stage's
   * own calls are checked again as the run's user; reading needs READ; scanning data needs TRAIN
   * (it reads training data), scanning documents the caller passes needs READ.
   */
  static final Map<String, Rule> PIPELINES = Map.ofEntries(
      Map.entry("create", new Rule(TRAIN, a -> a[0] instanceof ModelTrainingPipeline p ? p.organizationId() : null)),
      Map.entry("update", Rule.of(TRAIN)),
      Map.entry("delete", Rule.of(TRAIN)),
      Map.entry("run", Rule.of(TRAIN)),
      Map.entry("resume", Rule.of(TRAIN)),
      Map.entry("cancel", Rule.of(TRAIN)),
      Map.entry("scanData", Rule.of(TRAIN)),
      Map.entry("get", Rule.of(READ)),
      Map.entry("list", Rule.of(READ)),
      Map.entry("getRun", Rule.of(READ)),
      Map.entry("runs", Rule.of(READ)),
      Map.entry("await", Rule.of(READ)),
      Map.entry("scanDocuments", Rule.of(READ)),
      Map.entry("subscribe", Rule.of(READ)));

  private ViewPermissions() {}
}
