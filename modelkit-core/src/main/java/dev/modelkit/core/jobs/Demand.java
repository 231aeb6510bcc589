package dev.modelkit.core.jobs;

import dev.modelkit.config.Checks;
import dev.modelkit.config.Quantity;
import dev.modelkit.config.Violation;
import dev.modelkit.resources.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * An amount of pool resources in exact integer units (milli-cores, bytes, milli-GPUs), so that
 * adding and releasing thousands of fractional requests never drifts.
 */
record Demand(long milliCpu, long memoryBytes, long milliGpu) {
  static final Demand ZERO = new Demand(0, 0, 0);
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  static Demand of(ResourceRequirements r) {
    return new Demand(milli(r.cpu()), r.memory().longValue(), milli(r.gpu()));
  }

  static Demand of(ResourcePool pool) {
    // Capacities round down: a pool of 1.9996 cores must not admit 2 cores.
    return new Demand((long) Math.floor(pool.cpu() * 1000 + 1e-6), pool.memoryBytes(),
        (long) Math.floor(pool.gpu() * 1000 + 1e-6));
  }

  private static long milli(Quantity q) {
    return q.amount().multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  Demand plus(Demand o) {
    return new Demand(milliCpu + o.milliCpu, memoryBytes + o.memoryBytes, milliGpu + o.milliGpu);
  }

  Demand minus(Demand o) {
    return new Demand(milliCpu - o.milliCpu, memoryBytes - o.memoryBytes, milliGpu - o.milliGpu);
  }

  boolean fitsWithin(Demand capacity) {
    return milliCpu <= capacity.milliCpu && memoryBytes <= capacity.memoryBytes && milliGpu <= capacity.milliGpu;
  }

  double cpu() {
    return milliCpu / 1000d;
  }

  double gpu() {
    return milliGpu / 1000d;
  }

  /**
   * @param requested what a job asks for, as configured
   * @param capacity the whole pool
   * @return one violation per resource the job asks more of than the whole pool holds
   */
  static List<Violation> exceeding(ResourceRequirements requested, Demand capacity) {
    Demand d = of(requested);
    List<Violation> out = new ArrayList<>();
    if (d.milliCpu > capacity.milliCpu) {
      out.add(new Violation("resources.cpu", requested.cpu().text(), "be at most the resource pool's capacity of "
          + Checks.num(capacity.cpu()) + " cores; lower it or give ModelKit a larger pool"));
    }
    if (d.memoryBytes > capacity.memoryBytes) {
      out.add(new Violation("resources.memory", requested.memory().text(), "be at most the resource pool's capacity of "
          + Quantity.ofBytes(capacity.memoryBytes).text() + " (" + capacity.memoryBytes
          + " bytes); lower it or give ModelKit a larger pool"));
    }
    if (d.milliGpu > capacity.milliGpu) {
      out.add(new Violation("resources.gpu", requested.gpu().text(), "be at most the resource pool's capacity of "
          + Checks.num(capacity.gpu()) + " GPUs; lower it or give ModelKit a pool with GPUs"));
    }
    return out;
  }

  @Override
  public String toString() {
    return Checks.num(cpu()) + " cpu, " + Quantity.ofBytes(memoryBytes).text() + " memory, " + Checks.num(gpu()) + " gpu";
  }
}
