package dev.modelkit.spi;

/**
 * Creates deployment target runtimes. Found with {@link java.util.ServiceLoader}; see {@link ProviderKind}.
 */
public interface DeploymentTargetProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock, stores and settings
   * @return a ready {@link DeploymentEngine}; the runtime closes it if it is {@link AutoCloseable}
   */
  DeploymentEngine create(ProviderContext context);
}
