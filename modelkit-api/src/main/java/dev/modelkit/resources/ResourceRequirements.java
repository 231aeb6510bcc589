package dev.modelkit.resources;

import dev.modelkit.config.Checks;
import dev.modelkit.config.Quantity;

/**
 * What a job needs from the resource pool, written as in Kubernetes ({@code cpu: "2"}, {@code
 * memory: "8Gi"}).
 *
 * @param cpu cores, greater than 0
 * @param memory bytes, greater than 0
 * @param gpu GPUs, may be absent
 * @param storage disk bytes, may be absent
 * @param network informational
 * @param priority scheduling priority; medium when absent
 */
public record ResourceRequirements(
    Quantity cpu, Quantity memory, Quantity gpu, Quantity storage, String network, Priority priority) {

  /** Validates and applies defaults. */
  public ResourceRequirements {
    Checks c = new Checks("ResourceRequirements");
    c.required("cpu", cpu);
    c.required("memory", memory);
    c.check(cpu == null || cpu.amount().signum() > 0, "cpu", cpu, "be greater than 0");
    c.check(memory == null || memory.amount().signum() > 0, "memory", memory, "be greater than 0");
    c.throwIfAny();
    gpu = gpu == null ? Quantity.of(0) : gpu;
    storage = storage == null ? Quantity.of(0) : storage;
    priority = priority == null ? Priority.MEDIUM : priority;
  }

  /**
   * @param cpu cores, for example {@code "2"}
   * @param memory bytes, for example {@code "8Gi"}
   * @param priority priority
   * @return requirements with no GPU and no storage
   */
  public static ResourceRequirements of(String cpu, String memory, Priority priority) {
    return new ResourceRequirements(Quantity.parse(cpu), Quantity.parse(memory), null, null, null, priority);
  }

  /** @return one core, 1 GiB, medium priority */
  public static ResourceRequirements defaults() {
    return of("1", "1Gi", Priority.MEDIUM);
  }
}
