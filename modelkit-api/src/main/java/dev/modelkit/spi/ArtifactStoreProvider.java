package dev.modelkit.spi;

/**
 * Opens artifact stores. Found with {@link java.util.ServiceLoader}; see {@link ProviderKind}.
 */
public interface ArtifactStoreProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock, stores and settings
   * @return a ready {@link ArtifactStore}; the runtime closes it if it is {@link AutoCloseable}
   */
  ArtifactStore create(ProviderContext context);
}
