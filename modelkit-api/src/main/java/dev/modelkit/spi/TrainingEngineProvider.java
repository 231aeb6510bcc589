package dev.modelkit.spi;

/**
 * Creates training engines. Found with {@link java.util.ServiceLoader}; see {@link ProviderKind}.
 */
public interface TrainingEngineProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock, stores and settings
   * @return a ready {@link TrainingEngine}; the runtime closes it if it is {@link AutoCloseable}
   */
  TrainingEngine create(ProviderContext context);
}
