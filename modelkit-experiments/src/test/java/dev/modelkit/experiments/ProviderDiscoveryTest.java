package dev.modelkit.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.ExperimentEngine;
import dev.modelkit.spi.ExperimentEngineProvider;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine is found by ServiceLoader as the default experiment engine. */
class ProviderDiscoveryTest {
  @TempDir
  Path home;

  @Test
  void serviceLoaderFindsTheHipparchusEngineAtRankZero() {
    List<ExperimentEngineProvider> found = ServiceLoader.load(ExperimentEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    assertEquals(1, found.size());
    assertEquals("hipparchus", found.get(0).name());
    assertEquals(0, found.get(0).rank());
    ExperimentEngine engine = found.get(0).create(context(Map.of()));
    assertTrue(engine instanceof HipparchusExperimentEngine);
    ((HipparchusExperimentEngine) engine).close();
  }

  @Test
  void aBadCheckpointSettingIsNamed() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () ->
        new HipparchusExperimentEngineProvider().create(context(Map.of("modelkit.experiments.checkpointBytes", "lots"))));
    assertTrue(e.getMessage().contains("modelkit.experiments.checkpointBytes was 'lots' but it must be a whole number"),
        e.getMessage());
  }

  private ProviderContext context(Map<String, String> settings) {
    return new ProviderContext() {
      @Override
      public Path home() {
        return home;
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public Map<String, String> settings() {
        return settings;
      }

      @Override
      public Optional<MetadataStore> metadataStore() {
        return Optional.empty();
      }

      @Override
      public Optional<ArtifactStore> artifactStore() {
        return Optional.empty();
      }
    };
  }
}
