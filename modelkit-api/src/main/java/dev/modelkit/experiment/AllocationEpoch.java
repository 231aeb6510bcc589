package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.time.Instant;
import java.util.List;

/**
 * A period during which the variants' allocations stayed the same. An experiment's allocation
 * history starts with one epoch and gains one on every reallocation; the hash buckets of every
 * epoch are derived from the previous epoch's by moving as few buckets as possible, so that the
 * assignment is reproducible anywhere from the history alone.
 *
 * @param effectiveFrom when the epoch began (the creation time for the first)
 * @param allocations each variant's allocation percentage, in the order of the experiment's
 *     variants
 */
public record AllocationEpoch(Instant effectiveFrom, List<Double> allocations) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException if a field is missing or a share is out of range
   */
  public AllocationEpoch {
    Checks c = new Checks("AllocationEpoch");
    c.required("effectiveFrom", effectiveFrom);
    c.required("allocations", allocations);
    if (allocations != null) {
      for (int i = 0; i < allocations.size(); i++) {
        c.between("allocations[" + i + "]", allocations.get(i), 0, 100);
      }
    }
    c.throwIfAny();
    allocations = List.copyOf(allocations);
  }
}
