package dev.modelkit.training.djl;

import dev.modelkit.config.Violation;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.CustomMetric;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.ModelImport;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.djl.internal.data.Cells;
import dev.modelkit.training.djl.internal.data.DatasetLoader;
import dev.modelkit.training.djl.internal.data.Table;
import dev.modelkit.training.djl.internal.run.ConfigChecker;
import dev.modelkit.training.djl.internal.run.EngineEnvironment;
import dev.modelkit.training.djl.internal.run.TrainingRun;
import dev.modelkit.training.djl.internal.serving.ModelImporter;
import dev.modelkit.training.djl.internal.serving.ModelManifest;
import dev.modelkit.training.djl.internal.serving.StoredModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ModelKit's training engine on Deep Java Library's PyTorch engine: trains tabular and text
 * classifiers (risk classification, fine-tuning on a frozen sentence encoder or an earlier
 * version, domain adaptation, knowledge distillation, multi-task) with every hyperparameter and
 * validation strategy of the configuration, checkpoints and resumes, and serves trained and
 * imported (ONNX) versions through thread-safe predictors. See the module README for what is not
 * supported yet.
 *
 * <p>Thread-safe: several jobs may train at once, each on its own thread.
 */
public final class PyTorchTrainingEngine implements TrainingEngine, AutoCloseable {
  private final EngineEnvironment env;
  private final Path defaultDataRoot;

  /**
   * @param home the engine's directory (sentence encoders, tokenizers and the embedding cache
   *     live there)
   * @param customMetrics custom metrics by name, for {@code metricConfig.customMetrics}
   * @param defaultDataRoot where {@link #validate(TrainingConfiguration)} resolves relative data
   *     paths, or null to check them only at training time
   */
  public PyTorchTrainingEngine(Path home, Map<String, CustomMetric> customMetrics, Path defaultDataRoot) {
    this.env = new EngineEnvironment(home, customMetrics, Math.max(1, Runtime.getRuntime().availableProcessors()));
    this.defaultDataRoot = defaultDataRoot;
    // loads the PyTorch native library now (one intra-op thread unless the provider or the
    // modelkit.training.pytorch.threads property said otherwise, docs/decisions/0071), so that a
    // missing or broken library fails here and not in a job
    PyTorchTrainingEngineProvider.configureThreads(System.getProperty("modelkit.training.pytorch.threads", "1"));
    ai.djl.engine.Engine.getEngine("PyTorch");
  }

  /** @return {@value PyTorchTrainingEngineProvider#NAME}, the provider's name */
  @Override
  public String name() {
    return PyTorchTrainingEngineProvider.NAME;
  }

  @Override
  public List<Violation> validate(TrainingConfiguration config) {
    return validate(config, defaultDataRoot);
  }

  @Override
  public List<Violation> validate(TrainingConfiguration config, Path dataRoot) {
    List<Violation> all = new ConfigChecker(env.customMetrics()).check(config, dataRoot == null ? Path.of("") : dataRoot);
    if (dataRoot == null) {
      // without a data root, a relative path cannot be checked yet; training checks it again
      return all.stream().filter(v -> !(v.path().endsWith(".source") && v.value() != null
          && !Path.of(v.value()).isAbsolute())).toList();
    }
    return all;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Output fields are read as categories (they are labels); the time field that {@code
   * date_range} filters apply to is the first datetime field of the schema.
   *
   * @throws DatasetException naming file, line, column and value
   */
  @Override
  public DatasetRows readDataset(List<DataSource> sources, Path dataRoot, InvalidRowPolicy policy, Clock clock) {
    if (sources == null || sources.isEmpty()) {
      throw new IllegalArgumentException("sources is empty; name at least one data source to read");
    }
    DataSchema schema = sources.get(0).schema();
    List<String> fields = new ArrayList<>(schema.inputFields());
    schema.outputFields().stream().filter(f -> !fields.contains(f)).forEach(fields::add);
    String timeField = schema.dataTypes().entrySet().stream().filter(e -> e.getValue() == DataType.DATETIME)
        .map(Map.Entry::getKey).findFirst().orElse(null);
    DatasetLoader loader = new DatasetLoader(dataRoot == null ? Path.of("") : dataRoot, clock,
        policy == null ? InvalidRowPolicy.SKIP : policy);
    DatasetLoader.Loaded loaded = loader.load(sources, fields, new LinkedHashSet<>(schema.outputFields()),
        schema.dataTypes(), timeField);
    Table t = loaded.table();
    List<Map<String, Object>> rows = new ArrayList<>(t.size());
    for (int r = 0; r < t.size(); r++) {
      String[] raw = t.row(r);
      Map<String, Object> row = new LinkedHashMap<>();
      for (int f = 0; f < fields.size(); f++) {
        String v = raw[f];
        boolean missing = Cells.isMissing(v);
        row.put(fields.get(f), missing ? null : t.type(fields.get(f)) == DataType.NUMERIC ? (Object) Cells.number(v) : v);
      }
      rows.add(row);
    }
    return new DatasetRows(fields, t.types(), rows, loaded.fingerprints(), loaded.skippedRows(),
        loaded.skippedExamples(), loaded.filteredRows());
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.modelkit.ConfigurationException when the configuration cannot run on this engine
   * @throws dev.modelkit.AccessDeniedException when the caller lacks a data source's role
   * @throws DatasetException for unusable data, naming file, row, column and value
   * @throws java.util.concurrent.CancellationException when the job was cancelled
   * @throws dev.modelkit.TrainingException when training fails (for example a NaN loss)
   */
  @Override
  public TrainingResult train(TrainingContext context) {
    // PyTorch's autograd switch is per thread and on by default. DJL turns it off only on the
    // thread that loads the engine, but jobs run on the runtime's worker threads, where in-place
    // weight updates would then fail ("a leaf Variable that requires grad is being used in an
    // in-place operation"). The gradient collector turns it on around each forward and backward pass.
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    return new TrainingRun(context, env).run();
  }

  @Override
  public Predictor load(ModelVersion version, ArtifactStore artifacts) {
    StoredModel m = StoredModel.read(version, artifacts);
    if (ModelManifest.ONNX.equals(m.manifest().kind())) {
      return ModelImporter.open(m);
    }
    return env.open(m);
  }

  @Override
  public TrainingResult importModel(ModelImport request, Path baseDirectory, ArtifactStore artifacts) {
    return new ModelImporter(env.libraryVersions()).importModel(request, baseDirectory, artifacts);
  }

  /** @return the custom metrics this engine knows */
  public Map<String, CustomMetric> customMetrics() {
    return new LinkedHashMap<>(env.customMetrics());
  }

  @Override
  public void close() {
    env.close();
  }
}
