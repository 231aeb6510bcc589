package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.AugmentationConfig;
import dev.modelkit.training.ClassWeighting;
import dev.modelkit.training.CrossValidationConfig;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.DistributedStrategy;
import dev.modelkit.training.DistributedTrainingConfig;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.LossWeightingStrategy;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.MultiTaskConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.QualityThresholds;
import dev.modelkit.training.TaskConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine features on a small synthetic loan book (so each run takes seconds): multi-task heads
 * with static and uncertainty weighting, time-series and group validation, calibration, a custom
 * business-impact metric, quality thresholds, data-parallel fallback on a machine without GPUs,
 * augmentation, the Hugging Face BERT tokenizer, and a predictor shared by many threads.
 */
class EngineFeaturesTest {
  static PyTorchTrainingEngine engine;
  static Path data;

  @BeforeAll
  static void open(@TempDir Path home) throws IOException {
    engine = Engines.engine(home.resolve("engine"));
    data = home.resolve("loans.csv");
    StringBuilder sb = new StringBuilder("applied,customer,amount,segment,note,label,severity\n");
    SplittableRandom r = new SplittableRandom(17);
    for (int i = 0; i < 600; i++) {
      double amount = r.nextDouble() * 100;
      String seg = r.nextInt(3) == 0 ? "retail" : r.nextBoolean() ? "corporate" : "public";
      double risk = amount / 100 + (seg.equals("retail") ? 0.3 : 0) + r.nextGaussian() * 0.25;
      String note = risk > 0.8 ? "late payments reported" : "paid on time";
      if (r.nextInt(5) == 0) {
        note = "no remarks";
      }
      sb.append(String.format(Locale.ROOT, "2024-%02d-%02d,c%d,%.2f,%s,%s,%s,%s%n", 1 + i % 12, 1 + i % 28, i % 40, amount,
          seg, note, risk > 0.75 ? "bad" : "good", risk > 1.0 ? "high" : risk > 0.5 ? "medium" : "low"));
    }
    Files.writeString(data, sb.toString());
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static DataSource loans(List<String> outputs) {
    return new DataSource("loans", DataFormat.CSV, data.toString(), new DataSchema(List.of("amount", "segment", "note"),
        outputs, Map.of("applied", DataType.DATETIME, "note", DataType.TEXT)), null, null, null);
  }

  static TrainingConfiguration.Builder base() {
    return TrainingConfiguration.builder().organizationId("acme").modelName("loans")
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "credit", List.of("risk"),
            List.of("roc_auc"), null, "bad", null, false, null))
        .datasetConfig(new DatasetConfiguration(List.of(loans(List.of("label"))), null, null, PreprocessingConfig.defaults(),
            null))
        .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of(8)).epochs(15).learningRate(0.01).build())
        .validationConfig(Configs.holdout(0.25, 5));
  }

  @Test
  void multiTaskHeadsWithStaticAndUncertaintyWeighting(@TempDir Path temp) {
    for (LossWeightingStrategy.Type type : LossWeightingStrategy.Type.values()) {
      TrainingConfiguration cfg = base()
          .datasetConfig(new DatasetConfiguration(List.of(loans(List.of("label", "severity"))), null, null,
              PreprocessingConfig.defaults(), null))
          .advancedConfig(new AdvancedTrainingConfig(null, null, null, null, null, new MultiTaskConfig(List.of(
              new TaskConfig("risk_classification", "label", 1.0), new TaskConfig("severity_assessment", "severity", 0.5)),
              new LossWeightingStrategy(type), List.of("hidden_1"), null)))
          .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of(16)).epochs(40).learningRate(0.01).build())
          .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.25, 1,
              new EarlyStoppingConfig(true, 5, "severity_assessment_log_loss", 0, null),
              new MetricConfig("roc_auc", List.of(), List.of()), null, null, null))
          .build();
      TestContext ctx = new TestContext(cfg, temp.resolve(type.wireName()));
      TrainingResult r = engine.train(ctx);
      assertTrue(r.metrics().get("test_roc_auc") > 0.8, type + " " + r.metrics());
      assertTrue(r.metrics().get("test_severity_assessment_accuracy") > 0.6, type + " " + r.metrics());
      try (Predictor p = engine.load(ctx.register("multi-" + type.wireName(), "1", r), ctx.artifacts())) {
        Prediction pr = p.predict(Map.of("amount", 95, "segment", "retail", "note", "late payments reported"));
        assertEquals("bad", pr.label());
        assertEquals("high", pr.tasks().get("severity_assessment").label());
      }
    }
  }

  @Test
  void timeSeriesAndGroupValidation(@TempDir Path temp) {
    TrainingConfiguration ts = base().validationConfig(new ValidationConfiguration(ValidationStrategy.TIME_SERIES, 0, 2,
        new EarlyStoppingConfig(true, 3, "log_loss", 0, null), new MetricConfig("roc_auc", List.of(), List.of()),
        new CrossValidationConfig(true, 3, ValidationStrategy.TIME_SERIES, false), null, "applied")).build();
    TestContext tctx = new TestContext(ts, temp.resolve("ts"));
    TrainingResult t = engine.train(tctx);
    assertNotNull(t.metrics().get("fold_3_roc_auc"));
    assertTrue(tctx.events("model_training").stream().filter(e -> e.fold() > 0).allMatch(e -> e.epoch() % 2 == 0
        || e.epoch() == e.total() || !e.metrics().containsKey("val_roc_auc")), "validation every 2 epochs");

    TrainingConfiguration group = base().validationConfig(new ValidationConfiguration(ValidationStrategy.GROUP, 0, 1, null,
        new MetricConfig("roc_auc", List.of(), List.of()), new CrossValidationConfig(true, 4, ValidationStrategy.GROUP, true),
        "customer", null)).build();
    TrainingResult g = engine.train(new TestContext(group, temp.resolve("group")));
    assertEquals(4, g.metrics().keySet().stream().filter(k -> k.matches("fold_\\d_roc_auc")).count());
    assertTrue(g.metrics().get("reliability") > 0.8);
  }

  @Test
  void calibrationBusinessImpactAndThresholds(@TempDir Path temp) {
    TrainingConfiguration cfg = base()
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "credit", List.of("risk"),
            List.of("roc_auc"), new QualityThresholds(0.99, 0.000001, null), "bad", ClassWeighting.balanced(), true, null))
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.25, 1, null,
            new MetricConfig("roc_auc", List.of(), List.of("business_impact")), null, null, null))
        .build();
    TrainingResult r = engine.train(new TestContext(cfg, temp));
    assertTrue(r.metrics().get("test_business_impact") >= 0, r.metrics().toString());
    assertEquals(2, r.thresholdFailures().size(), r.thresholdFailures().toString());
    assertTrue(r.thresholdFailures().get(0).startsWith("minAccuracy 0.9900 not met: roc_auc was 0."));
    assertTrue(r.thresholdFailures().get(1).startsWith("maxLatency 0.000 ms not met: single-row inference p95 was"));
    // balanced weights inflate the bad probability; Platt scaling brings it back near the observed rate
    assertTrue(Math.abs(r.metrics().get("val_log_loss")) < 0.6, r.metrics().toString());
  }

  @Test
  void dataParallelFallsBackToOneCpuDeviceWithAWarning(@TempDir Path temp) {
    TrainingConfiguration cfg = base().advancedConfig(new AdvancedTrainingConfig(new DistributedTrainingConfig(true,
        DistributedStrategy.DATA_PARALLEL, 1, 2, null, false), null, null, null, null, null)).build();
    TestContext ctx = new TestContext(cfg, temp);
    engine.train(ctx);
    assertTrue(ctx.events.stream().anyMatch(e -> e.message() != null && e.message().startsWith(
        "data_parallel was requested but DJL reports no GPU")));
  }

  @Test
  void augmentationAndBertTokenizer(@TempDir Path temp) {
    TrainingConfiguration cfg = base().datasetConfig(new DatasetConfiguration(List.of(loans(List.of("label"))), null, null,
        new PreprocessingConfig("bert_tokenizer", true, true, new AugmentationConfig(0.1, 1.0, 0.2), null, null, 50, 32),
        null)).build();
    TestContext ctx = new TestContext(cfg, temp);
    TrainingResult r = engine.train(ctx);
    assertTrue(r.artifacts().containsKey("tokenizer"), "the Hugging Face tokenizer file is stored with the model");
    assertTrue(r.metrics().get("test_roc_auc") > 0.8, r.metrics().toString());
    try (Predictor p = engine.load(ctx.register("bert", "1", r), ctx.artifacts())) {
      assertTrue(p.predict(Map.of("amount", 10, "segment", "public", "note", "paid on time")).ok());
    }
  }

  @Test
  void onePredictorServesManyThreadsWithTheSameAnswers(@TempDir Path temp) throws Exception {
    TestContext ctx = new TestContext(base().build(), temp);
    TrainingResult r = engine.train(ctx);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(Map.of("amount", i % 100, "segment", i % 3 == 0 ? "retail" : "public", "note", "paid on time"));
    }
    try (Predictor p = engine.load(ctx.register("shared", "1", r), ctx.artifacts())) {
      List<Prediction> expected = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        expected.add(p.predict(row));
      }
      List<Prediction> batch = p.predictBatch(rows);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(expected.get(i).label(), batch.get(i).label());
        assertEquals(expected.get(i).probability("bad"), batch.get(i).probability("bad"), 1e-6);
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < rows.size(); i++) {
            if (!p.predict(rows.get(i)).equals(expected.get(i))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get());
      }
      pool.shutdown();
      List<Map<String, Object>> mixed = new ArrayList<>(rows.subList(0, 3));
      mixed.add(1, Map.of("amount", "twelve", "segment", "retail", "note", "x"));
      List<Prediction> out = p.predictBatch(mixed);
      assertFalse(out.get(1).ok());
      assertTrue(out.get(1).error().contains("field 'amount' value 'twelve' is not a number"), out.get(1).error());
      assertEquals(expected.get(0).probability("bad"), out.get(0).probability("bad"), 1e-6);
      assertEquals(expected.get(2).probability("bad"), out.get(3).probability("bad"), 1e-6);
    }
  }
}
