package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.pipeline.GateAction;
import dev.modelkit.pipeline.GateOperator;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.QualityGate;
import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageConfiguration;
import dev.modelkit.pipeline.StageRun;
import dev.modelkit.pipeline.StageType;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.KeyProvider;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.PrivacyConfig;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole pipeline on German Credit with real PyTorch training: data quality gates on the real
 * data, pseudonymisation (the job trains on the anonymised JSON Lines copy), encryption at rest of
 * the copy and the model, validation with the expected cost of the model's decisions, and
 * monitoring set-up with the training data as reference.
 */
class PipelineEndToEndTest {
  private static final Path DATA = Path.of(System.getProperty("modelkit.data", "../data"));
  private static final SecretKey KEY = new SecretKeySpec(new byte[32], 0, 32, "AES");

  @TempDir
  Path home;

  private static QualityGate gate(String metric, GateOperator op, double t, GateAction a) {
    return new QualityGate(metric, metric, t, op, a);
  }

  @Test
  void germanCreditThroughEveryDataAndModelStage() throws Exception {
    KeyProvider keys = new KeyProvider() {
      @Override
      public String currentKeyId(String organizationId) {
        return "acme-1";
      }

      @Override
      public SecretKey key(String keyId) {
        return KEY;
      }
    };
    try (ModelKit kit = ModelKit.builder().home(home).dataRoot(DATA).keyProvider(keys).build()) {
      CustomModelTrainingService ada = kit.service(Principal.of("ada", "acme", Roles.ADMINISTRATOR));
      TrainingConfiguration training = Configs.germanCredit().modelName("German pipeline")
          .hyperparameters(Configs.germanHyperparameters().epochs(12).build())
          .validationConfig(Configs.holdout(0.2, 4))
          .datasetConfig(new DatasetConfiguration(List.of(Configs.german()), null, null,
              PreprocessingConfig.defaults(), new PrivacyConfig(true, true, List.of("administrator"))))
          .build();
      CostMatrix costs = new CostMatrix(Map.of("bad", Map.of("good", 5.0), "good", Map.of("bad", 1.0)), true);
      ModelTrainingPipeline p = ada.pipelines().create(ModelTrainingPipeline.builder("german credit", training)
          .stage(PipelineStage.of(StageType.DATA_INGESTION,
              gate("data.completeness", GateOperator.GTE, 0.99, GateAction.FAIL),
              gate("data.duplicate_rate", GateOperator.LTE, 0.01, GateAction.FAIL),
              gate("data.label_balance", GateOperator.GTE, 0.5, GateAction.WARN)))
          .stage(PipelineStage.of(StageType.DATA_PREPROCESSING,
              gate("pii.findings", GateOperator.EQ, 0, GateAction.FAIL)))
          .stage(PipelineStage.of(StageType.FEATURE_ENGINEERING,
              gate("features.constant", GateOperator.EQ, 0, GateAction.FAIL)))
          .stage(PipelineStage.of(StageType.MODEL_TRAINING,
              gate("test_roc_auc", GateOperator.GT, 0.6, GateAction.FAIL)))
          .stage(new PipelineStage(null, StageType.MODEL_VALIDATION, new StageConfiguration(null, null, costs, null,
              null, null, null), 0, null, List.of(gate("business.expected_cost", GateOperator.LT, 1.5,
              GateAction.WARN))))
          .stage(new PipelineStage(null, StageType.MONITORING_SETUP, new StageConfiguration(null, null, null, null,
              null, null, List.of(AlertRule.of("drift", "drift_share > 0.3", "retrain"))), 0, null, List.of()))
          .build());
      PipelineRun run = ada.pipelines().await(ada.pipelines().run(p.id()).id(), Duration.ofMinutes(5));
      assertEquals(RunState.SUCCEEDED, run.state(), run.reason() + " " + run.stages());

      StageRun ingest = run.stages().get(0);
      assertEquals(1000.0, ingest.metrics().get("data.rows"));
      assertEquals(300.0 / 700.0, ingest.metrics().get("data.label_balance"), 1e-12);
      assertTrue(run.warnings().stream().anyMatch(w -> w.contains("data.label_balance was 0.4286")), run.warnings()
          .toString());
      StageRun train = run.stages().get(3);
      String modelId = train.outputs().get("modelId");
      String version = train.outputs().get("version");
      ModelVersion v = ada.models().get(modelId, version);
      assertTrue(v.metrics().get("test_roc_auc") > 0.6, v.metrics().toString());
      byte[] atRest = Files.readAllBytes(home.resolve("artifacts").resolve("sha256")
          .resolve(v.artifacts().get("model").sha256().substring(0, 2)).resolve(v.artifacts().get("model").sha256()));
      assertEquals("MKE2", new String(atRest, 0, 4, java.nio.charset.StandardCharsets.US_ASCII),
          "the trained model is encrypted at rest");
      assertTrue(v.lineage().datasetFingerprints().keySet().stream().anyMatch(k -> k.contains("anonymised")),
          "the job trained on the anonymised copy: " + v.lineage().datasetFingerprints());

      double expectedCost = run.stages().get(4).metrics().get("business.expected_cost");
      assertTrue(expectedCost >= 0 && expectedCost <= 5, "cost " + expectedCost);
      assertEquals(1000.0, run.stages().get(4).metrics().get("business.scored_rows"));
      System.out.printf("German Credit pipeline: test_roc_auc %.3f, expected cost %.3f per decision%n",
          v.metrics().get("test_roc_auc"), expectedCost);

      try (Predictor predictor = ada.models().predictor(modelId, version)) {
        Map<String, Object> row = new HashMap<>(Map.of("checking_status", "<0", "duration", 6.0,
            "credit_history", "critical/other existing credit", "purpose", "radio/tv", "credit_amount", 1169.0));
        for (String f : predictor.inputFields()) {
          row.putIfAbsent(f, null);
        }
        Prediction pr = predictor.predict(row);
        assertTrue(pr.ok() && List.of("good", "bad").contains(pr.label()), pr.toString());
      }
      assertTrue(ada.monitoring().reference(modelId, version).isPresent(), "reference registered");
      assertEquals(1, ada.monitoring().alertRules(modelId).size());
    }
  }
}
