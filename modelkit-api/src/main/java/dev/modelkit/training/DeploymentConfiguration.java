package dev.modelkit.training;

import dev.modelkit.config.Checks;
import dev.modelkit.deploy.Environment;
import java.util.List;
import java.util.Map;

/**
 * What happens to a model once trained.
 *
 * @param autoDeployment deploy automatically when the job succeeds and approvals allow
 * @param targetEnvironments environments the model is meant for
 * @param approvalRequired no deployment before the required approvals exist
 * @param rollbackEnabled allow automatic rollback on alerts
 * @param requiredApprovals approvals needed per role before promotion, for example {@code
 *     {"administrator": 1}}; when approval is required and this is empty, one approval by a
 *     holder of the APPROVE permission is needed
 */
public record DeploymentConfiguration(
    boolean autoDeployment, List<Environment> targetEnvironments, boolean approvalRequired,
    boolean rollbackEnabled, Map<String, Integer> requiredApprovals) {

  /** Validates and copies. */
  public DeploymentConfiguration {
    Checks c = new Checks("DeploymentConfiguration");
    targetEnvironments = targetEnvironments == null ? List.of() : List.copyOf(targetEnvironments);
    requiredApprovals = requiredApprovals == null ? Map.of() : Map.copyOf(requiredApprovals);
    for (Map.Entry<String, Integer> e : requiredApprovals.entrySet()) {
      c.atLeast("requiredApprovals." + e.getKey(), e.getValue(), 1);
    }
    c.throwIfAny();
  }

  /** @return no automatic deployment, no approval needed, rollback allowed */
  public static DeploymentConfiguration defaults() {
    return new DeploymentConfiguration(false, List.of(), false, true, Map.of());
  }
}
