package dev.modelkit.resources;

import java.util.List;

/**
 * A snapshot of the resource pool.
 *
 * @param cpuCapacity cores in the pool
 * @param memoryCapacityBytes memory in the pool
 * @param gpuCapacity GPUs in the pool
 * @param cpuInUse cores held by running jobs
 * @param memoryInUseBytes memory held by running jobs
 * @param gpuInUse GPUs held by running jobs
 * @param running ids of running jobs (of the caller's organisation)
 * @param queued ids of waiting jobs in admission order (of the caller's organisation)
 */
public record PoolStatus(
    double cpuCapacity, long memoryCapacityBytes, double gpuCapacity, double cpuInUse, long memoryInUseBytes,
    double gpuInUse, List<String> running, List<String> queued) {
  /** Copies the lists. */
  public PoolStatus {
    running = List.copyOf(running);
    queued = List.copyOf(queued);
  }
}
