package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.ClassWeighting;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingObjective;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lending Club (9,857 loans, 5% bad): with balanced class weights the model reaches a test ROC
 * AUC of at least 0.71 on a stratified 20% hold-out (anchors from the issue: XGBoost defaults
 * 0.668, converged logistic regression 0.730). F1 at a 0.5 cut-off means little at 5% positives,
 * so the engine picks the threshold that maximises F1 on validation data; the test reports it and
 * the F1 it gives on the test rows.
 */
class LendingClubTest {

  @Test
  void classWeightingReachesTheRocAucBar(@TempDir Path temp) {
    TrainingConfiguration cfg = TrainingConfiguration.builder().organizationId("acme").modelName("Lending Club default")
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "credit", List.of("default_risk"),
            List.of("roc_auc"), null, "bad", ClassWeighting.balanced(), false, null))
        .datasetConfig(new DatasetConfiguration(List.of(Configs.lending()), null, null, PreprocessingConfig.defaults(), null))
        .hyperparameters(Configs.germanHyperparameters().batchSize(256).epochs(30).learningRate(0.003).hiddenUnits(List.of(16))
            .build())
        .validationConfig(Configs.holdout(0.2, 5))
        .build();
    try (PyTorchTrainingEngine engine = Engines.engine(temp.resolve("engine"))) {
      TrainingResult r = engine.train(new TestContext(cfg, temp));
      Map<String, Double> m = r.metrics();
      System.out.printf("Lending Club, balanced class weights: test ROC AUC %.4f; threshold %.3f chosen on validation"
          + " (validation F1 %.3f) gives test F1 %.3f, precision %.3f, recall %.3f; %d epochs%n", m.get("test_roc_auc"),
          m.get("threshold"), m.get("val_f1_score"), m.get("test_f1_score"), m.get("test_precision"), m.get("test_recall"),
          m.get("epochs_run").intValue());
      assertTrue(m.get("test_roc_auc") >= 0.71, "test ROC AUC " + m.get("test_roc_auc"));
      assertTrue(m.get("threshold") > 0 && m.get("threshold") < 1);
      assertTrue(m.get("test_f1_score") > 0.1, "F1 at the validation-chosen threshold " + m.get("test_f1_score"));
    }
  }
}
