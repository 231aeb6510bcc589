package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.ValidationConfiguration;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validationConfig.refit}: the model chosen on held-out rows is trained again on all
 * development rows for the chosen number of epochs, keeping the threshold and the validation
 * figures of the chosen model; the test rows stay untouched.
 */
class RefitTest {
  static PyTorchTrainingEngine engine;

  @BeforeAll
  static void open() {
    engine = Engines.engine(Path.of("target", "refit-engine-home").toAbsolutePath());
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void refitTrainsOnEveryDevelopmentRowAndKeepsTheChosenThreshold(@TempDir Path temp) {
    ValidationConfiguration holdout = Configs.holdout(0.3, 5);
    TrainingConfiguration base = Configs.germanCredit()
        .hyperparameters(Configs.germanHyperparameters().epochs(30).build()).validationConfig(holdout).build();
    ValidationConfiguration withRefit = new ValidationConfiguration(holdout.strategy(), holdout.testSize(),
        holdout.validationFrequency(), holdout.earlyStoppingConfig(), holdout.metricConfig(), holdout.crossValidation(),
        null, null, true);
    TrainingResult plain = engine.train(new TestContext(base, temp.resolve("plain")));
    TrainingResult refit = engine.train(new TestContext(base.toBuilder().validationConfig(withRefit).build(),
        temp.resolve("refit")));
    Map<String, Double> p = plain.metrics();
    Map<String, Double> r = refit.metrics();
    System.out.printf("Refit on German Credit (700 development rows, 300 test): test ROC AUC %.4f without, %.4f with"
        + " (%.0f epochs)%n", p.get("test_roc_auc"), r.get("test_roc_auc"), r.get("refit_epochs"));
    assertEquals(700.0, p.get("rows_training") + p.get("rows_validation"));
    assertEquals(700.0, r.get("rows_training"), "the refit trains on every development row");
    assertEquals(p.get("rows_validation"), r.get("rows_validation"));
    assertEquals(300.0, r.get("rows_test"));
    assertFalse(p.containsKey("refit_epochs"));
    assertEquals(p.get("best_epoch"), r.get("refit_epochs"), "the refit runs for the chosen model's epochs");
    assertEquals(p.get("threshold"), r.get("threshold"), "the threshold chosen on held-out rows is kept");
    assertEquals(p.get("val_roc_auc"), r.get("val_roc_auc"), "validation figures are the chosen model's");
    assertNotEquals(p.get("test_roc_auc"), r.get("test_roc_auc"), "the refitted weights differ");
    assertTrue(r.get("test_roc_auc") > 0.7, r.toString());
  }
}
