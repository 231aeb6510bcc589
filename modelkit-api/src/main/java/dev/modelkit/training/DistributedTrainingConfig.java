package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Multi-device training. Only {@code data_parallel} within one process is supported; the engine
 * refuses the other strategies and more than one node with a clear message.
 *
 * @param enabled whether to spread training over devices
 * @param strategy how
 * @param numNodes machines, at least 1
 * @param numGPUs GPUs per machine to use, 0 or more
 * @param communicationBackend collective library (informational for in-process data parallel)
 * @param gradientCompression compress gradients between devices
 */
public record DistributedTrainingConfig(
    boolean enabled, DistributedStrategy strategy, int numNodes, int numGPUs,
    CommunicationBackend communicationBackend, boolean gradientCompression) {

  /** Validates counts. */
  public DistributedTrainingConfig {
    Checks c = new Checks("DistributedTrainingConfig");
    if (enabled) {
      c.required("strategy", strategy);
      c.atLeast("numNodes", numNodes, 1);
      c.nonNegative("numGPUs", numGPUs);
    }
    c.throwIfAny();
  }

  /** @return single-device training */
  public static DistributedTrainingConfig disabled() {
    return new DistributedTrainingConfig(false, null, 1, 0, null, false);
  }
}
