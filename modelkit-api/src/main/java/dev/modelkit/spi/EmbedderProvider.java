package dev.modelkit.spi;

/**
 * Creates {@link Embedder}s; found with {@link java.util.ServiceLoader}. A knowledge store uses
 * the provider named by the {@code modelkit.knowledge.embedder} setting, else the lowest rank.
 */
public interface EmbedderProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home, clock and settings
   * @return a ready embedder
   * @throws dev.modelkit.ModelKitException if the model cannot be loaded
   */
  Embedder create(ProviderContext context);
}
