package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * The knobs of a training run, all honoured by the training engine.
 *
 * @param learningRate base learning rate, greater than 0
 * @param batchSize rows per step, at least 1
 * @param epochs passes over the training data, at least 1
 * @param warmupSteps linear warm-up steps, 0 or more
 * @param weightDecay L2 penalty (decoupled for AdamW), 0 or more
 * @param gradientClipping largest gradient norm, null or 0 for none
 * @param optimizerConfig the optimiser; Adam when absent
 * @param schedulerConfig the schedule; constant when absent
 * @param seed random seed; the same seed gives the same metrics
 * @param hiddenUnits widths of the hidden layers of the network built for the data (tabular and
 *     text features), each at least 1; empty for a linear (logistic) model; {@code [32]} when
 *     absent
 */
public record TrainingHyperparameters(
    double learningRate, int batchSize, int epochs, int warmupSteps, double weightDecay,
    Double gradientClipping, OptimizerConfig optimizerConfig, SchedulerConfig schedulerConfig, Long seed,
    java.util.List<Integer> hiddenUnits) {

  /** Validates every value. */
  public TrainingHyperparameters {
    Checks c = new Checks("TrainingHyperparameters");
    c.positive("learningRate", learningRate);
    c.atLeast("batchSize", batchSize, 1);
    c.atLeast("epochs", epochs, 1);
    c.nonNegative("warmupSteps", warmupSteps);
    c.nonNegative("weightDecay", weightDecay);
    c.nonNegative("gradientClipping", gradientClipping);
    if (hiddenUnits != null) {
      for (int i = 0; i < hiddenUnits.size(); i++) {
        c.check(hiddenUnits.get(i) != null && hiddenUnits.get(i) >= 1, "hiddenUnits[" + i + "]", hiddenUnits.get(i),
            "be at least 1");
      }
    }
    c.throwIfAny();
    hiddenUnits = hiddenUnits == null ? java.util.List.of(32) : java.util.List.copyOf(hiddenUnits);
    optimizerConfig = optimizerConfig == null ? OptimizerConfig.adam() : optimizerConfig;
    schedulerConfig = schedulerConfig == null ? SchedulerConfig.constant() : schedulerConfig;
    seed = seed == null ? 42L : seed;
  }

  /**
   * The seed's fields, with the default network.
   *
   * @param learningRate base learning rate
   * @param batchSize rows per step
   * @param epochs passes over the data
   * @param warmupSteps warm-up steps
   * @param weightDecay L2 penalty
   * @param gradientClipping largest gradient norm
   * @param optimizerConfig optimiser
   * @param schedulerConfig schedule
   * @param seed random seed
   */
  public TrainingHyperparameters(double learningRate, int batchSize, int epochs, int warmupSteps, double weightDecay,
      Double gradientClipping, OptimizerConfig optimizerConfig, SchedulerConfig schedulerConfig, Long seed) {
    this(learningRate, batchSize, epochs, warmupSteps, weightDecay, gradientClipping, optimizerConfig,
        schedulerConfig, seed, null);
  }

  /** @return a builder with the defaults: rate 0.001, batch 32, 10 epochs, Adam, seed 42 */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this object's values */
  public Builder toBuilder() {
    return new Builder().learningRate(learningRate).batchSize(batchSize).epochs(epochs)
        .warmupSteps(warmupSteps).weightDecay(weightDecay).gradientClipping(gradientClipping)
        .optimizerConfig(optimizerConfig).schedulerConfig(schedulerConfig).seed(seed).hiddenUnits(hiddenUnits);
  }

  /** Builds {@link TrainingHyperparameters}; every rule is checked in {@link #build()}. */
  public static final class Builder {
    private double learningRate = 0.001;
    private int batchSize = 32;
    private int epochs = 10;
    private int warmupSteps;
    private double weightDecay;
    private Double gradientClipping;
    private OptimizerConfig optimizerConfig;
    private SchedulerConfig schedulerConfig;
    private Long seed;
    private java.util.List<Integer> hiddenUnits;

    private Builder() {}

    /** @param v base learning rate @return this */
    public Builder learningRate(double v) { learningRate = v; return this; }
    /** @param v batch size @return this */
    public Builder batchSize(int v) { batchSize = v; return this; }
    /** @param v epochs @return this */
    public Builder epochs(int v) { epochs = v; return this; }
    /** @param v warm-up steps @return this */
    public Builder warmupSteps(int v) { warmupSteps = v; return this; }
    /** @param v weight decay @return this */
    public Builder weightDecay(double v) { weightDecay = v; return this; }
    /** @param v gradient norm clip, null for none @return this */
    public Builder gradientClipping(Double v) { gradientClipping = v; return this; }
    /** @param v optimiser @return this */
    public Builder optimizerConfig(OptimizerConfig v) { optimizerConfig = v; return this; }
    /** @param v schedule @return this */
    public Builder schedulerConfig(SchedulerConfig v) { schedulerConfig = v; return this; }
    /** @param v seed @return this */
    public Builder seed(Long v) { seed = v; return this; }
    /** @param v hidden layer widths, empty for a linear model @return this */
    public Builder hiddenUnits(java.util.List<Integer> v) { hiddenUnits = v; return this; }

    /** @return the validated hyperparameters */
    public TrainingHyperparameters build() {
      return new TrainingHyperparameters(learningRate, batchSize, epochs, warmupSteps, weightDecay,
          gradientClipping, optimizerConfig, schedulerConfig, seed, hiddenUnits);
    }
  }
}
