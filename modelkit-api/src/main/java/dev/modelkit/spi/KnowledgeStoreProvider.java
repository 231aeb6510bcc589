package dev.modelkit.spi;

/**
 * Creates knowledge stores. Found with {@link java.util.ServiceLoader}; see {@link ProviderKind}.
 */
public interface KnowledgeStoreProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock, stores and settings
   * @return a ready {@link KnowledgeStore}; the runtime closes it if it is {@link AutoCloseable}
   */
  KnowledgeStore create(ProviderContext context);
}
