package dev.modelkit.spi;

import dev.modelkit.Deployments;
import dev.modelkit.monitoring.Alert;

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

  /**
   * Told about every alert the runtime raises, on the runtime's alert thread, once the engine
   * exists. Engines that act on alerts (for example rolling back on an alert whose actions include
   * {@code rollback}) override it; the default ignores alerts.
   *
   * @param alert the alert
   */
  default void onAlert(Alert alert) {}

  /**
   * Called once when the runtime opens, before it is handed to the host: an engine that serves
   * from memory (routes, replicas, HTTP endpoints) rebuilds that state from the deployments
   * stored in {@code metadata}, acting as each organisation's system principal. The default does
   * nothing. A failure is logged by the runtime and does not stop it from opening.
   *
   * @param metadata the runtime's metadata store
   * @param systemContext the context of an organisation's system principal, by organisation id
   */
  default void restore(MetadataStore metadata, java.util.function.Function<String, ServiceContext> systemContext) {}
}
