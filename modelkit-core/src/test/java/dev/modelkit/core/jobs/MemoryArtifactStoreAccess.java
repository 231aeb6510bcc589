package dev.modelkit.core.jobs;

import dev.modelkit.spi.ArtifactStore;

/** Opens the in-memory artifact store of the job tests to tests in other packages. */
public final class MemoryArtifactStoreAccess {
  private MemoryArtifactStoreAccess() {}

  /** @return an empty in-memory artifact store */
  public static ArtifactStore create() {
    return new MemoryArtifactStore();
  }
}
