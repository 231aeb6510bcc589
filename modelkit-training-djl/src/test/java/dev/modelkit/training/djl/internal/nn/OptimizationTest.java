package dev.modelkit.training.djl.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.SchedulerType;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Learning-rate schedules, the three optimisers, gradient clipping, frozen layers and gradual
 * unfreezing, on a small synthetic problem the network must learn.
 */
class OptimizationTest {

  @Test
  void schedulesWarmUpThenDecay() {
    LearningRateSchedule linear = new LearningRateSchedule(1.0, SchedulerType.LINEAR, 10, 110);
    assertEquals(0.1, linear.rate(0), 1e-12);
    assertEquals(1.0, linear.rate(9), 1e-12);
    assertEquals(0.5, linear.rate(60), 1e-12);
    assertEquals(0.0, linear.rate(110), 1e-12);
    LearningRateSchedule cosine = new LearningRateSchedule(1.0, SchedulerType.COSINE, 0, 100);
    assertEquals(1.0, cosine.rate(0), 1e-12);
    assertEquals(0.5, cosine.rate(50), 1e-12);
    assertEquals(1.0, new LearningRateSchedule(1.0, SchedulerType.CONSTANT, 0, 100).rate(99), 1e-12);
  }

  /** Two informative features and one noise feature; label = x0 + x1 > 0. */
  static NetworkTrainer.Data data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[n][3];
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = (float) r.nextGaussian();
      }
      y[i] = x[i][0] + x[i][1] > 0 ? 1 : 0;
      w[i] = 1f;
    }
    return new NetworkTrainer.Data(x, List.of(new NetworkTrainer.Task(2, y, w)), null);
  }

  static NetworkTrainer.Options options(OptimizerType type, double lr, double clip, LayerPlan plan, int epochs) {
    Map<String, Double> params = type == OptimizerType.SGD ? Map.of("momentum", 0.9, "nesterov", 1.0) : Map.of();
    return new NetworkTrainer.Options(epochs, 32, 1, clip, new OptimizerConfig(type, params), 0.01,
        new LearningRateSchedule(lr, SchedulerType.COSINE, 5, epochs * 13), 0.0, 0.0, new boolean[3], 9, 1, null, plan,
        new Device[] {Device.cpu()}, null, List.of(1f));
  }

  static NetworkTrainer.Listener quiet(List<Double> losses) {
    return new NetworkTrainer.Listener() {
      @Override
      public boolean cancelled() {
        return false;
      }

      @Override
      public Map<String, Double> validate(List<double[][]> probabilities) {
        return Map.of();
      }

      @Override
      public void epoch(int epoch, double loss, double rate, Map<String, Double> validation) {
        losses.add(loss);
      }

      @Override
      public boolean wantsCheckpoint(int epoch, boolean improved) {
        return false;
      }

      @Override
      public void checkpoint(int epoch, byte[] state, Map<String, Double> validation) {}
    };
  }

  static TabularNetwork net() {
    return new TabularNetwork(3, List.of(8, 8), 0.1, List.of("head"), List.of(2), false);
  }

  @Test
  void everyOptimiserLearns() {
    for (OptimizerType type : OptimizerType.values()) {
      List<Double> losses = new java.util.ArrayList<>();
      new NetworkTrainer().fit(net(), data(400, 1), null, options(type, type == OptimizerType.SGD ? 0.05 : 0.01, 0,
          LayerPlan.all(), 15), quiet(losses), null, null);
      assertTrue(losses.get(losses.size() - 1) < 0.5 * losses.get(0), type + " losses " + losses);
    }
  }

  @Test
  void clippingBoundsTheUpdateOfAHugeLearningRate() {
    List<Double> clipped = new java.util.ArrayList<>();
    new NetworkTrainer().fit(net(), data(400, 1), null, options(OptimizerType.SGD, 50, 0.01, LayerPlan.all(), 3),
        quiet(clipped), null, null);
    assertTrue(clipped.stream().allMatch(Double::isFinite), clipped.toString());
  }

  @Test
  void frozenLayersDoNotMoveAndGradualUnfreezingReleasesThemTopDown() {
    NetworkTrainer.Outcome frozen = new NetworkTrainer().fit(net(), data(200, 2), null,
        options(OptimizerType.ADAM, 0.01, 0, LayerPlan.freeze(java.util.Set.of("hidden_1")), 3), quiet(new java.util.ArrayList<>()),
        null, null);
    TabularNetwork fresh = net();
    NetworkTrainer.Outcome untouched = new NetworkTrainer().fit(fresh, data(200, 2), null,
        options(OptimizerType.ADAM, 0.01, 0, LayerPlan.freeze(java.util.Set.of("hidden_1", "hidden_2", "head")), 1),
        quiet(new java.util.ArrayList<>()), null, null);
    assertTrue(java.util.Arrays.equals(untouched.weights().get("hidden_1.weight").values(),
        frozen.weights().get("hidden_1.weight").values()), "a frozen layer keeps its seeded initial weights");
    assertTrue(!java.util.Arrays.equals(untouched.weights().get("hidden_2.weight").values(),
        frozen.weights().get("hidden_2.weight").values()), "an unfrozen layer trains");

    LayerPlan gradual = LayerPlan.gradual(2, java.util.Set.of("head"), java.util.Set.of());
    List<String> layers = List.of("hidden_1", "hidden_2", "head");
    assertEquals(Map.of("hidden_1", 0f, "hidden_2", 0f), gradual.multipliers(1, layers));
    assertEquals(0f, gradual.multipliers(3, layers).get("hidden_1"));
    assertEquals((float) (1 / 2.6), gradual.multipliers(3, layers).get("hidden_2"), 1e-6);
    assertEquals((float) (1 / (2.6 * 2.6)), gradual.multipliers(5, layers).get("hidden_1"), 1e-6);
  }

  @Test
  void weightsRoundTripByName() {
    NamedWeights w = new NamedWeights();
    w.put("a.weight", new long[] {2, 2}, new float[] {1, 2, 3, 4});
    NamedWeights back = NamedWeights.fromBytes(w.toBytes());
    assertTrue(java.util.Arrays.equals(new float[] {1, 2, 3, 4}, back.get("a.weight").values()));
    assertEquals(4, back.size());
  }
}
