package dev.modelkit.deploy;

import dev.modelkit.config.Checks;
import java.util.Map;

/**
 * Target-specific deployment settings.
 *
 * @param replicas serving replicas, at least 1
 * @param resources resources per replica
 * @param environment environment variables handed to the model
 * @param healthCheck health check settings
 */
public record DeploymentConfig(int replicas, ResourceAllocation resources, Map<String, String> environment, HealthCheckConfig healthCheck) {
  /** Validates. */
  public DeploymentConfig {
    Checks c = new Checks("DeploymentConfig");
    c.atLeast("replicas", replicas, 1);
    c.throwIfAny();
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }
}
