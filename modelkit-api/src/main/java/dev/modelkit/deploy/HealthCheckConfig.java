package dev.modelkit.deploy;

import dev.modelkit.config.Checks;

/**
 * How a replica's health is checked.
 *
 * @param path HTTP path, for example {@code /health}
 * @param interval seconds between checks, greater than 0
 * @param timeout seconds before a check fails, greater than 0
 * @param retries failed checks in a row before a replica is unhealthy, at least 1
 */
public record HealthCheckConfig(String path, double interval, double timeout, int retries) {
  /** Validates. */
  public HealthCheckConfig {
    Checks c = new Checks("HealthCheckConfig");
    c.check(path != null && path.startsWith("/"), "path", path, "start with /");
    c.positive("interval", interval);
    c.positive("timeout", timeout);
    c.atLeast("retries", retries, 1);
    c.throwIfAny();
  }
}
