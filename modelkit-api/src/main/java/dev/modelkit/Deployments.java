package dev.modelkit;

import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.ServedPrediction;
import dev.modelkit.deploy.TrafficChange;
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
   * Holds a rollout at its current stage; traffic stays as it is. Needs {@code DEPLOY}.
   *
   * @param deploymentId the id
   * @param reason why
   * @return the deployment
   */
  ModelDeployment pause(String deploymentId, String reason);

  /**
   * Continues a paused rollout; the current stage's window starts again. Needs {@code DEPLOY}.
   *
   * @param deploymentId the id
   * @return the deployment
   */
  ModelDeployment resume(String deploymentId);

  /**
   * @param modelId the model
   * @param time an instant
   * @return version to traffic share (percent) that was live at that time; empty if none
   */
  Map<String, Double> liveAt(String modelId, Instant time);

  /**
   * @param modelId the model
   * @return every traffic change of the model, oldest first
   */
  List<TrafficChange> history(String modelId);

  /**
   * Serves one prediction through the embedded router: version lookup, traffic split, the model
   * call and the monitoring record. Needs {@code READ}.
   *
   * @param modelId the model
   * @param routingKey a stable key (user or request id) so that a unit keeps its version, or null
   * @param features the input
   * @return the prediction and the version that served it
   * @throws NotFoundException if the model has no live deployment
   * @throws DeploymentException if the model call fails
   */
  ServedPrediction predict(String modelId, String routingKey, Map<String, Object> features);
}
