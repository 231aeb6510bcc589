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
 * @param port port of an {@code api} target; 0 or absent for any free port
 * @param host address an {@code api} target binds; loopback when absent
 * @param concurrency calls one replica serves at once; 4 when absent
 * @param input the file a {@code batch} target scores: a {@code .csv} with a header row or a
 *     {@code .jsonl} file; unused by other targets
 * @param output the JSON Lines file a {@code batch} target writes, or the directory an {@code
 *     edge} target exports into; unused by other targets
 */
public record DeploymentConfig(int replicas, ResourceAllocation resources, Map<String, String> environment,
    HealthCheckConfig healthCheck, Integer port, String host, Integer concurrency, String input, String output) {

  /**
   * Settings of a serving target ({@code api} or {@code embedded}), without files.
   *
   * @param replicas serving replicas, at least 1
   * @param resources resources per replica
   * @param environment environment variables handed to the model
   * @param healthCheck health check settings
   * @param port port of an {@code api} target; 0 or absent for any free port
   * @param host address an {@code api} target binds; loopback when absent
   * @param concurrency calls one replica serves at once; 4 when absent
   */
  public DeploymentConfig(int replicas, ResourceAllocation resources, Map<String, String> environment,
      HealthCheckConfig healthCheck, Integer port, String host, Integer concurrency) {
    this(replicas, resources, environment, healthCheck, port, host, concurrency, null, null);
  }

  /** Validates. */
  public DeploymentConfig {
    Checks c = new Checks("DeploymentConfig");
    c.atLeast("replicas", replicas, 1);
    c.between("port", port, 0, 65535);
    c.atLeast("concurrency", concurrency, 1);
    c.throwIfAny();
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    port = port == null ? 0 : port;
    host = host == null ? "127.0.0.1" : host;
    concurrency = concurrency == null ? 4 : concurrency;
  }
}
