package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.JobState;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine inside a real runtime: versions found by {@code model:<id>:<version>} through the
 * runtime's registry, the engine's name recorded on every version, data paths checked against the
 * runtime's data root before a job is queued, and data sets read through the engine.
 */
class RuntimeIntegrationTest {
  private static final Path DATA = Path.of(System.getProperty("modelkit.data", "../data"));
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir
  Path home;

  @Test
  void aJobFineTunesFromAVersionRegisteredInTheRuntime() throws Exception {
    try (ModelKit kit = ModelKit.builder().home(home).dataRoot(DATA).build()) {
      CustomModelTrainingService dana = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
      TrainingConfiguration base = Configs.germanCredit().modelName("German base")
          .hyperparameters(Configs.germanHyperparameters().epochs(15).build())
          .validationConfig(Configs.holdout(0.2, 5)).build();
      TrainingJob first = run(dana, base);
      ModelVersion v1 = dana.models().get(first.modelId(), first.modelVersion());
      assertEquals("pytorch", v1.engine(), "versions name the engine by its provider name");

      TrainingConfiguration tuned = base.toBuilder().modelName("German tuned")
          .baseModel("model:" + v1.modelId() + ":" + v1.version()).build();
      TrainingJob second = run(dana, tuned);
      ModelVersion v2 = dana.models().get(second.modelId(), second.modelVersion());
      assertEquals("model:german-base:1", v2.lineage().baseModel());
      assertTrue(v2.metrics().get("test_roc_auc") > 0.6, "tuned model learned: " + v2.metrics());

      TrainingConfiguration missing = base.toBuilder().modelName("German orphan").baseModel("model:german-base:9").build();
      TrainingJob orphan = dana.jobs().create(missing);
      dana.jobs().start(orphan.id());
      TrainingJob failed = dana.jobs().await(orphan.id(), WAIT);
      assertEquals(JobState.FAILED, failed.state());
      assertTrue(failed.reason().contains("german-base:9"), failed.reason());
    }
  }

  @Test
  void aMissingDataFileIsRefusedBeforeTheJobIsQueued() {
    try (ModelKit kit = ModelKit.builder().home(home).dataRoot(DATA).build()) {
      CustomModelTrainingService dana = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
      DataSource gone = new DataSource("german_credit", DataFormat.ARFF, "credit/no_such_file.arff",
          Configs.german().schema(), null, null, null);
      TrainingConfiguration cfg = Configs.germanCredit()
          .datasetConfig(new DatasetConfiguration(List.of(gone), null, null, PreprocessingConfig.defaults(), null)).build();
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> dana.jobs().create(cfg));
      assertTrue(e.getMessage().contains("no_such_file.arff"), e.getMessage());
      assertTrue(dana.jobs().list(null, 0, 10).isEmpty(), "nothing was queued");
    }
  }

  @Test
  void readDatasetGivesTypedRowsAndCountsSkippedOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("loans.csv"), "amount,purpose,label\n100,car,good\n,tv,bad\nabc,car,good\n250.5,,bad\n");
    DataSource src = new DataSource("loans", DataFormat.CSV, "loans.csv",
        new DataSchema(List.of("amount", "purpose"), List.of("label"),
            Map.of("amount", dev.modelkit.training.DataType.NUMERIC)), null, null, null);
    try (PyTorchTrainingEngine engine = new PyTorchTrainingEngine(home, Map.of(), null)) {
      DatasetRows rows = engine.readDataset(List.of(src), dir, InvalidRowPolicy.SKIP, Clock.systemUTC());
      assertEquals(List.of("amount", "purpose", "label"), rows.columns());
      assertEquals(3, rows.size());
      assertEquals(100.0, rows.rows().get(0).get("amount"));
      assertEquals(null, rows.rows().get(1).get("amount"));
      assertEquals(null, rows.rows().get(2).get("purpose"));
      assertEquals("bad", rows.rows().get(2).get("label"));
      assertEquals(1, rows.skippedRows());
      assertTrue(rows.skippedExamples().get(0).contains("'abc'"), rows.skippedExamples().toString());
      assertEquals(64, rows.fingerprints().get("loans").length());
      DatasetException strict = assertThrows(DatasetException.class,
          () -> engine.readDataset(List.of(src), dir, InvalidRowPolicy.FAIL, Clock.systemUTC()));
      assertTrue(strict.getMessage().contains("amount"), strict.getMessage());
    }
  }

  private static TrainingJob run(CustomModelTrainingService svc, TrainingConfiguration cfg) throws Exception {
    TrainingJob job = svc.jobs().create(cfg);
    svc.jobs().start(job.id());
    TrainingJob done = svc.jobs().await(job.id(), WAIT);
    assertEquals(JobState.SUCCEEDED, done.state(), () -> "reason: " + done.reason());
    return done;
  }
}
