package dev.modelkit.core.internal;

import dev.modelkit.AuditTrail;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.Deployments;
import dev.modelkit.Evaluations;
import dev.modelkit.Experiments;
import dev.modelkit.KnowledgeBases;
import dev.modelkit.ModelRegistry;
import dev.modelkit.Monitoring;
import dev.modelkit.Pipelines;
import dev.modelkit.ResourceManager;
import dev.modelkit.TrainingJobs;
import dev.modelkit.core.governance.StoredAuditTrail;
import dev.modelkit.core.governance.StoredModelRegistry;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.Period;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.util.List;
import java.util.Objects;

/**
 * The runtime's {@link CustomModelTrainingService}, bound to one principal.
 *
 * <p>The six seed operations check their permission (and, for the two create calls, that the
 * caller names their own organisation) under their own name, then delegate to the area views.
 * Every area view is guarded by {@link GuardedView}; the optional ones (knowledge bases,
 * experiments, deployments) are looked up only after the check, so a caller without the
 * permission hears "access denied" and one with it hears which module to add.
 */
public final class DefaultTrainingService implements CustomModelTrainingService {
  private final BoundServiceContext ctx;
  private final TrainingJobs jobs;
  private final ModelRegistry models;
  private final KnowledgeBases knowledgeBases;
  private final Monitoring monitoring;
  private final Experiments experiments;
  private final Deployments deployments;
  private final AuditTrail audit;
  private final ResourceManager resources;
  private final Evaluations evaluations;
  private final Pipelines pipelines;

  /**
   * @param principal the caller
   * @param runtime the runtime's stores and area factories
   */
  public DefaultTrainingService(Principal principal, RuntimeServices runtime) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(runtime, "runtime");
    BoundServiceContext c = new BoundServiceContext(principal, runtime, this);
    this.ctx = c;
    this.jobs = GuardedView.create(TrainingJobs.class, "jobs", c, ViewPermissions.JOBS, () -> runtime.jobs().apply(c));
    this.models = GuardedView.create(ModelRegistry.class, "models", c, ViewPermissions.MODELS,
        () -> new StoredModelRegistry(c, runtime.approvalRequired(), runtime.trainingEngine()));
    this.knowledgeBases = GuardedView.create(KnowledgeBases.class, "knowledgeBases", c, ViewPermissions.KNOWLEDGE,
        () -> runtime.knowledgeBases().apply(c));
    this.monitoring = GuardedView.create(Monitoring.class, "monitoring", c, ViewPermissions.MONITORING,
        () -> runtime.monitoring().apply(c));
    this.experiments = GuardedView.create(Experiments.class, "experiments", c, ViewPermissions.EXPERIMENTS,
        () -> runtime.experiments().apply(c));
    this.deployments = GuardedView.create(Deployments.class, "deployments", c, ViewPermissions.DEPLOYMENTS,
        () -> runtime.deployments().apply(c));
    this.audit = GuardedView.create(AuditTrail.class, "audit", c, ViewPermissions.AUDIT_TRAIL, () -> new StoredAuditTrail(c));
    this.resources = GuardedView.create(ResourceManager.class, "resources", c, ViewPermissions.RESOURCES,
        () -> runtime.resources().apply(c));
    this.evaluations = GuardedView.create(Evaluations.class, "evaluations", c, ViewPermissions.EVALUATIONS,
        () -> runtime.evaluations().apply(c));
    this.pipelines = GuardedView.create(Pipelines.class, "pipelines", c, ViewPermissions.PIPELINES,
        () -> runtime.pipelines().apply(c));
  }

  @Override
  public TrainingJob createTrainingJob(TrainingConfiguration config) {
    return CurrentOperation.call("createTrainingJob", () -> {
      ctx.require(Permission.TRAIN, "createTrainingJob");
      Objects.requireNonNull(config, "config");
      ctx.requireOwnOrganisation(config.organizationId(), "createTrainingJob");
      return jobs.create(config);
    });
  }

  @Override
  public void startTraining(String jobId) {
    CurrentOperation.call("startTraining", () -> {
      ctx.require(Permission.TRAIN, "startTraining");
      return jobs.start(jobId);
    });
  }

  @Override
  public KnowledgeBase createKnowledgeBase(String organizationId, String name, List<KnowledgeDocument> documents) {
    return CurrentOperation.call("createKnowledgeBase", () -> {
      ctx.require(Permission.MANAGE_KNOWLEDGE, "createKnowledgeBase");
      ctx.requireOwnOrganisation(organizationId, "createKnowledgeBase");
      return knowledgeBases.create(organizationId, name, documents);
    });
  }

  @Override
  public ModelPerformance monitorModelPerformance(String modelId, Period period) {
    return CurrentOperation.call("monitorModelPerformance", () -> {
      ctx.require(Permission.READ, "monitorModelPerformance");
      return monitoring.performance(modelId, period);
    });
  }

  @Override
  public ABTestExperiment createABTestExperiment(String name, String hypothesis, List<ModelVariant> variants,
      List<SuccessMetric> successMetrics) {
    return CurrentOperation.call("createABTestExperiment", () -> {
      ctx.require(Permission.EXPERIMENT, "createABTestExperiment");
      return experiments.create(name, hypothesis, variants, successMetrics);
    });
  }

  @Override
  public ModelDeployment deployModel(String modelId, String version, DeploymentTarget target,
      RolloutStrategy rolloutStrategy) {
    return CurrentOperation.call("deployModel", () -> {
      ctx.require(Permission.DEPLOY, "deployModel");
      return deployments.deploy(modelId, version, target, rolloutStrategy);
    });
  }

  @Override
  public Principal principal() {
    return ctx.principal();
  }

  @Override
  public boolean allows(Permission permission) {
    Objects.requireNonNull(permission, "permission");
    return ctx.allows(permission);
  }

  @Override
  public TrainingJobs jobs() {
    return jobs;
  }

  @Override
  public ModelRegistry models() {
    return models;
  }

  @Override
  public KnowledgeBases knowledgeBases() {
    return knowledgeBases;
  }

  @Override
  public Monitoring monitoring() {
    return monitoring;
  }

  @Override
  public Experiments experiments() {
    return experiments;
  }

  @Override
  public Deployments deployments() {
    return deployments;
  }

  @Override
  public AuditTrail audit() {
    return audit;
  }

  @Override
  public ResourceManager resources() {
    return resources;
  }

  @Override
  public Evaluations evaluations() {
    return evaluations;
  }

  @Override
  public Pipelines pipelines() {
    return pipelines;
  }

  /** @return the caller's context, as area views receive it (the runtime's restore steps use it too) */
  public ServiceContext context() {
    return ctx;
  }

  @Override
  public String toString() {
    return "CustomModelTrainingService of " + ctx.principal().userId() + "@" + ctx.principal().organizationId();
  }
}
