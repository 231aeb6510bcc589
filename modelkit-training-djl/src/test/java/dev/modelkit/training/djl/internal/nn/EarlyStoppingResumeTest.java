package dev.modelkit.training.djl.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.SchedulerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Early-stopping state survives a checkpoint exactly. The validation scores are scripted so that a
 * later epoch ties the best score with a value a float cannot hold (rank metrics such as ROC AUC
 * tie often): resumed from any checkpoint, the run must keep the same best epoch, best metrics and
 * weights as the uninterrupted run. A checkpoint that stored the best score as a float made the tie
 * look like an improvement after a resume (seen on CI as best epoch 11 instead of 9).
 */
class EarlyStoppingResumeTest {
  /** Scores per epoch: the best (0.7830181757364921, not a float) is reached at 3 and tied at 5 and 7. */
  private static final double[] SCORES = {0.61, 0.70, 0.7830181757364921, 0.75, 0.7830181757364921, 0.71,
      0.7830181757364921, 0.69};

  @Test
  void aTieAfterResumeIsNotAnImprovement() {
    assertTrue((float) SCORES[2] < SCORES[2], "the scripted best must round down to a float, so a rounded best would lose to its tie");
    Run whole = run(null);
    assertEquals(3, whole.outcome.bestEpoch());
    assertEquals(SCORES.length, whole.checkpoints.size());
    for (int i = 0; i < whole.checkpoints.size(); i++) {
      Run resumed = run(whole.checkpoints.get(i));
      String where = "resumed after epoch " + (i + 1);
      assertEquals(whole.outcome.bestEpoch(), resumed.outcome.bestEpoch(), where);
      assertEquals(whole.outcome.epochsRun(), resumed.outcome.epochsRun(), where);
      assertEquals(whole.outcome.stoppedEarly(), resumed.outcome.stoppedEarly(), where);
      assertEquals(whole.outcome.bestValidation(), resumed.outcome.bestValidation(), where);
      assertEquals(whole.outcome.losses(), resumed.outcome.losses(), where);
      assertEquals(java.util.HexFormat.of().formatHex(whole.outcome.weights().toBytes()),
          java.util.HexFormat.of().formatHex(resumed.outcome.weights().toBytes()), where);
    }
  }

  private record Run(NetworkTrainer.Outcome outcome, List<byte[]> checkpoints) {}

  private static Run run(byte[] resume) {
    List<byte[]> checkpoints = new ArrayList<>();
    NetworkTrainer.Options options = new NetworkTrainer.Options(SCORES.length, 32, 1, 0,
        new OptimizerConfig(OptimizerType.ADAMW, Map.of()), 0.01, new LearningRateSchedule(0.01, SchedulerType.COSINE, 2,
            SCORES.length * 7), 0.0, 0.0, new boolean[3], 5, 1,
        new NetworkTrainer.EarlyStopping("roc_auc", 10, 0, false, true), LayerPlan.all(), new Device[] {Device.cpu()},
        null, List.of(1f));
    NetworkTrainer.Listener listener = new NetworkTrainer.Listener() {
      private int validations = resume == null ? 0 : (int) NamedWeights.fromBytes(resume).get("meta").values()[0];

      @Override
      public boolean cancelled() {
        return false;
      }

      @Override
      public Map<String, Double> validate(List<double[][]> probabilities) {
        double score = SCORES[validations++];
        return Map.of("roc_auc", score, "accuracy", score / 2);
      }

      @Override
      public void epoch(int epoch, double loss, double rate, Map<String, Double> validation) {}

      @Override
      public boolean wantsCheckpoint(int epoch, boolean improved) {
        return true;
      }

      @Override
      public void checkpoint(int epoch, byte[] state, Map<String, Double> validation) {
        checkpoints.add(state);
      }
    };
    float[][] validation = OptimizationTest.data(40, 3).x();
    NetworkTrainer.Outcome outcome = new NetworkTrainer().fit(OptimizationTest.net(), OptimizationTest.data(200, 2),
        validation, options, listener, null, resume);
    return new Run(outcome, checkpoints);
  }
}
