package dev.modelkit.core.internal;

import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@link ProviderContext} the runtime hands providers: stores are absent while the stores
 * themselves are being opened, and present for every later provider.
 */
public final class RuntimeProviderContext implements ProviderContext {
  private final Path home;
  private final Clock clock;
  private final Map<String, String> settings;
  private final MetadataStore metadata;
  private final ArtifactStore artifacts;

  private RuntimeProviderContext(Path home, Clock clock, Map<String, String> settings, MetadataStore metadata,
      ArtifactStore artifacts) {
    this.home = Objects.requireNonNull(home, "home");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Map.copyOf(settings);
    this.metadata = metadata;
    this.artifacts = artifacts;
  }

  /**
   * @param home the ModelKit home directory
   * @param clock the clock
   * @param builderSettings settings given to the builder
   * @param systemProperties the system properties whose {@code modelkit.*} entries are layered over them
   * @return a context without stores
   */
  public static RuntimeProviderContext withoutStores(Path home, Clock clock, Map<String, String> builderSettings,
      Properties systemProperties) {
    Map<String, String> merged = new HashMap<>(builderSettings);
    for (String key : systemProperties.stringPropertyNames()) {
      if (key.startsWith("modelkit.")) {
        merged.put(key, systemProperties.getProperty(key));
      }
    }
    return new RuntimeProviderContext(home, clock, merged, null, null);
  }

  /**
   * @param metadataStore the opened metadata store
   * @return this context with the metadata store
   */
  public RuntimeProviderContext withMetadata(MetadataStore metadataStore) {
    return new RuntimeProviderContext(home, clock, settings, metadataStore, artifacts);
  }

  /**
   * @param artifactStore the opened artifact store
   * @return this context with the artifact store
   */
  public RuntimeProviderContext withArtifacts(ArtifactStore artifactStore) {
    return new RuntimeProviderContext(home, clock, settings, metadata, artifactStore);
  }

  @Override
  public Path home() {
    return home;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Map<String, String> settings() {
    return settings;
  }

  @Override
  public Optional<MetadataStore> metadataStore() {
    return Optional.ofNullable(metadata);
  }

  @Override
  public Optional<ArtifactStore> artifactStore() {
    return Optional.ofNullable(artifacts);
  }
}
