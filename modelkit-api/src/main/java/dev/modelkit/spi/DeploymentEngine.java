package dev.modelkit.spi;

import dev.modelkit.Deployments;

/**
 * Serves model versions and rolls them out. Created once per runtime by a {@link
 * DeploymentTargetProvider}.
 */
public interface DeploymentEngine {

  /**
   * @param context the caller and the runtime's stores
   * @return the deployments view bound to that caller
   */
  Deployments deployments(ServiceContext context);
}
