package dev.modelkit.benchmarks;

import dev.modelkit.Experiments;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.experiments.HipparchusExperimentEngine;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A ModelKit home on disk (below {@code benchmarks/target}, not tmpfs, so fsync costs what it
 * costs) with the embedded stores, the JSON codec and an experiment engine, used by the
 * experiment benchmarks as their runtime.
 */
final class ExperimentFixture implements AutoCloseable {
  private static final Principal ANALYST = Principal.of("bench", "bench-org", Roles.DATA_SCIENTIST);

  final Path home;
  final SqliteMetadataStore metadata;
  final FileArtifactStore artifacts;
  final HipparchusExperimentEngine engine;
  final Experiments experiments;

  ExperimentFixture() {
    try {
      Path base = Path.of("benchmarks", "target");
      Files.createDirectories(Files.isDirectory(base) ? base : Path.of("target"));
      home = Files.createTempDirectory(Files.isDirectory(base) ? base : Path.of("target"), "experiments-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Clock clock = Clock.systemUTC();
    metadata = SqliteMetadataStore.open(home, clock);
    artifacts = FileArtifactStore.open(home, clock);
    engine = new HipparchusExperimentEngine(home.resolve("hipparchus"), clock);
    experiments = engine.experiments(context(metadata, artifacts, new ConfigCodec(), clock));
  }

  /**
   * @param variants number of variants, the first the control, equal split
   * @return the id of a new, running experiment with a conversion and a value metric
   */
  String runningExperiment(int variants) {
    List<ModelVariant> arms = new ArrayList<>();
    double share = 100.0 / variants;
    double given = 0;
    for (int i = 0; i < variants; i++) {
      double allocation = i == variants - 1 ? 100 - given : Math.floor(share * 100) / 100;
      given += allocation;
      arms.add(new ModelVariant(i == 0 ? "control" : "v" + i, null, "scorer", "1." + i, Map.of(), allocation,
          VariantStatus.ACTIVE, i == 0));
    }
    List<SuccessMetric> metrics = List.of(
        new SuccessMetric("conversion", MetricType.BUSINESS, null, MetricDirection.INCREASE, Significance.PRIMARY,
            MetricKind.BINARY, null),
        new SuccessMetric("score", MetricType.QUALITY, null, MetricDirection.INCREASE, Significance.SECONDARY,
            MetricKind.CONTINUOUS, null));
    String id = experiments.create(ExperimentDefinition.of("bench", "", arms, metrics)).id();
    experiments.start(id);
    return id;
  }

  @Override
  public void close() {
    engine.close();
    metadata.close();
    artifacts.close();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServiceContext context(MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock) {
    return StandaloneContext.builder(ANALYST).metadata(metadata).artifacts(artifacts).json(json).clock(clock).build();
  }
}
