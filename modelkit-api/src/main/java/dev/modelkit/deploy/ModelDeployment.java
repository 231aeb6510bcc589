package dev.modelkit.deploy;

import java.time.Instant;
import java.util.Map;

/**
 * A deployment as stored.
 *
 * @param id deployment id
 * @param organizationId owning organisation
 * @param modelId the model
 * @param version the version being rolled out
 * @param previousVersion the version it replaces, or null
 * @param target where
 * @param strategy how
 * @param status where the deployment is
 * @param stage the current rollout stage, 0-based
 * @param traffic version to traffic share (0 to 100) right now
 * @param reason why it is in its status, or null
 * @param endpoint the serving URL of an {@code api} target, the export directory of an {@code edge}
 *     target, or null
 * @param createdAt when it started
 * @param updatedAt last change
 * @param batch what the scoring run of a {@code batch} target did, once it finished; else null
 */
public record ModelDeployment(
    String id, String organizationId, String modelId, String version, String previousVersion,
    DeploymentTarget target, RolloutStrategy strategy, DeploymentStatus status, int stage, Map<String, Double> traffic,
    String reason, String endpoint, Instant createdAt, Instant updatedAt, BatchReport batch) {
  /** Copies the traffic map. */
  public ModelDeployment {
    traffic = traffic == null ? Map.of() : Map.copyOf(traffic);
  }

  /**
   * A deployment of a serving target, without a batch report.
   *
   * @param id deployment id
   * @param organizationId owning organisation
   * @param modelId the model
   * @param version the version being rolled out
   * @param previousVersion the version it replaces, or null
   * @param target where
   * @param strategy how
   * @param status where the deployment is
   * @param stage the current rollout stage, 0-based
   * @param traffic version to traffic share right now
   * @param reason why it is in its status, or null
   * @param endpoint the serving URL or export directory, or null
   * @param createdAt when it started
   * @param updatedAt last change
   */
  public ModelDeployment(String id, String organizationId, String modelId, String version, String previousVersion,
      DeploymentTarget target, RolloutStrategy strategy, DeploymentStatus status, int stage, Map<String, Double> traffic,
      String reason, String endpoint, Instant createdAt, Instant updatedAt) {
    this(id, organizationId, modelId, version, previousVersion, target, strategy, status, stage, traffic, reason, endpoint,
        createdAt, updatedAt, null);
  }
}
