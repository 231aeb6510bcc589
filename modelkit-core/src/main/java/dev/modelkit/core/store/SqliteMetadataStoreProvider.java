package dev.modelkit.core.store;

import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.MetadataStoreProvider;
import dev.modelkit.spi.ProviderContext;

/**
 * Provides the embedded {@link SqliteMetadataStore} under the name {@code sqlite}, rank 0, so it
 * is the default when no other metadata store is on the classpath or asked for.
 */
public final class SqliteMetadataStoreProvider implements MetadataStoreProvider {

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public int rank() {
    return 0;
  }

  /**
   * @param context supplies the home directory and the clock
   * @return the store in {@code <home>/metadata.db}
   * @throws dev.modelkit.StoreException if it cannot be opened
   */
  @Override
  public MetadataStore create(ProviderContext context) {
    return SqliteMetadataStore.open(context.home(), context.clock());
  }
}
