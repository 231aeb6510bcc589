package dev.modelkit.deploy;

import dev.modelkit.config.Checks;
import dev.modelkit.config.Quantity;

/**
 * Resources per serving replica.
 *
 * @param cpu cores
 * @param memory bytes
 * @param storage disk bytes, may be absent
 * @param gpu GPUs, may be absent
 */
public record ResourceAllocation(Quantity cpu, Quantity memory, Quantity storage, Quantity gpu) {
  /** Validates. */
  public ResourceAllocation {
    Checks c = new Checks("ResourceAllocation");
    c.required("cpu", cpu);
    c.required("memory", memory);
    c.throwIfAny();
  }
}
