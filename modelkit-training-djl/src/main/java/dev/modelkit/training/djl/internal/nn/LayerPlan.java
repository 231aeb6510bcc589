package dev.modelkit.training.djl.internal.nn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which layers train in which epoch, and at what share of the learning rate: 0 freezes a layer.
 * Built from the transfer-learning settings (freeze / fine-tune lists, feature extraction, gradual
 * unfreezing).
 */
public interface LayerPlan {

  /**
   * @param epoch the 1-based epoch
   * @param layers the network's layer names, bottom to top
   * @return learning-rate multiplier per layer (absent means 1)
   */
  Map<String, Float> multipliers(int epoch, List<String> layers);

  /** @return every layer trains at the full rate */
  static LayerPlan all() {
    return (epoch, layers) -> Map.of();
  }

  /**
   * @param frozen layers that never train
   * @return a plan freezing them
   */
  static LayerPlan freeze(Set<String> frozen) {
    return (epoch, layers) -> {
      Map<String, Float> m = new HashMap<>();
      for (String l : frozen) {
        m.put(l, 0f);
      }
      return m;
    };
  }

  /**
   * Gradual unfreezing with discriminative rates (Howard and Ruder 2018): at first only the
   * heads train; every {@code everyEpochs} epochs the next block down unfreezes; each block below
   * the top trains at {@code 1 / 2.6} of the rate of the block above it. Layers in {@code frozen}
   * never train.
   *
   * @param everyEpochs epochs between unfreezing steps
   * @param heads the head layer names (always trained at the full rate)
   * @param frozen layers that never train
   * @return the plan
   */
  static LayerPlan gradual(int everyEpochs, Set<String> heads, Set<String> frozen) {
    return (epoch, layers) -> {
      Map<String, Float> m = new HashMap<>();
      List<String> blocks = layers.stream().filter(l -> !heads.contains(l)).toList();
      int unfrozen = (epoch - 1) / everyEpochs;
      for (int i = 0; i < blocks.size(); i++) {
        int depthFromTop = blocks.size() - 1 - i;
        String block = blocks.get(i);
        if (frozen.contains(block) || depthFromTop >= unfrozen) {
          m.put(block, 0f);
        } else {
          m.put(block, (float) Math.pow(1 / 2.6, depthFromTop + 1));
        }
      }
      return m;
    };
  }
}
