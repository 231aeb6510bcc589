package dev.modelkit.spi;

/**
 * Creates experiment engines. Found with {@link java.util.ServiceLoader}; see {@link ProviderKind}.
 */
public interface ExperimentEngineProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock, stores and settings
   * @return a ready {@link ExperimentEngine}; the runtime closes it if it is {@link AutoCloseable}
   */
  ExperimentEngine create(ProviderContext context);
}
