package dev.modelkit.core.evaluation;

import dev.modelkit.config.Violation;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.evaluation.internal.HandRows;
import dev.modelkit.core.evaluation.internal.ScorePredictor;
import dev.modelkit.core.governance.StoredModelRegistry;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.Lineage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real stores (SQLite metadata, file artifacts) under a temporary home, with a training engine that
 * reads the hand rows and serves {@link ScorePredictor}s: version 1 scores by the row's score,
 * version 2 inverts it.
 */
final class EvaluationFixture implements AutoCloseable {
  final MetadataStore metadata;
  final ArtifactStore artifacts;
  final JsonCodec json = new ConfigCodec();
  final Clock clock;
  final List<Map<String, Object>> rows;

  EvaluationFixture(Path home, Clock clock) {
    this(home, clock, HandRows.rows());
  }

  EvaluationFixture(Path home, Clock clock, List<Map<String, Object>> rows) {
    this.metadata = SqliteMetadataStore.open(home, clock);
    this.artifacts = FileArtifactStore.open(home, clock);
    this.clock = clock;
    this.rows = rows;
  }

  StoredEvaluations evaluations(Principal p) {
    return new StoredEvaluations(StandaloneContext.builder(p).metadata(metadata).artifacts(artifacts).json(json).clock(clock)
        .build(),
        new EvaluationEnvironment(Engine::new, Path.of("unused")));
  }

  ModelVersion register(String org, String modelId, String version) {
    ArtifactRef weights = artifacts.put(("weights " + modelId + version).getBytes(StandardCharsets.UTF_8));
    ModelVersion v = new ModelVersion(modelId, version, org, "hand", LifecycleStage.DRAFT, Map.of("model", weights),
        Map.of("val_roc_auc", 0.8, "val_accuracy", 0.7), new Lineage("job-1", "a".repeat(64), Map.of(), 1L, null,
            Map.of()), List.of(), Map.of(), "trainer", clock.instant(), null);
    String id = StoredModelRegistry.entityId(modelId, version);
    metadata.save(StoredModelRegistry.KIND, org, id, "draft", json.toJson(v), 0, null);
    return v;
  }

  @Override
  public void close() {
    metadata.close();
    artifacts.close();
  }

  /** Reads the fixture's rows and serves score predictors. */
  final class Engine implements TrainingEngine {
    @Override
    public List<Violation> validate(TrainingConfiguration config) {
      return List.of();
    }

    @Override
    public DatasetRows readDataset(List<DataSource> sources, Path dataRoot, InvalidRowPolicy policy, Clock c) {
      Map<String, DataType> types = new HashMap<>();
      types.put("score", DataType.NUMERIC);
      types.put("age", DataType.NUMERIC);
      types.put("foreign", DataType.CATEGORICAL);
      types.put("month", DataType.TEXT);
      types.put("class", DataType.CATEGORICAL);
      return new DatasetRows(HandRows.columns(), types, new ArrayList<>(rows), Map.of("hand", "d".repeat(64)), 0,
          List.of(), 0);
    }

    @Override
    public TrainingResult train(TrainingContext context) {
      throw new UnsupportedOperationException("the evaluation tests train nothing");
    }

    @Override
    public Predictor load(ModelVersion version, ArtifactStore store) {
      store.read(version.artifacts().get("model"));
      return new ScorePredictor(version.version().equals("2"));
    }
  }
}
