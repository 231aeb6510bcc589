package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.DistillationConfig;
import dev.modelkit.training.EnsembleMember;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.RegularizationConfig;
import dev.modelkit.training.SchedulerConfig;
import dev.modelkit.training.SchedulerType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.djl.internal.features.PipelineResources;
import dev.modelkit.training.djl.internal.serving.DjlPredictor;
import dev.modelkit.training.djl.internal.serving.ModelManifest;
import dev.modelkit.training.djl.internal.serving.NetworkRunner;
import dev.modelkit.training.djl.internal.serving.StoredModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ensembles ({@code advancedConfig.ensemble}) on German Credit: an MLP and a logistic model trained
 * on the same rows; the stored model serves the mean of the members' calibrated probabilities,
 * reports each member beside the ensemble, and refuses the combinations it cannot honour.
 */
class EnsembleTest extends SharedEngineTest {
  static TrainingHyperparameters logistic(double decay, int epochs) {
    return TrainingHyperparameters.builder().learningRate(0.01).batchSize(128).epochs(epochs).weightDecay(decay)
        .optimizerConfig(new OptimizerConfig(OptimizerType.ADAM, Map.of())).hiddenUnits(List.of()).seed(42L)
        .schedulerConfig(new SchedulerConfig(SchedulerType.COSINE, Map.of(), 0)).build();
  }

  static List<EnsembleMember> members() {
    return List.of(new EnsembleMember("mlp32", Configs.germanHyperparameters().epochs(60).build(), null, null),
        new EnsembleMember("logistic", logistic(0.03, 80), 0.0, false));
  }

  static TrainingConfiguration config(List<EnsembleMember> members) {
    return Configs.germanCredit()
        .validationConfig(Configs.holdout(0.3, 10))
        .advancedConfig(new AdvancedTrainingConfig(null, null, null, new RegularizationConfig(0.5, 0), null, null,
            members))
        .build();
  }

  @Test
  void servesTheMeanOfItsMembersCalibratedProbabilities(@TempDir Path temp) throws Exception {
    FileArtifactStore store = FileArtifactStore.open(temp);
    TestContext ctx = new TestContext(config(members()), temp, DistillationAndAdaptationTest.ALICE, store);
    TrainingResult r = engine.train(ctx);
    Map<String, Double> m = r.metrics();
    System.out.printf("ensemble: val ROC AUC %.4f (mlp32 %.4f, logistic %.4f), test ROC AUC %.4f%n",
        m.get("val_roc_auc"), m.get("member_mlp32_val_roc_auc"), m.get("member_logistic_val_roc_auc"),
        m.get("test_roc_auc"));
    assertEquals(2.0, m.get("ensemble_members"));
    assertEquals(80.0, m.get("member_logistic_epochs_run"), "earlyStopping false trains every epoch");
    assertTrue(m.get("member_mlp32_epochs_run") <= 60);
    assertTrue(m.containsKey("member_mlp32_val_roc_auc") && m.containsKey("member_logistic_val_roc_auc"), m.toString());
    assertTrue(m.get("test_roc_auc") >= 0.75, "test ROC AUC " + m.get("test_roc_auc"));

    ModelVersion v = ctx.register("german-ensemble", "1", r);
    StoredModel stored = StoredModel.read(v, store);
    ModelManifest manifest = stored.manifest();
    assertEquals(ModelManifest.ENSEMBLE_FORMAT, manifest.formatVersion());
    assertEquals(List.of("mlp32", "logistic"), manifest.members().stream().map(ModelManifest.Member::name).toList());
    assertEquals("none", manifest.tasks().get(0).calibration(), "calibration lives in each member");
    assertEquals(m.get("threshold"), manifest.tasks().get(0).threshold(), 0);

    SplittableRandom rnd = new SplittableRandom(3);
    float[][] x = new float[64][manifest.inputWidth()];
    for (float[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) rnd.nextGaussian();
      }
    }
    int bad = manifest.tasks().get(0).classes().indexOf("bad");
    try (DjlPredictor whole = predictor(stored, manifest, DjlPredictor.runners(manifest, stored.weights(), 1));
        DjlPredictor first = predictor(stored, manifest.member(0), List.of(new NetworkRunner(manifest.member(0),
            stored.weights().under(ModelManifest.memberPrefix(0)), 1)));
        DjlPredictor second = predictor(stored, manifest.member(1), List.of(new NetworkRunner(manifest.member(1),
            stored.weights().under(ModelManifest.memberPrefix(1)), 1)))) {
      List<Prediction> e = whole.predictEncoded(x);
      List<Prediction> a = first.predictEncoded(x);
      List<Prediction> b = second.predictEncoded(x);
      int disagreements = 0;
      for (int i = 0; i < x.length; i++) {
        double mean = (a.get(i).probability("bad") + b.get(i).probability("bad")) / 2;
        assertEquals(mean, e.get(i).probability("bad"), 1e-12, "row " + i);
        String expected = mean >= manifest.tasks().get(0).threshold() ? "bad" : "good";
        assertEquals(expected, e.get(i).label(), "row " + i + " is decided on the mean at the ensemble's threshold");
        disagreements += a.get(i).probability("bad") == b.get(i).probability("bad") ? 0 : 1;
      }
      assertTrue(disagreements > 0, "the members are different models");
      assertTrue(bad >= 0);
    }
    try (var loaded = engine.load(v, store)) {
      assertEquals(Configs.GERMAN_INPUTS, loaded.inputFields(), "the engine loads the ensemble as one predictor");
    }

    // An ensemble teaches a single network by distillation, but cannot seed one with its weights.
    TrainingConfiguration student = Configs.germanCredit()
        .validationConfig(Configs.holdout(0.3, 10))
        .trainingObjective(new TrainingObjective(ObjectiveType.KNOWLEDGE_DISTILLATION, "risk_management",
            List.of("risk"), List.of("roc_auc"), null, "bad", null, false,
            new DistillationConfig("model:german-ensemble:1", 3, 0.7)))
        .hyperparameters(logistic(0.03, 40))
        .build();
    TrainingResult distilled = engine.train(new TestContext(student, temp.resolve("student"),
        DistillationAndAdaptationTest.ALICE, store) {
      {
        versions.putAll(ctx.versions);
      }
    });
    assertTrue(distilled.metrics().get("test_roc_auc") > 0.7, distilled.metrics().toString());
    TrainingConfiguration seeded = student.toBuilder().trainingObjective(Configs.germanCredit().build()
        .trainingObjective()).baseModel("model:german-ensemble:1").build();
    TestContext seededCtx = new TestContext(seeded, temp.resolve("seeded"), DistillationAndAdaptationTest.ALICE, store);
    seededCtx.versions.putAll(ctx.versions);
    ConfigurationException refused = assertThrows(ConfigurationException.class, () -> engine.train(seededCtx));
    assertTrue(refused.getMessage().contains("baseModel") && refused.getMessage().contains("ensemble of 2"),
        refused.getMessage());
  }

  /**
   * Cross-validation trains the whole ensemble per fold, and a job cancelled in the middle of a
   * fold resumes from the checkpoint after the last finished fold to the uninterrupted result.
   */
  @Test
  void crossValidatesTheEnsembleAndResumesAfterTheLastFinishedFold(@TempDir Path temp) {
    List<EnsembleMember> small = List.of(
        new EnsembleMember("mlp8", Configs.germanHyperparameters().hiddenUnits(List.of(8)).epochs(12).build(), null,
            null),
        new EnsembleMember("logistic", logistic(0.03, 12), 0.0, false));
    TrainingConfiguration cfg = config(small).toBuilder().validationConfig(Configs.stratified(3)).build();
    TrainingResult whole = engine.train(new TestContext(cfg, temp.resolve("whole")));
    assertTrue(whole.metrics().containsKey("cv_roc_auc_mean"), whole.metrics().toString());
    assertEquals(2.0, whole.metrics().get("ensemble_members"));

    Path home = temp.resolve("interrupted");
    FileArtifactStore store = FileArtifactStore.open(home);
    TestContext first = new TestContext(cfg, home, DistillationAndAdaptationTest.ALICE, store)
        .cancelWhen(e -> e.stage().equals("model_training") && e.fold() == 2 && e.epoch() == 5);
    assertThrows(java.util.concurrent.CancellationException.class, () -> engine.train(first));
    TrainingContext.Checkpoint last = first.checkpoints.get(first.checkpoints.size() - 1);
    assertEquals(1, last.fold(), "members keep no per-epoch checkpoints; the last one is after fold 1");
    TestContext second = new TestContext(cfg, home, DistillationAndAdaptationTest.ALICE, store).resumeFrom(last);
    TrainingResult resumed = engine.train(second);
    assertTrue(second.events.stream().anyMatch(e -> "resuming from the checkpoint after epoch 12 of fold 1"
        .equals(e.message())), "resumes after fold 1");
    assertTrue(second.events("model_training").stream().noneMatch(e -> e.fold() == 1 && e.epoch() > 0
        && e.message() == null), "fold 1 is not trained again");
    assertEquals(ReproducibilityAndResumeTest.comparable(whole), ReproducibilityAndResumeTest.comparable(resumed));
    assertEquals(whole.artifacts().get("model"), resumed.artifacts().get("model"));
  }

  private static DjlPredictor predictor(StoredModel stored, ModelManifest manifest, List<NetworkRunner> runners) {
    return new DjlPredictor(manifest, stored.pipeline(), new PipelineResources(null, 256, () -> null, false), runners);
  }

  @Test
  void refusesWhatItCannotHonourNamingTheField(@TempDir Path temp) {
    ConfigurationException one = assertThrows(ConfigurationException.class, () -> new AdvancedTrainingConfig(null,
        null, null, null, null, null, members().subList(0, 1)));
    assertTrue(one.getMessage().contains("ensemble") && one.getMessage().contains("at least two"), one.getMessage());
    ConfigurationException twice = assertThrows(ConfigurationException.class, () -> new AdvancedTrainingConfig(null,
        null, null, null, null, null, List.of(members().get(0), members().get(0))));
    assertTrue(twice.getMessage().contains("ensemble[1].name") && twice.getMessage().contains("unique"),
        twice.getMessage());
    ConfigurationException badName = assertThrows(ConfigurationException.class,
        () -> new EnsembleMember("two words", logistic(0.01, 10), null, null));
    assertTrue(badName.getMessage().contains("name") && badName.getMessage().contains("two words"),
        badName.getMessage());

    ValidationConfiguration h = Configs.holdout(0.3, 10);
    TrainingConfiguration refit = config(members()).toBuilder().validationConfig(new ValidationConfiguration(h.strategy(),
        h.testSize(), 1, h.earlyStoppingConfig(), h.metricConfig(), h.crossValidation(), null, null, true)).build();
    assertTrue(paths(engine.validate(refit, temp)).contains("validationConfig.refit"), engine.validate(refit, temp)
        .toString());
    TrainingConfiguration student = config(members()).toBuilder().trainingObjective(new TrainingObjective(
        ObjectiveType.KNOWLEDGE_DISTILLATION, "risk_management", List.of("risk"), List.of("roc_auc"), null, "bad", null,
        false, new DistillationConfig("model:teacher:1", 3, 0.7))).build();
    assertTrue(paths(engine.validate(student, temp)).contains("trainingObjective.type"));
    TrainingConfiguration fromModel = config(members()).toBuilder().baseModel("model:german:1").build();
    assertTrue(paths(engine.validate(fromModel, temp)).contains("baseModel"));
    assertTrue(engine.validate(config(members()), Path.of(System.getProperty("modelkit.data"))).isEmpty(),
        "the ensemble itself is valid");
  }

  private static List<String> paths(List<Violation> vs) {
    return vs.stream().map(Violation::path).toList();
  }
}
