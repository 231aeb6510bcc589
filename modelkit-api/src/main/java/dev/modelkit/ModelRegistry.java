package dev.modelkit;

import dev.modelkit.deploy.Environment;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.Predictor;
import java.util.List;

/**
 * Registered model versions and their lifecycle: draft, staging, production, archived (and
 * rejected for versions that missed their thresholds). Versions are immutable once registered.
 */
public interface ModelRegistry {

  /**
   * Needs {@code READ}.
   *
   * @param modelId the model
   * @param version the version
   * @return the version
   * @throws NotFoundException if it does not exist in the caller's organisation
   */
  ModelVersion get(String modelId, String version);

  /**
   * Needs {@code READ}.
   *
   * @param modelId the model
   * @return its versions, oldest first; empty for a model the organisation does not have
   */
  List<ModelVersion> versions(String modelId);

  /** @return the ids of the organisation's models, sorted; needs {@code READ} */
  List<String> models();

  /**
   * The check a deployment makes before it serves a version: production needs stage production,
   * staging needs staging or production, development needs any stage but rejected or archived;
   * in each case the version's required approvals must be complete (for development and staging,
   * those for staging or for production; for production, those for production). Needs {@code
   * READ}: it changes nothing, and the operation calling it checks its own permission.
   *
   * @param modelId the model
   * @param version the version
   * @param environment where it is to be deployed
   * @return the version, when it may be deployed there
   * @throws NotFoundException if it does not exist in the caller's organisation
   * @throws InvalidStateException saying exactly which stage or approvals are missing
   */
  ModelVersion requireDeployable(String modelId, String version, Environment environment);

  /**
   * Records the caller's approval of a version for a stage, with the roles the caller holds. Needs
   * {@code APPROVE}. A user approves a version for a stage at most once; rejected and archived
   * versions cannot be approved.
   *
   * @param modelId the model
   * @param version the version
   * @param stage staging or production
   * @param comment the approver's comment
   * @return the version with the approval added
   */
  ModelVersion approve(String modelId, String version, LifecycleStage stage, String comment);

  /**
   * Moves a version to another stage. Needs {@code MANAGE_LIFECYCLE}. Staging and production
   * require the version's required approvals for that stage; rejected versions never move;
   * archived is final.
   *
   * @param modelId the model
   * @param version the version
   * @param stage the new stage
   * @param reason why, recorded in the audit trail
   * @return the version in its new stage
   * @throws InvalidStateException if the move is not allowed, naming the missing approvals
   */
  ModelVersion transition(String modelId, String version, LifecycleStage stage, String reason);

  /**
   * Loads a registered version into a thread-safe predictor with the training engine that made
   * it, for serving. Needs {@code READ}. The caller closes the predictor.
   *
   * @param modelId the model
   * @param version the version
   * @return a predictor of that version
   * @throws NotFoundException if the version does not exist in the caller's organisation
   * @throws ProviderNotFoundException if no training engine is on the class path
   * @throws InvalidStateException if the version is rejected or archived
   */
  Predictor predictor(String modelId, String version);
}
