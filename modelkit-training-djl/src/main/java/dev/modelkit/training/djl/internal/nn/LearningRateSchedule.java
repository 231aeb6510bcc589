package dev.modelkit.training.djl.internal.nn;

import dev.modelkit.training.SchedulerType;

/**
 * The learning rate at each optimiser step: linear warm-up from 0 over {@code warmupSteps}, then
 * constant, linear decay to 0, or cosine decay to 0 at {@code totalSteps}.
 *
 * @param base the base rate
 * @param type the decay after warm-up
 * @param warmupSteps warm-up steps
 * @param totalSteps all planned steps
 */
public record LearningRateSchedule(double base, SchedulerType type, int warmupSteps, int totalSteps) {

  /**
   * @param step the 0-based step
   * @return the rate for that step
   */
  public double rate(int step) {
    if (step < warmupSteps) {
      return base * (step + 1) / warmupSteps;
    }
    int decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    return switch (type) {
      case CONSTANT -> base;
      case LINEAR -> base * (1 - progress);
      case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * progress));
    };
  }
}
