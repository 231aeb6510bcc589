package dev.modelkit.spi;

/**
 * Opens metadata stores. Found with {@link java.util.ServiceLoader}; see {@link ProviderKind}.
 */
public interface MetadataStoreProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock, stores and settings
   * @return a ready {@link MetadataStore}; the runtime closes it if it is {@link AutoCloseable}
   */
  MetadataStore create(ProviderContext context);
}
