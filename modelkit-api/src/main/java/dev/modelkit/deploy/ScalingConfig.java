package dev.modelkit.deploy;

import dev.modelkit.config.Checks;

/**
 * Replica autoscaling.
 *
 * @param minReplicas at least 1
 * @param maxReplicas at least minReplicas
 * @param targetCPU CPU utilisation percentage to aim for, 1 to 100
 * @param targetMemory memory utilisation percentage to aim for, 1 to 100
 */
public record ScalingConfig(int minReplicas, int maxReplicas, double targetCPU, double targetMemory) {
  /** Validates. */
  public ScalingConfig {
    Checks c = new Checks("ScalingConfig");
    c.atLeast("minReplicas", minReplicas, 1);
    c.check(maxReplicas >= minReplicas, "maxReplicas", maxReplicas, "be at least minReplicas (" + minReplicas + ")");
    c.between("targetCPU", targetCPU, 1, 100);
    c.between("targetMemory", targetMemory, 1, 100);
    c.throwIfAny();
  }
}
