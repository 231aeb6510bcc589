package dev.modelkit.deployment.internal;

import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deployment.Criterion;
import dev.modelkit.spi.ServiceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The in-memory state of one deployment: its replicas, the replicas of the version it replaces,
 * its stage and status. Mutated only under the deployment manager's lock.
 */
public final class Rollout {
  /** Deployment id. */
  public final String id;
  /** The deploying caller's context; persistence and monitoring go through it. */
  public final ServiceContext context;
  /** Owning organisation. */
  public final String organizationId;
  /** The model. */
  public final String modelId;
  /** The version rolled out. */
  public final String version;
  /** The version it replaces, or null for a first deployment. */
  public final String previousVersion;
  /** Where. */
  public final DeploymentTarget target;
  /** How; an {@code ab_test} rollout's strategy gains the id of the experiment it created. */
  public RolloutStrategy strategy;
  /** Parsed criteria per canary stage. */
  public final List<List<Criterion>> criteria;
  /** When it was created. */
  public final Instant createdAt;
  /** Replicas of the new version. */
  public final List<Replica> newReplicas = new ArrayList<>();
  /** Replicas of the previous version still kept (serving, or warm for rollback). */
  public final List<Replica> oldReplicas = new ArrayList<>();

  /** Current status; volatile and written last, so a reader who sees it sees its reason. */
  public volatile DeploymentStatus status = DeploymentStatus.PENDING;
  /** Current stage (canary stage or rolling step), 0-based. */
  public int stage;
  /** When the current stage started. */
  public Instant stageStart;
  /** When the previous stage started; its window judges a final stage of duration 0. */
  public Instant previousStageStart;
  /** When the replica count last changed by autoscaling. */
  public Instant lastScaled;
  /** Why it is in its status. */
  public String reason;
  /** Serving URL or export path, if any. */
  public String endpoint;
  /** What a finished {@code batch} run did, else null. */
  public dev.modelkit.deploy.BatchReport batch;
  /** The stored record's optimistic version. */
  public long storedVersion;
  /** The experiment's split of an {@code ab_test} rollout, else null. */
  public ExperimentSplit experimentSplit;
  /** The planned shares of an {@code ab_test} rollout, while its experiment assigns units. */
  public Map<String, Double> plannedTraffic = Map.of();
  /** Current traffic split, version to percent. */
  public Map<String, Double> traffic = Map.of();

  /**
   * @param id deployment id
   * @param context the deploying caller's context
   * @param modelId model
   * @param version new version
   * @param previousVersion replaced version or null
   * @param target where
   * @param strategy how
   * @param criteria parsed canary criteria per stage
   * @param createdAt creation time
   */
  public Rollout(String id, ServiceContext context, String modelId, String version, String previousVersion,
      DeploymentTarget target, RolloutStrategy strategy, List<List<Criterion>> criteria, Instant createdAt) {
    this.id = id;
    this.context = context;
    this.organizationId = context.principal().organizationId();
    this.modelId = modelId;
    this.version = version;
    this.previousVersion = previousVersion;
    this.target = target;
    this.strategy = strategy;
    this.criteria = criteria;
    this.createdAt = createdAt;
    this.stageStart = createdAt;
  }

  /**
   * @param now the time of the snapshot
   * @return the deployment as stored and returned to callers
   */
  public ModelDeployment snapshot(Instant now) {
    return new ModelDeployment(id, organizationId, modelId, version, previousVersion, target, strategy, status, stage,
        traffic, reason, endpoint, createdAt, now, batch);
  }
}
