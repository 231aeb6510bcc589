package dev.modelkit.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.modelkit.training.DataSource;
import dev.modelkit.training.TrainingConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
  private final ConfigCodec codec = new ConfigCodec();

  @Test
  void relativeSourcesResolveAgainstTheFilesDirectory(@TempDir Path dir) throws IOException {
    Path configDir = Files.createDirectories(dir.resolve("configs"));
    Path file = configDir.resolve("training.json");
    Files.copy(SeedExamplesTest.seed("basic-training-setup.json"), file);

    TrainingConfiguration config = new ConfigFiles(codec).readTrainingConfiguration(file);

    assertEquals(configDir.toAbsolutePath().resolve("organization_risk_data.csv").toString(),
        config.datasetConfig().trainingData().get(0).source());
    TrainingConfiguration unchanged = codec.read(file, TrainingConfiguration.class);
    assertEquals("organization_risk_data.csv", unchanged.datasetConfig().trainingData().get(0).source());
    assertEquals(unchanged.hyperparameters(), config.hyperparameters());
  }

  @Test
  void absoluteAndUriSourcesAreKept(@TempDir Path dir) {
    TrainingConfiguration config = codec.read(SeedExamplesTest.seed("basic-training-setup.json"), TrainingConfiguration.class);
    DataSource template = config.datasetConfig().trainingData().get(0);
    String absolute = dir.resolve("x.csv").toAbsolutePath().toString();
    List<DataSource> sources = List.of(
        copy(template, "a", absolute), copy(template, "b", "s3://bucket/data.csv"), copy(template, "c", "../shared/./d.csv"));
    TrainingConfiguration withSources = config.toBuilder().datasetConfig(new dev.modelkit.training.DatasetConfiguration(
        sources, null, null, null, null)).build();

    TrainingConfiguration resolved = ConfigFiles.resolveSources(withSources, dir.resolve("configs"));

    List<DataSource> out = resolved.datasetConfig().trainingData();
    assertEquals(absolute, out.get(0).source());
    assertEquals("s3://bucket/data.csv", out.get(1).source());
    assertEquals(dir.resolve("shared/d.csv").toString(), out.get(2).source());
  }

  @Test
  void nothingToResolveReturnsTheSameConfiguration(@TempDir Path dir) {
    TrainingConfiguration config = codec.read(SeedExamplesTest.seed("basic-training-setup.json"), TrainingConfiguration.class);
    TrainingConfiguration once = ConfigFiles.resolveSources(config, dir);
    assertSame(once, ConfigFiles.resolveSources(once, dir));
  }

  private static DataSource copy(DataSource s, String id, String source) {
    return new DataSource(id, s.type(), source, s.schema(), s.filters(), s.permissions(), s.lastUpdated());
  }
}
