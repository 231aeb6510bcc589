package dev.modelkit;

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
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.util.List;

/**
 * The seed's training service, bound to one caller.
 *
 * <p>The six operations of the seed are here; everything a real caller needs around them is on
 * the area views ({@link #jobs()}, {@link #models()}, {@link #knowledgeBases()}, {@link
 * #monitoring()}, {@link #experiments()}, {@link #deployments()}, {@link #audit()}, {@link
 * #resources()}). Every call is authorised against {@link #principal()} and every state change is
 * written to the audit trail. Obtain one from the core module's {@code ModelKit.service(principal)}.
 *
 * <p>Calls are synchronous except {@link #startTraining}, which returns once the job is queued.
 * Implementations are safe for use from many threads.
 */
public interface CustomModelTrainingService {

  /**
   * Validates and persists a queued training job. Needs {@code TRAIN}.
   *
   * @param config the configuration
   * @return the queued job
   * @throws ConfigurationException listing every problem
   */
  TrainingJob createTrainingJob(TrainingConfiguration config);

  /**
   * Hands the job to the scheduler and returns at once.
   *
   * @param jobId the job
   * @throws ProviderNotFoundException if no training engine is available
   */
  void startTraining(String jobId);

  /**
   * Creates a knowledge base and ingests the documents.
   *
   * @param organizationId must be the caller's
   * @param name name
   * @param documents documents
   * @return the knowledge base
   * @throws ProviderNotFoundException if no knowledge store is available
   */
  KnowledgeBase createKnowledgeBase(String organizationId, String name, List<KnowledgeDocument> documents);

  /**
   * @param modelId the model
   * @param period the period
   * @return metrics, drift and alerts of the model over the period
   */
  ModelPerformance monitorModelPerformance(String modelId, Period period);

  /**
   * Creates a draft A/B experiment.
   *
   * @param name name
   * @param hypothesis hypothesis
   * @param variants arms
   * @param successMetrics metrics
   * @return the experiment
   * @throws ProviderNotFoundException if no experiment engine is available
   */
  ABTestExperiment createABTestExperiment(String name, String hypothesis, List<ModelVariant> variants,
      List<SuccessMetric> successMetrics);

  /**
   * Deploys a model version.
   *
   * @param modelId the model
   * @param version the version
   * @param target where
   * @param rolloutStrategy how; blue-green when null
   * @return the deployment
   * @throws ProviderNotFoundException if no deployment engine is available
   */
  ModelDeployment deployModel(String modelId, String version, DeploymentTarget target, RolloutStrategy rolloutStrategy);

  /**
   * Deploys a model version blue-green.
   *
   * @param modelId the model
   * @param version the version
   * @param target where
   * @return the deployment
   */
  default ModelDeployment deployModel(String modelId, String version, DeploymentTarget target) {
    return deployModel(modelId, version, target, null);
  }

  /** @return the caller this service acts for */
  Principal principal();

  /**
   * Whether the caller holds a permission under the runtime's role policy, so that a user
   * interface can hide what the caller may not do. It only says what the operations would decide;
   * every operation still checks for itself. Needs nothing: it reveals only the caller's own rights.
   *
   * @param permission a permission
   * @return whether any of the caller's roles grants it
   */
  boolean allows(Permission permission);

  /** @return training jobs */
  TrainingJobs jobs();

  /** @return model versions and their lifecycle */
  ModelRegistry models();

  /** @return knowledge bases */
  KnowledgeBases knowledgeBases();

  /** @return prediction logging, metrics and drift */
  Monitoring monitoring();

  /** @return A/B experiments */
  Experiments experiments();

  /** @return deployments */
  Deployments deployments();

  /** @return the audit trail */
  AuditTrail audit();

  /** @return the resource pool, costs and budgets */
  ResourceManager resources();

  /**
   * @return evaluation of model versions: the suite and its reports
   * @throws UnsupportedOperationException when this runtime has no evaluation suite
   */
  default Evaluations evaluations() {
    throw new UnsupportedOperationException("this runtime has no evaluation suite; use dev.modelkit.core.ModelKit");
  }

  /**
   * @return training pipelines with quality gates, their runs, and personal-data scans
   * @throws UnsupportedOperationException when this runtime has no pipelines
   */
  default Pipelines pipelines() {
    throw new UnsupportedOperationException("this runtime has no pipelines; use dev.modelkit.core.ModelKit");
  }
}
