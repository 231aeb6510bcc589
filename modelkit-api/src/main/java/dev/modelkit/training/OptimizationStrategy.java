package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Training-loop optimisations.
 *
 * @param gradientAccumulationSteps accumulate gradients over this many batches before a step, at
 *     least 1
 * @param mixedPrecision use 16-bit floats where the device supports them (ignored on CPU)
 */
public record OptimizationStrategy(int gradientAccumulationSteps, boolean mixedPrecision) {

  /** Validates counts. */
  public OptimizationStrategy {
    Checks c = new Checks("OptimizationStrategy");
    c.atLeast("gradientAccumulationSteps", gradientAccumulationSteps, 1);
    c.throwIfAny();
  }

  /** @return no accumulation, full precision */
  public static OptimizationStrategy defaults() {
    return new OptimizationStrategy(1, false);
  }
}
