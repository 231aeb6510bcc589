package dev.modelkit.governance;

import dev.modelkit.spi.ArtifactRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model version. Its artifacts, metrics and lineage never change after
 * registration; only its lifecycle stage and approvals do.
 *
 * @param modelId the model
 * @param version the version label, unique per model
 * @param organizationId owning organisation
 * @param engine the training engine or importer that made it, for example {@code pytorch}
 * @param stage its lifecycle stage
 * @param artifacts named artifacts, for example {@code model} and {@code preprocessing}
 * @param metrics evaluation metrics
 * @param lineage provenance
 * @param approvals approvals granted so far
 * @param requiredApprovals role to approvals needed before staging or production
 * @param createdBy who registered it
 * @param createdAt when
 * @param note why it is in its stage (for example the missed thresholds of a rejected version)
 */
public record ModelVersion(
    String modelId, String version, String organizationId, String engine, LifecycleStage stage,
    Map<String, ArtifactRef> artifacts, Map<String, Double> metrics, Lineage lineage, List<Approval> approvals,
    Map<String, Integer> requiredApprovals, String createdBy, Instant createdAt, String note) {
  /** Copies collections. */
  public ModelVersion {
    artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
    requiredApprovals = requiredApprovals == null ? Map.of() : Map.copyOf(requiredApprovals);
  }
}
