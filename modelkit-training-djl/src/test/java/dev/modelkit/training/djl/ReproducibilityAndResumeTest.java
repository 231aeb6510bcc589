package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.CheckpointStrategy;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.ValidationConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives identical metrics; a different seed does not. Cancellation stops between
 * batches; a job resumed from its last checkpoint ends with exactly the metrics of an
 * uninterrupted run (weights, optimiser moments, step, early-stopping state and the per-epoch
 * random streams are all restored). Checkpoints follow everyEpochs and bestOnly.
 */
class ReproducibilityAndResumeTest extends SharedEngineTest {
  /** German Credit with 3-fold stratified validation and 12 epochs: small enough to run several times. */
  static TrainingConfiguration small(long seed, CheckpointStrategy checkpoints) {
    ValidationConfiguration v = Configs.stratified(3);
    return Configs.germanCredit()
        .hyperparameters(Configs.germanHyperparameters().epochs(12).seed(seed).build())
        .validationConfig(new ValidationConfiguration(v.strategy(), 0.2, 1, new dev.modelkit.training.EarlyStoppingConfig(
            true, 4, "roc_auc", 0, null), v.metricConfig(), v.crossValidation(), null, null))
        .advancedConfig(new AdvancedTrainingConfig(null, checkpoints, null, null, null, null))
        .build();
  }

  static Map<String, Double> comparable(TrainingResult r) {
    Map<String, Double> m = new TreeMap<>(r.metrics());
    m.keySet().removeIf(k -> k.startsWith("latency_"));
    return m;
  }

  @Test
  void sameSeedSameMetricsOtherSeedOtherMetrics(@TempDir Path temp) {
    TrainingResult a = engine.train(new TestContext(small(7, CheckpointStrategy.defaults()), temp.resolve("a")));
    TrainingResult b = engine.train(new TestContext(small(7, CheckpointStrategy.defaults()), temp.resolve("b")));
    TrainingResult c = engine.train(new TestContext(small(8, CheckpointStrategy.defaults()), temp.resolve("c")));
    assertEquals(comparable(a), comparable(b));
    assertEquals(a.artifacts().get("model"), b.artifacts().get("model"), "identical weights, byte for byte");
    assertNotEquals(comparable(a).get("cv_roc_auc_mean"), comparable(c).get("cv_roc_auc_mean"));
  }

  @Test
  void cancelledJobResumesFromItsCheckpointExactly(@TempDir Path temp) {
    CheckpointStrategy every = new CheckpointStrategy(true, 1, false, 2);
    TrainingResult whole = engine.train(new TestContext(small(11, every), temp.resolve("whole")));

    Path home = temp.resolve("interrupted");
    FileArtifactStore store = FileArtifactStore.open(home);
    TestContext first = new TestContext(small(11, every), home, Principal.of("alice", "acme", "data_scientist"), store)
        .cancelWhen(e -> e.stage().equals("model_training") && e.fold() == 2 && e.epoch() == 5);
    CancellationException stop = assertThrows(CancellationException.class, () -> engine.train(first));
    assertTrue(stop.getMessage().contains("epoch 6 of fold 2"), stop.getMessage());
    TrainingContext.Checkpoint last = first.checkpoints.get(first.checkpoints.size() - 1);
    assertEquals(2, last.fold());
    assertEquals(5, last.epoch());

    TestContext second = new TestContext(small(11, every), home, Principal.of("alice", "acme", "data_scientist"), store)
        .resumeFrom(last);
    TrainingResult resumed = engine.train(second);
    assertTrue(second.events.stream().anyMatch(e -> e.message() != null
        && e.message().equals("resuming from the checkpoint after epoch 5 of fold 2")));
    assertTrue(second.events("model_training").stream().noneMatch(e -> e.fold() == 1 && e.epoch() > 0),
        "fold 1 was finished before the cancellation and is not trained again");
    assertEquals(comparable(whole), comparable(resumed));
    assertEquals(whole.artifacts().get("model"), resumed.artifacts().get("model"));
  }

  /**
   * Resuming from any checkpoint of a run, in any fold or the final phase, ends in the uninterrupted
   * result: the early-stopping state (best score, patience, best weights) is carried exactly, so a
   * later epoch that ties the best score is not taken for an improvement after a resume.
   */
  @Test
  void resumingFromEveryCheckpointGivesTheUninterruptedResult(@TempDir Path temp) {
    CheckpointStrategy every = new CheckpointStrategy(true, 1, false, 2);
    Path home = temp.resolve("whole");
    FileArtifactStore store = FileArtifactStore.open(home);
    TestContext whole = new TestContext(small(11, every), home, Principal.of("alice", "acme", "data_scientist"), store);
    TrainingResult expected = engine.train(whole);
    assertTrue(whole.checkpoints.size() >= 12, "checkpoints: " + whole.checkpoints.size());
    for (TrainingContext.Checkpoint cp : whole.checkpoints) {
      TestContext again = new TestContext(small(11, every), home, Principal.of("alice", "acme", "data_scientist"), store)
          .resumeFrom(cp);
      TrainingResult resumed = engine.train(again);
      String where = "resumed after epoch " + cp.epoch() + " of fold " + cp.fold();
      assertEquals(comparable(expected), comparable(resumed), where);
      assertEquals(expected.artifacts().get("model"), resumed.artifacts().get("model"), where);
    }
  }

  @Test
  void checkpointsFollowEveryEpochsAndBestOnly(@TempDir Path temp) {
    TestContext every3 = new TestContext(small(5, new CheckpointStrategy(true, 3, false, 2)), temp.resolve("a"));
    engine.train(every3);
    List<Integer> epochs = every3.checkpoints.stream().filter(c -> c.fold() == 0).map(TrainingContext.Checkpoint::epoch)
        .toList();
    assertTrue(!epochs.isEmpty() && epochs.stream().allMatch(e -> e % 3 == 0), epochs.toString());

    TestContext best = new TestContext(small(5, new CheckpointStrategy(true, 1, true, 2)), temp.resolve("b"));
    engine.train(best);
    List<TrainingContext.Checkpoint> finals = best.checkpoints.stream().filter(c -> c.fold() == 0).toList();
    double previous = Double.NEGATIVE_INFINITY;
    for (TrainingContext.Checkpoint c : finals) {
      double auc = c.metrics().get("roc_auc");
      assertTrue(auc > previous, "each best-only checkpoint improves ROC AUC: " + finals);
      previous = auc;
    }

    TestContext none = new TestContext(small(5, new CheckpointStrategy(false, 1, false, 1)), temp.resolve("c"));
    engine.train(none);
    assertTrue(none.checkpoints.isEmpty());
  }
}
