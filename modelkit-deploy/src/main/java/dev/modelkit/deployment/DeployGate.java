package dev.modelkit.deployment;

import dev.modelkit.InvalidStateException;
import dev.modelkit.deploy.Environment;
import dev.modelkit.governance.Approval;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a model version may be deployed to an environment: production needs a version in the
 * production stage, staging one in staging or production, and every environment refuses rejected
 * and archived versions and versions still missing required approvals.
 */
final class DeployGate {
  private DeployGate() {}

  /**
   * @param mv the version
   * @param env the target environment
   * @throws InvalidStateException saying exactly what is missing
   */
  static void check(ModelVersion mv, Environment env) {
    String name = "Version " + mv.version() + " of model '" + mv.modelId() + "'";
    if (mv.stage() == LifecycleStage.REJECTED || mv.stage() == LifecycleStage.ARCHIVED) {
      throw new InvalidStateException(name + " is " + mv.stage().wireName() + " and can never be deployed"
          + (mv.note() == null ? "." : ": " + mv.note()));
    }
    if (env == Environment.PRODUCTION && mv.stage() != LifecycleStage.PRODUCTION) {
      throw new InvalidStateException(name + " is in stage " + mv.stage().wireName()
          + "; production deployments need a version approved and moved to the production stage.");
    }
    if (env == Environment.STAGING && mv.stage() != LifecycleStage.STAGING && mv.stage() != LifecycleStage.PRODUCTION) {
      throw new InvalidStateException(name + " is in stage " + mv.stage().wireName()
          + "; staging deployments need a version in the staging or production stage.");
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Integer> need : mv.requiredApprovals().entrySet()) {
      long have = mv.approvals().stream().map(Approval::roles).filter(r -> r.contains(need.getKey())).count();
      if (have < need.getValue()) {
        missing.add(need.getValue() - have + " by role " + need.getKey());
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidStateException(name + " needs approvals before deployment: missing " + String.join(", ", missing) + ".");
    }
  }
}
