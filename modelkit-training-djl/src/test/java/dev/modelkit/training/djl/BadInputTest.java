package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.TrainingException;
import dev.modelkit.config.Violation;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.DistributedStrategy;
import dev.modelkit.training.DistributedTrainingConfig;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets an error naming the file, row, column and value, and saying what to do: a
 * missing column, an unparsable cell (failed or skipped and counted, by policy), an empty data
 * set, a label with one class, a loss that becomes NaN, a missing or unreadable file, a hosted
 * base model, an unsupported distribution strategy, a data source the caller may not use.
 */
class BadInputTest extends SharedEngineTest {
  /** A small, learnable CSV: amount and segment predict the label. */
  static String csv(int rows) {
    StringBuilder sb = new StringBuilder("amount,segment,label\n");
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < rows; i++) {
      double amount = r.nextDouble() * 100;
      String seg = r.nextBoolean() ? "retail" : "corporate";
      boolean bad = amount + (seg.equals("retail") ? 20 : 0) + r.nextGaussian() * 15 > 70;
      sb.append(String.format(java.util.Locale.ROOT, "%.2f,%s,%s%n", amount, seg, bad ? "bad" : "good"));
    }
    return sb.toString();
  }

  static TrainingConfiguration config(Path file, InvalidRowPolicy policy, double learningRate) {
    DataSource src = new DataSource("loans", DataFormat.CSV, file.toString(),
        new DataSchema(List.of("amount", "segment"), List.of("label"), Map.of()), null, null, null);
    return TrainingConfiguration.builder().organizationId("acme").modelName("loans")
        .trainingObjective(Configs.germanCredit().build().trainingObjective())
        .datasetConfig(new DatasetConfiguration(List.of(src), null, null,
            new PreprocessingConfig(null, true, false, null, policy, null, null, null), null))
        .hyperparameters(Configs.germanHyperparameters().epochs(5).hiddenUnits(List.of(8)).learningRate(learningRate)
            .build())
        .validationConfig(Configs.holdout(0.2, 3))
        .build();
  }

  private static Path write(Path dir, String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void missingColumnNamesFileLineAndColumn(@TempDir Path temp) throws IOException {
    Path f = write(temp, "loans.csv", csv(50).replace("amount,segment,label", "amount,sector,label"));
    DatasetException e = assertThrows(DatasetException.class,
        () -> engine.train(new TestContext(config(f, InvalidRowPolicy.FAIL, 0.003), temp)));
    assertEquals("segment", e.column());
    assertEquals(1, e.row());
    assertTrue(e.getMessage().contains(f + " line 1: column 'segment' is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("[amount, sector, label]"), e.getMessage());
  }

  @Test
  void unparsableCellFailsByPolicyNamingFileLineColumnAndValue(@TempDir Path temp) throws IOException {
    String text = csv(50);
    String[] lines = text.split("\n");
    lines[7] = "12.5O,retail,good";
    Path f = write(temp, "loans.csv", String.join("\n", lines) + "\n");
    DatasetException e = assertThrows(DatasetException.class,
        () -> engine.train(new TestContext(config(f, InvalidRowPolicy.FAIL, 0.003), temp)));
    assertEquals(8, e.row());
    assertEquals("amount", e.column());
    assertEquals("12.5O", e.value());
    assertTrue(e.getMessage().startsWith(f + " line 8 column 'amount' value '12.5O': is not a number"), e.getMessage());
    assertTrue(e.getMessage().contains("set it to skip"), e.getMessage());
  }

  @Test
  void unparsableCellsAreSkippedAndCountedByPolicy(@TempDir Path temp) throws IOException {
    String[] lines = csv(200).split("\n");
    lines[7] = "12.5O,retail,good";
    lines[9] = "n/a-ish,retail,bad";
    lines[11] = "30,retail";
    Path f = write(temp, "loans.csv", String.join("\n", lines) + "\n");
    TestContext ctx = new TestContext(config(f, InvalidRowPolicy.SKIP, 0.003), temp);
    TrainingResult r = engine.train(ctx);
    assertEquals(3.0, r.metrics().get("rows_skipped"));
    String note = ctx.events("data_ingestion").stream().filter(ev -> ev.message() != null && ev.message().contains("skipped"))
        .findFirst().orElseThrow().message();
    assertTrue(note.startsWith("3 invalid row(s) skipped; first: " + f + " line 8 column 'amount' value '12.5O'"), note);
  }

  @Test
  void emptyDataSetIsRefused(@TempDir Path temp) throws IOException {
    Path f = write(temp, "loans.csv", "amount,segment,label\n");
    DatasetException e = assertThrows(DatasetException.class,
        () -> engine.train(new TestContext(config(f, InvalidRowPolicy.FAIL, 0.003), temp)));
    assertTrue(e.getMessage().contains("the data set is empty") && e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void singleClassLabelIsRefused(@TempDir Path temp) throws IOException {
    Path f = write(temp, "loans.csv", csv(40).replace(",bad", ",good"));
    DatasetException e = assertThrows(DatasetException.class,
        () -> engine.train(new TestContext(config(f, InvalidRowPolicy.FAIL, 0.003), temp)));
    assertEquals("label", e.column());
    assertEquals("good", e.value());
    assertTrue(e.getMessage().contains("label column 'label' of " + f + " has a single class 'good'"), e.getMessage());
  }

  @Test
  void nanLossFailsSuggestingALowerLearningRate(@TempDir Path temp) throws IOException {
    Path f = write(temp, "loans.csv", csv(200));
    TrainingConfiguration cfg = config(f, InvalidRowPolicy.FAIL, 1e30);
    TrainingConfiguration sgd = cfg.toBuilder().hyperparameters(cfg.hyperparameters().toBuilder()
        .optimizerConfig(new OptimizerConfig(OptimizerType.SGD, Map.of())).build()).build();
    TrainingException e = assertThrows(TrainingException.class, () -> engine.train(new TestContext(sgd, temp)));
    assertTrue(e.getMessage().matches("(?s)the training loss became (NaN|infinite) at epoch \\d+, batch \\d+ .*lower the"
        + " learning rate.*"), e.getMessage());
  }

  @Test
  void missingAndUnreadableFilesAreNamed(@TempDir Path temp) throws IOException {
    Path missing = temp.resolve("nowhere.csv");
    List<Violation> v = engine.validate(config(missing, InvalidRowPolicy.FAIL, 0.003), temp);
    assertEquals("datasetConfig.trainingData[0].source", v.get(0).path());
    assertTrue(v.get(0).message().contains(missing + " does not exist"), v.get(0).message());
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.train(new TestContext(config(missing, InvalidRowPolicy.FAIL, 0.003), temp)));
    assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());

    Path dir = Files.createDirectory(temp.resolve("a-directory.csv"));
    assertTrue(engine.validate(config(dir, InvalidRowPolicy.FAIL, 0.003), temp).get(0).message().contains("is a directory"));

    Path notGzip = write(temp, "loans.csv.gz", csv(20));
    DatasetException g = assertThrows(DatasetException.class,
        () -> engine.train(new TestContext(config(notGzip, InvalidRowPolicy.FAIL, 0.003), temp)));
    assertTrue(g.getMessage().contains(notGzip + " ends in .gz but is not valid gzip"), g.getMessage());
  }

  @Test
  void hostedBaseModelsAreRefusedNamingTheSupportedOnes(@TempDir Path temp) throws IOException {
    Path f = write(temp, "loans.csv", csv(20));
    for (String hosted : List.of("gpt-3.5-turbo", "gpt-4", "claude-3")) {
      List<Violation> v = engine.validate(config(f, InvalidRowPolicy.FAIL, 0.003).toBuilder().baseModel(hosted).build(), temp);
      assertEquals(1, v.size(), v.toString());
      assertEquals("baseModel", v.get(0).path());
      String m = v.get(0).message();
      assertTrue(m.contains("custom, all-minilm-l6-v2 or model:<modelId>:<version>"), m);
      assertTrue(m.contains("remote fine-tuning provider") && m.contains("TrainingEngine SPI") && m.contains("none is bundled"), m);
    }
  }

  @Test
  void modelAndPipelineParallelAndSeveralNodesAreRefused(@TempDir Path temp) throws IOException {
    Path f = write(temp, "loans.csv", csv(20));
    for (DistributedStrategy s : List.of(DistributedStrategy.MODEL_PARALLEL, DistributedStrategy.PIPELINE_PARALLEL)) {
      TrainingConfiguration cfg = config(f, InvalidRowPolicy.FAIL, 0.003).toBuilder().advancedConfig(new AdvancedTrainingConfig(
          new DistributedTrainingConfig(true, s, 2, 0, null, false), null, null, null, null, null)).build();
      List<Violation> v = engine.validate(cfg, temp);
      assertEquals(List.of("advancedConfig.distributedTraining.strategy", "advancedConfig.distributedTraining.numNodes"),
          v.stream().map(Violation::path).toList());
      assertTrue(v.get(0).message().contains("be data_parallel"), v.get(0).message());
    }
  }

  @Test
  void dataSourcePermissionsAreChecked(@TempDir Path temp) throws IOException {
    Path f = write(temp, "loans.csv", csv(20));
    TrainingConfiguration cfg = config(f, InvalidRowPolicy.FAIL, 0.003);
    DataSource restricted = new DataSource("loans", DataFormat.CSV, f.toString(), cfg.datasetConfig().trainingData().get(0)
        .schema(), null, List.of("risk_analyst"), null);
    TrainingConfiguration locked = cfg.toBuilder().datasetConfig(new DatasetConfiguration(List.of(restricted), null, null,
        cfg.datasetConfig().dataPreprocessing(), null)).build();
    TestContext ctx = new TestContext(locked, temp, Principal.of("bob", "acme", "data_scientist"),
        dev.modelkit.core.store.FileArtifactStore.open(temp.resolve("home")));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> engine.train(ctx));
    assertTrue(e.getMessage().contains("'loans'") && e.getMessage().contains("[risk_analyst]"), e.getMessage());
  }
}
