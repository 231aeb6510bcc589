package dev.modelkit.core.jobs;

/**
 * The compute the job scheduler may hand out at once: CPU cores, memory and GPUs. A job is
 * admitted only when its {@link dev.modelkit.resources.ResourceRequirements} fit in what running
 * jobs leave free, so the pool is never overcommitted.
 *
 * @param cpu cores, greater than 0 (fractions allowed, as in Kubernetes' {@code 500m})
 * @param memoryBytes memory in bytes, greater than 0
 * @param gpu GPUs, 0 or more
 */
public record ResourcePool(double cpu, long memoryBytes, double gpu) {

  /**
   * Validates the capacities.
   *
   * @throws IllegalArgumentException naming the capacity that is not positive or not finite
   */
  public ResourcePool {
    if (!(cpu > 0) || !Double.isFinite(cpu)) {
      throw new IllegalArgumentException("ResourcePool.cpu was " + cpu + " but it must be a finite number of cores greater than 0");
    }
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException("ResourcePool.memoryBytes was " + memoryBytes + " but it must be greater than 0");
    }
    if (!(gpu >= 0) || !Double.isFinite(gpu)) {
      throw new IllegalArgumentException("ResourcePool.gpu was " + gpu + " but it must be a finite number, 0 or more");
    }
  }

  /**
   * @return a pool the size of this JVM: its available processors, its maximum heap and no GPU
   */
  public static ResourcePool ofThisMachine() {
    Runtime rt = Runtime.getRuntime();
    return new ResourcePool(rt.availableProcessors(), rt.maxMemory(), 0);
  }
}
