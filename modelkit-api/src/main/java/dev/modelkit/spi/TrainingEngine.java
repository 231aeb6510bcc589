package dev.modelkit.spi;

import dev.modelkit.config.Violation;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.ModelImport;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Trains models. Created once per runtime by a {@link TrainingEngineProvider}; the runtime's job
 * orchestration calls it on a worker thread once the scheduler admits a job.
 */
public interface TrainingEngine {

  /**
   * The name recorded as the engine of every version this engine trains or imports, so that an
   * auditor reads which backend produced a model. Engines return their provider's name.
   *
   * @return a short, stable name such as {@code pytorch}
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  /**
   * Checks what only the engine knows (supported base models and strategies, readable data files)
   * before a job is queued.
   *
   * @param config a configuration that passed the API's own validation
   * @return problems found; empty when the engine can run it
   */
  List<Violation> validate(TrainingConfiguration config);

  /**
   * Like {@link #validate(TrainingConfiguration)}, resolving relative data paths against the
   * directory the job will read from, so that missing or unreadable files are reported before the
   * job is queued.
   *
   * @param config a configuration that passed the API's own validation
   * @param dataRoot the directory relative data source paths resolve against
   * @return problems found; empty when the engine can run it
   */
  default List<Violation> validate(TrainingConfiguration config, Path dataRoot) {
    return validate(config);
  }

  /**
   * Reads data sources that share one schema the way {@link #train} would, so that evaluation,
   * data quality gates and privacy scans see exactly the rows a model is trained on.
   *
   * @param sources the sources, read in order; the first one's schema names the fields
   * @param dataRoot the directory relative source paths resolve against
   * @param policy what to do with a row holding an unparsable cell
   * @param clock the clock relative date filters ({@code last_2_years}) are measured from
   * @return the rows with their lineage facts
   * @throws UnsupportedOperationException if this engine cannot read data sets
   * @throws dev.modelkit.TrainingException naming file, line, column and value for a missing or
   *     unreadable file, a missing column, an unparsable cell under {@code FAIL}, or no rows
   */
  default DatasetRows readDataset(List<DataSource> sources, Path dataRoot, InvalidRowPolicy policy,
      Clock clock) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot read data sets");
  }

  /**
   * Runs one job to completion. Implementations report progress through the context, check
   * {@link TrainingContext#cancelled()} between steps, save checkpoints through the context, and
   * resume from {@link TrainingContext#lastCheckpoint()} when it is present.
   *
   * @param context the job, its configuration and the runtime's facilities
   * @return the trained model's artifacts, metrics and lineage
   * @throws Exception any failure; the job ends failed with its message
   */
  TrainingResult train(TrainingContext context) throws Exception;

  /**
   * Loads a registered version's artifacts into a thread-safe predictor, for serving and for the
   * latency quality threshold.
   *
   * @param version a version this engine trained or imported
   * @param artifacts where its artifacts are stored
   * @return a predictor; the caller closes it
   * @throws UnsupportedOperationException if this engine cannot serve models
   * @throws dev.modelkit.TrainingException if the artifacts are missing, corrupt or of another engine
   */
  default Predictor load(ModelVersion version, ArtifactStore artifacts) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot load models for inference");
  }

  /**
   * Turns an existing model file (ONNX, TensorFlow SavedModel) into artifacts that {@link
   * #load} can serve, so that it can be registered as a version and A/B-tested against trained
   * ones.
   *
   * @param request what to import
   * @param baseDirectory the directory a relative {@code request.source()} resolves against
   * @param artifacts where to store the artifacts
   * @return the stored artifacts, a file fingerprint and library versions; no metrics
   * @throws UnsupportedOperationException if this engine cannot import models
   * @throws dev.modelkit.ConfigurationException naming the file and what is wrong with it
   */
  default TrainingResult importModel(ModelImport request, Path baseDirectory, ArtifactStore artifacts) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot import models");
  }
}
