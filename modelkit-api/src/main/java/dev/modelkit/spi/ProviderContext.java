package dev.modelkit.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime hands a provider when it creates one.
 *
 * <p>Stores are absent while the stores themselves are being opened.
 */
public interface ProviderContext {

  /** @return the ModelKit home directory; a provider keeps its files below {@code home/<name>} */
  Path home();

  /** @return the clock every timestamp comes from */
  Clock clock();

  /**
   * @return settings given to the runtime builder, with {@code modelkit.*} system properties
   *     layered over them
   */
  Map<String, String> settings();

  /** @return the metadata store, once opened */
  Optional<MetadataStore> metadataStore();

  /** @return the artifact store, once opened */
  Optional<ArtifactStore> artifactStore();
}
