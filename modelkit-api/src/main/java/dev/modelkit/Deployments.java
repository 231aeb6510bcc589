package dev.modelkit;

import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Deployments of the caller's organisation. Provided by a {@code DeploymentEngine}
 * ({@code dev.modelkit:modelkit-deploy}); without one every call fails with {@link
 * ProviderNotFoundException}.
 */
public interface Deployments {

  /**
   * Rolls a version out to a target. Needs {@code DEPLOY}.
   *
   * @param modelId the model
   * @param version the version
   * @param target where
   * @param strategy how; blue-green when null
   * @return the deployment
   */
  ModelDeployment deploy(String modelId, String version, DeploymentTarget target, RolloutStrategy strategy);

  /**
   * @param deploymentId the id
   * @return the deployment
   */
  ModelDeployment get(String deploymentId);

  /** @return the organisation's deployments */
  List<ModelDeployment> list();

  /**
   * Moves a rollout to its next stage now. Needs {@code DEPLOY}.
   *
   * @param deploymentId the id
   * @return the deployment
   */
  ModelDeployment promote(String deploymentId);

  /**
   * Returns all traffic to the previous version. Needs {@code DEPLOY}.
   *
   * @param deploymentId the id
   * @param reason why
   * @return the deployment
   */
  ModelDeployment rollback(String deploymentId, String reason);

  /**
   * @param modelId the model
   * @param time an instant
   * @return version to traffic share that was live at that time
   */
  Map<String, Double> liveAt(String modelId, Instant time);
}
