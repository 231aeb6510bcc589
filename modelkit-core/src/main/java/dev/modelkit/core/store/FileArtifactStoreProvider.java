package dev.modelkit.core.store;

import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.ArtifactStoreProvider;
import dev.modelkit.spi.ProviderContext;

/**
 * Provides the embedded {@link FileArtifactStore} under the name {@code file}, rank 0, so it is
 * the default when no other artifact store is on the classpath or asked for.
 */
public final class FileArtifactStoreProvider implements ArtifactStoreProvider {

  @Override
  public String name() {
    return "file";
  }

  @Override
  public int rank() {
    return 0;
  }

  /**
   * @param context supplies the home directory and the clock
   * @return the store in {@code <home>/artifacts}
   * @throws dev.modelkit.StoreException if it cannot be opened
   */
  @Override
  public ArtifactStore create(ProviderContext context) {
    return FileArtifactStore.open(context.home(), context.clock());
  }
}
