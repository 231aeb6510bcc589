package dev.modelkit.deploy;

import dev.modelkit.config.Checks;

/**
 * Where and how a model version is served, as in the seed.
 *
 * @param id target id
 * @param name display name
 * @param environment development, staging or production
 * @param type api, batch, embedded or edge
 * @param configuration replicas, resources, environment, health check
 * @param resources resources per replica
 * @param scaling autoscaling
 * @param monitoring metrics and alert rules
 */
public record DeploymentTarget(
    String id, String name, Environment environment, TargetType type, DeploymentConfig configuration,
    ResourceAllocation resources, ScalingConfig scaling, MonitoringConfig monitoring) {
  /** Validates. */
  public DeploymentTarget {
    Checks c = new Checks("DeploymentTarget");
    c.notBlank("id", id);
    c.required("environment", environment);
    c.required("type", type);
    c.required("configuration", configuration);
    c.throwIfAny();
    name = name == null ? id : name;
    monitoring = monitoring == null ? new MonitoringConfig(null, null, null) : monitoring;
  }
}
