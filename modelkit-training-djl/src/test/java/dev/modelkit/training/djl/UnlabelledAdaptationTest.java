package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.ConfigurationException;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.TransferLearningConfig;
import dev.modelkit.training.TransferStrategy;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domain adaptation on unlabelled in-domain text (self-training). SpamAssassin's corpus has two
 * eras: the 2002 folders ({@code easy-ham-1}, {@code spam-1}) are the labelled source domain; the
 * later folders ({@code easy-ham-2}, {@code hard-ham-1}, {@code spam-2}) are the target domain,
 * whose training rows arrive without labels. The adapted model starts from the source model's
 * weights, trains on the target rows the source model labels confidently, and is scored on
 * labelled target rows it never saw.
 */
class UnlabelledAdaptationTest {
  private static final Principal ALICE = Principal.of("alice", "acme", Roles.DATA_SCIENTIST);
  private static final Path DATA = Path.of(System.getProperty("modelkit.data", "../data"));
  static PyTorchTrainingEngine engine;

  @BeforeAll
  static void open() {
    engine = Engines.engine(Path.of("target", "adaptation-engine-home").toAbsolutePath());
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void selfTrainingOnUnlabelledTargetMailBeatsTheSourceModelThere(@TempDir Path temp) throws IOException {
    Path[] files = splitByEra(temp);
    dev.modelkit.core.store.FileArtifactStore store = dev.modelkit.core.store.FileArtifactStore.open(temp);
    TrainingConfiguration sourceCfg = config("Spam 2002", ObjectiveType.RISK_CLASSIFICATION,
        new DatasetConfiguration(List.of(source("spam_2002", files[0])), List.of(source("target_val", files[2])),
            List.of(source("target_test", files[3])), prep(), null), null, "custom");
    TestContext sctx = new TestContext(sourceCfg, temp, ALICE, store);
    TrainingResult sourceOnly = engine.train(sctx);
    sctx.register("spam-2002", "1", sourceOnly);

    TrainingConfiguration adaptCfg = config("Spam adapted", ObjectiveType.DOMAIN_ADAPTATION,
        new DatasetConfiguration(List.of(source("target_unlabelled", files[1])), List.of(source("target_val", files[2])),
            List.of(source("target_test", files[3])), prep(), null),
        new TransferLearningConfig("model:spam-2002:1", List.of(), List.of(), TransferStrategy.FINE_TUNING, true, null,
            0.9), "model:spam-2002:1");
    TestContext actx = new TestContext(adaptCfg, temp, ALICE, store);
    actx.versions.putAll(sctx.versions);
    TrainingResult adapted = engine.train(actx);

    Map<String, Double> s = sourceOnly.metrics();
    Map<String, Double> a = adapted.metrics();
    System.out.printf("Unlabelled domain adaptation (SpamAssassin 2002 -> later mail): source model on target test"
            + " F1 %.4f, ROC AUC %.4f; adapted F1 %.4f, ROC AUC %.4f; %.0f of %.0f unlabelled rows pseudo-labelled%n",
        s.get("test_f1_score"), s.get("test_roc_auc"), a.get("test_f1_score"), a.get("test_roc_auc"),
        a.get("pseudo_labelled_rows"), a.get("unlabelled_rows"));
    assertEquals(s.get("rows_test"), a.get("rows_test"), "both are scored on the same labelled target rows");
    assertEquals(1500.0, a.get("unlabelled_rows"));
    assertTrue(a.get("pseudo_labelled_rows") > 500 && a.get("pseudo_labelled_rows") <= 1500, a.toString());
    assertTrue(a.get("test_f1_score") > s.get("test_f1_score"),
        "adapted F1 " + a.get("test_f1_score") + " vs source model " + s.get("test_f1_score"));
  }

  @Test
  void unlabelledRowsWithoutLabelledTestDataAreRefused(@TempDir Path temp) throws IOException {
    Path[] files = splitByEra(temp);
    dev.modelkit.core.store.FileArtifactStore store = dev.modelkit.core.store.FileArtifactStore.open(temp);
    TrainingConfiguration sourceCfg = config("Spam 2002", ObjectiveType.RISK_CLASSIFICATION,
        new DatasetConfiguration(List.of(source("spam_2002", files[2])), null, null, prep(), null), null, "custom");
    TestContext sctx = new TestContext(sourceCfg, temp, ALICE, store);
    sctx.register("spam-2002", "1", engine.train(sctx));
    TrainingConfiguration noTest = config("Spam adapted", ObjectiveType.DOMAIN_ADAPTATION,
        new DatasetConfiguration(List.of(source("target_unlabelled", files[1])), null, null, prep(), null), null,
        "model:spam-2002:1");
    TestContext actx = new TestContext(noTest, temp, ALICE, store);
    actx.versions.putAll(sctx.versions);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> engine.train(actx));
    assertTrue(e.getMessage().contains("validationData and testData") && e.getMessage().contains("1500"),
        e.getMessage());
  }

  private static PreprocessingConfig prep() {
    return new PreprocessingConfig(null, true, false, null, null, null, 2000, 400);
  }

  private static DataSource source(String id, Path file) {
    return new DataSource(id, DataFormat.JSONL, file.toString(),
        new DataSchema(List.of("text"), List.of("label"), Map.of("text", DataType.TEXT)), null, null, null);
  }

  private static TrainingConfiguration config(String name, ObjectiveType type, DatasetConfiguration data,
      TransferLearningConfig tl, String baseModel) {
    return TrainingConfiguration.builder().organizationId("acme").modelName(name).baseModel(baseModel)
        .trainingObjective(new TrainingObjective(type, "email", List.of("spam_detection"), List.of("f1_score"), null,
            "spam", null, false, null))
        .datasetConfig(data)
        .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of(32)).learningRate(0.003).batchSize(64)
            .epochs(15).weightDecay(0.01).build())
        .advancedConfig(tl == null ? null : new AdvancedTrainingConfig(null, null, null, null, tl, null))
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0, 1,
            new EarlyStoppingConfig(true, 3, "log_loss", 0, null), new MetricConfig("f1_score", List.of("roc_auc"),
                List.of()), null, null, null))
        .build();
  }

  /**
   * Writes the source era (labelled), 1,500 target rows with their labels removed, 300 labelled
   * target validation rows and the remaining labelled target rows as the test set.
   */
  static Path[] splitByEra(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<ObjectNode> early = new ArrayList<>();
    List<ObjectNode> late = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(DATA.resolve("text/spamassassin.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        ObjectNode row = (ObjectNode) json.readTree(line);
        String folder = row.get("id").asText().split("/")[0];
        (folder.equals("easy-ham-1") || folder.equals("spam-1") ? early : late).add(row);
      }
    }
    Collections.shuffle(late, new Random(11));
    List<ObjectNode> unlabelled = late.subList(0, 1500);
    unlabelled.forEach(r -> r.put("label", ""));
    Path[] out = {dir.resolve("early.jsonl"), dir.resolve("late_unlabelled.jsonl"), dir.resolve("late_val.jsonl"),
        dir.resolve("late_test.jsonl")};
    write(json, out[0], early);
    write(json, out[1], unlabelled);
    write(json, out[2], late.subList(1500, 1800));
    write(json, out[3], late.subList(1800, late.size()));
    return out;
  }

  private static void write(ObjectMapper json, Path file, List<ObjectNode> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ObjectNode r : rows) {
        w.write(json.writeValueAsString(r));
        w.write('\n');
      }
    }
  }
}
