package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.RegularizationConfig;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * German Credit (1,000 rows, bad = positive): stratified 5-fold cross-validation with a fixed seed
 * reaches a mean ROC AUC of at least 0.78 (anchors measured by the issue author on stratified 5-fold
 * splits: XGBoost defaults 0.773, converged L2 logistic regression 0.797).
 */
class GermanCreditTest extends SharedEngineTest {
  @Test
  void crossValidatedRocAucBeatsTheAnchors(@TempDir Path temp) {
    TrainingConfiguration cfg = Configs.germanCredit()
        .advancedConfig(new AdvancedTrainingConfig(null, null, null, new RegularizationConfig(0.5, 0), null, null))
        .build();
    TestContext ctx = new TestContext(cfg, temp);
    TrainingResult r = engine.train(ctx);
    Map<String, Double> m = r.metrics();
    System.out.printf("German Credit stratified 5-fold: ROC AUC %.4f (std %.4f), folds %s%n", m.get("cv_roc_auc_mean"),
        m.get("cv_roc_auc_std"), foldsOf(m));
    assertTrue(m.get("cv_roc_auc_mean") >= 0.78, "mean ROC AUC " + m.get("cv_roc_auc_mean"));
    assertEquals(m.get("cv_roc_auc_mean"), m.get("roc_auc"));
    assertTrue(m.get("reliability") > 0.9, "reliability " + m.get("reliability"));
    assertEquals(5, ctx.events("model_validation").stream().filter(e -> e.fold() > 0).count());
    assertTrue(r.datasetFingerprints().get("german_credit").matches("[0-9a-f]{64}"));
    assertTrue(r.artifacts().keySet().containsAll(java.util.List.of("model", "preprocessing", "manifest")));

    try (Predictor p = engine.load(ctx.register("german", "1", r), ctx.artifacts())) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("checking_status", "<0");
      row.put("duration", 48);
      row.put("credit_history", "existing paid");
      row.put("purpose", "radio/tv");
      row.put("credit_amount", 5951);
      row.put("savings_status", "<100");
      row.put("employment", "1<=X<4");
      row.put("installment_commitment", 2);
      row.put("personal_status", "female div/dep/mar");
      row.put("other_parties", "none");
      row.put("residence_since", 2);
      row.put("property_magnitude", "real estate");
      row.put("age", 22);
      row.put("other_payment_plans", "none");
      row.put("housing", "own");
      row.put("existing_credits", 1);
      row.put("job", "skilled");
      row.put("num_dependents", 1);
      row.put("own_telephone", "none");
      row.put("foreign_worker", "yes");
      Prediction risky = p.predict(row);
      row.put("checking_status", "no checking");
      row.put("duration", 6);
      row.put("credit_amount", 1000);
      row.put("savings_status", ">=1000");
      Prediction safe = p.predict(row);
      assertTrue(risky.probability("bad") > safe.probability("bad"), risky + " vs " + safe);
      assertEquals(1.0, risky.probability("bad") + risky.probability("good"), 1e-6);
      row.put("purpose", "a purpose never seen in training");
      row.put("age", null);
      assertTrue(p.predict(row).ok(), "unseen categories and missing numbers are encoded, not refused");
    }
  }

  private static String foldsOf(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      sb.append(String.format(java.util.Locale.ROOT, "%.3f ", m.get("fold_" + i + "_roc_auc")));
    }
    return sb.toString().trim();
  }
}
