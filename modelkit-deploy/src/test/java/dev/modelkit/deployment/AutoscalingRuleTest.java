package dev.modelkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelkit.deploy.ScalingConfig;
import org.junit.jupiter.api.Test;

class AutoscalingRuleTest {
  private final ScalingConfig s = new ScalingConfig(2, 5, 70, 80);

  @Test
  void addsAReplicaWhenCpuOrMemoryIsAboveTarget() {
    assertEquals(4, DeploymentManager.desiredReplicas(s, 3, 85, 40));
    assertEquals(4, DeploymentManager.desiredReplicas(s, 3, 20, 90));
    assertEquals(5, DeploymentManager.desiredReplicas(s, 5, 99, 99), "never above max");
  }

  @Test
  void removesAReplicaOnlyWhenBothAreBelowHalfTheirTargets() {
    assertEquals(2, DeploymentManager.desiredReplicas(s, 3, 30, 30));
    assertEquals(3, DeploymentManager.desiredReplicas(s, 3, 30, 50), "memory above half its target holds");
    assertEquals(3, DeploymentManager.desiredReplicas(s, 3, 50, 30), "cpu between half and target holds");
    assertEquals(2, DeploymentManager.desiredReplicas(s, 2, 1, 1), "never below min");
  }

  @Test
  void returnsIntoBoundsAndTreatsUnknownCpuAsNeutral() {
    assertEquals(2, DeploymentManager.desiredReplicas(s, 1, 50, 50));
    assertEquals(5, DeploymentManager.desiredReplicas(s, 7, 50, 50));
    assertEquals(3, DeploymentManager.desiredReplicas(s, 3, Double.NaN, 50));
    assertEquals(4, DeploymentManager.desiredReplicas(s, 3, Double.NaN, 95));
  }
}
