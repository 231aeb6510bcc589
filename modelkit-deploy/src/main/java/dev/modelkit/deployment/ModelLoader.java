package dev.modelkit.deployment;

import dev.modelkit.deployment.internal.ModelEndpoint;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ServiceContext;

/**
 * Loads a registered model version into a callable endpoint, one per replica.
 */
@FunctionalInterface
public interface ModelLoader {

  /**
   * @param context the deploying caller's context (artifact store, registry)
   * @param version the registered version
   * @return a loaded endpoint; the deployment module closes it when its replica retires
   * @throws dev.modelkit.DeploymentException if the version cannot be loaded
   */
  ModelEndpoint load(ServiceContext context, ModelVersion version);

  /**
   * A health probe: a call that must succeed for a replica to count as healthy.
   *
   * @param endpoint the endpoint to probe
   * @throws Exception if it is not healthy
   */
  default void probe(ModelEndpoint endpoint) throws Exception {
    endpoint.predict(java.util.Map.of());
  }
}
