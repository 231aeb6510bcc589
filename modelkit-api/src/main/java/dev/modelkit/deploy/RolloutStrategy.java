package dev.modelkit.deploy;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * How a new version replaces the live one.
 *
 * @param type blue-green, canary, rolling, A/B or recreate
 * @param percentage first canary share, informational when stages are given; for an A/B rollout
 *     without a configured experiment, the new version's share of the experiment it creates (50
 *     when absent)
 * @param duration default stage duration in seconds
 * @param stages canary stages; the last must reach 100
 * @param batchSize replicas replaced at once for rolling updates, at least 1
 * @param experimentId the experiment that splits traffic for A/B deployments: a draft or running
 *     experiment whose control serves the live version and whose other variant serves the new one;
 *     null to have the deployment create one
 */
public record RolloutStrategy(
    RolloutType type, Double percentage, Double duration, List<CanaryStage> stages, Integer batchSize,
    String experimentId) {
  /** Validates. */
  public RolloutStrategy {
    Checks c = new Checks("RolloutStrategy");
    c.required("type", type);
    stages = stages == null ? List.of() : List.copyOf(stages);
    if (type == RolloutType.CANARY) {
      c.check(!stages.isEmpty(), "stages", "[]", "list at least one stage for a canary rollout");
      if (!stages.isEmpty()) {
        c.check(stages.get(stages.size() - 1).percentage() == 100, "stages[" + (stages.size() - 1) + "].percentage",
            stages.get(stages.size() - 1).percentage(), "be 100 in the last stage");
      }
      for (int i = 1; i < stages.size(); i++) {
        c.check(stages.get(i).percentage() >= stages.get(i - 1).percentage(), "stages[" + i + "].percentage",
            stages.get(i).percentage(), "not be lower than the stage before");
      }
    }
    c.between("percentage", percentage, 0, 100);
    c.atLeast("batchSize", batchSize, 1);
    c.throwIfAny();
  }

  /** @return a blue-green rollout */
  public static RolloutStrategy blueGreen() {
    return new RolloutStrategy(RolloutType.BLUE_GREEN, null, null, null, null, null);
  }
}
