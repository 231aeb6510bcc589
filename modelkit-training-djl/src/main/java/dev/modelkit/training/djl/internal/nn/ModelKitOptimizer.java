package dev.modelkit.training.djl.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam, AdamW and SGD (with momentum and Nesterov) as a DJL {@link Optimizer}, written in NDArray
 * operations so that ModelKit controls what the built-in optimisers hide: the schedule and the
 * step count (exact resume from a checkpoint), the moment estimates (saved in checkpoints), a
 * per-parameter learning-rate multiplier (lower rates for lower blocks in gradual unfreezing) and
 * a global gradient-norm scale (clipping).
 *
 * <p>Weight decay is added to the gradient (L2) for Adam and SGD and applied to the weights
 * directly (decoupled) for AdamW. The optimiser resets each gradient after using it, which DJL's
 * native PyTorch optimisers do internally.
 */
public final class ModelKitOptimizer extends Optimizer {
  private final OptimizerType type;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float momentum;
  private final boolean nesterov;
  private final float weightDecay;
  private final LearningRateSchedule schedule;
  private final Map<String, NDArray> first = new HashMap<>();
  private final Map<String, NDArray> second = new HashMap<>();
  private final Map<String, Float> multipliers = new HashMap<>();
  private final Map<String, Integer> updates = new HashMap<>();
  private int step;
  private float gradScale = 1f;

  /**
   * @param config the optimiser and its parameters
   * @param weightDecay the decay
   * @param schedule the learning-rate schedule
   */
  public ModelKitOptimizer(OptimizerConfig config, double weightDecay, LearningRateSchedule schedule) {
    super(new Builder());
    this.type = config.type();
    this.beta1 = (float) config.parameter("beta1", 0.9);
    this.beta2 = (float) config.parameter("beta2", 0.999);
    this.epsilon = (float) config.parameter("epsilon", 1e-8);
    this.momentum = (float) config.parameter("momentum", 0.0);
    this.nesterov = config.parameter("nesterov", 0.0) != 0.0;
    this.weightDecay = (float) weightDecay;
    this.schedule = schedule;
  }

  /** @return the 0-based step the next update belongs to */
  public int step() {
    return step;
  }

  /** @param step the step to continue from (after a resume) */
  public void step(int step) {
    this.step = step;
  }

  /** Advances to the next step. */
  public void nextStep() {
    step++;
  }

  /** @return the learning rate of the current step */
  public double currentRate() {
    return schedule.rate(step);
  }

  /** @param scale factor every gradient of this step is multiplied by (clipping) */
  public void gradScale(float scale) {
    this.gradScale = scale;
  }

  /**
   * @param parameterId a DJL parameter id
   * @param multiplier factor on the learning rate for it
   */
  public void multiplier(String parameterId, float multiplier) {
    multipliers.put(parameterId, multiplier);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    float lr = (float) (schedule.rate(step) * multipliers.getOrDefault(parameterId, 1f));
    String key = parameterId + "@" + weight.getDevice();
    int t = updates.merge(key, 1, Integer::sum);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = gradScale == 1f ? grad : grad.mul(gradScale);
      if (weightDecay > 0 && type != OptimizerType.ADAMW) {
        g = g.add(weight.mul(weightDecay));
      }
      switch (type) {
        case ADAM, ADAMW -> {
          NDArray m = state(first, key, weight);
          NDArray v = state(second, key, weight);
          m.muli(beta1).addi(g.mul(1 - beta1));
          v.muli(beta2).addi(g.square().muli(1 - beta2));
          double c1 = 1 - Math.pow(beta1, t);
          double c2 = 1 - Math.pow(beta2, t);
          NDArray delta = m.div(c1).divi(v.div(c2).sqrt().addi(epsilon)).muli(lr);
          if (type == OptimizerType.ADAMW && weightDecay > 0) {
            weight.subi(weight.mul(lr * weightDecay));
          }
          weight.subi(delta);
        }
        case SGD -> {
          NDArray d = g;
          if (momentum > 0) {
            NDArray buf = state(first, key, weight);
            buf.muli(momentum).addi(g);
            d = nesterov ? g.add(buf.mul(momentum)) : buf;
          }
          weight.subi(d.mul(lr));
        }
      }
      NDArray own = weight.getGradient();
      own.subi(own);
    }
  }

  private static NDArray state(Map<String, NDArray> states, String key, NDArray weight) {
    NDArray s = states.get(key);
    if (s == null) {
      s = weight.zerosLike();
      NDScope.unregister(s);
      s.setRequiresGradient(false);
      states.put(key, s);
    }
    return s;
  }

  /**
   * Saves the moment estimates under parameter names.
   *
   * @param names parameter id to stable name
   * @param into where to put them ({@code <name>#m}, {@code <name>#v}, {@code <name>#t})
   */
  public void save(Map<String, String> names, NamedWeights into) {
    for (Map.Entry<String, NDArray> e : first.entrySet()) {
      String name = names.get(idOf(e.getKey()));
      if (name != null) {
        into.put(name + "#m", e.getValue().getShape().getShape(), e.getValue().toFloatArray());
        into.put(name + "#t", new long[] {1}, new float[] {updates.getOrDefault(e.getKey(), 0)});
      }
    }
    for (Map.Entry<String, NDArray> e : second.entrySet()) {
      String name = names.get(idOf(e.getKey()));
      if (name != null) {
        into.put(name + "#v", e.getValue().getShape().getShape(), e.getValue().toFloatArray());
      }
    }
  }

  /**
   * Restores moment estimates saved by {@link #save}.
   *
   * @param ids stable name to parameter id
   * @param weights the parameters' arrays by id (for device and manager)
   * @param from the saved state
   */
  public void load(Map<String, String> ids, Map<String, NDArray> weights, NamedWeights from) {
    for (Map.Entry<String, String> e : ids.entrySet()) {
      NDArray w = weights.get(e.getValue());
      String key = e.getValue() + "@" + w.getDevice();
      NamedWeights.Tensor m = from.get(e.getKey() + "#m");
      NamedWeights.Tensor v = from.get(e.getKey() + "#v");
      NamedWeights.Tensor t = from.get(e.getKey() + "#t");
      if (m != null) {
        NamedWeights.copyInto(state(first, key, w), m.values());
      }
      if (v != null) {
        NamedWeights.copyInto(state(second, key, w), v.values());
      }
      if (t != null) {
        updates.put(key, (int) t.values()[0]);
      }
    }
  }

  private static String idOf(String key) {
    return key.substring(0, key.lastIndexOf('@'));
  }

  /** Releases the state arrays. */
  public void close() {
    first.values().forEach(NDArray::close);
    second.values().forEach(NDArray::close);
    first.clear();
    second.clear();
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
