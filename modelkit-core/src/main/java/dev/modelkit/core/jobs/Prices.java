package dev.modelkit.core.jobs;

import java.time.Duration;

/**
 * What one hour of each resource costs. A job's cost is the resources it held (from admission to
 * its end, measured with the runtime's clock) times these prices.
 *
 * @param currency the currency code shown in cost reports, for example {@code EUR}
 * @param perCpuHour price of one core for one hour, 0 or more
 * @param perGiBHour price of one GiB (2^30 bytes) of memory for one hour, 0 or more
 * @param perGpuHour price of one GPU for one hour, 0 or more
 */
public record Prices(String currency, double perCpuHour, double perGiBHour, double perGpuHour) {

  private static final double GIB = 1024d * 1024 * 1024;

  /**
   * Validates the prices.
   *
   * @throws IllegalArgumentException naming the price that is negative or not finite, or a blank
   *     currency
   */
  public Prices {
    if (currency == null || currency.isBlank()) {
      throw new IllegalArgumentException("Prices.currency was '" + currency + "' but it must name a currency, for example EUR");
    }
    check("perCpuHour", perCpuHour);
    check("perGiBHour", perGiBHour);
    check("perGpuHour", perGpuHour);
  }

  /**
   * @param currency the currency code
   * @return prices of zero, for deployments that do not charge for compute
   */
  public static Prices free(String currency) {
    return new Prices(currency, 0, 0, 0);
  }

  /**
   * @param cpu cores held
   * @param memoryBytes memory held
   * @param gpu GPUs held
   * @param held for how long
   * @return the cost of holding those resources for that long
   */
  public double cost(double cpu, long memoryBytes, double gpu, Duration held) {
    double hours = held.isNegative() ? 0 : held.toNanos() / 3.6e12;
    return hours * (cpu * perCpuHour + memoryBytes / GIB * perGiBHour + gpu * perGpuHour);
  }

  private static void check(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("Prices." + name + " was " + value + " but it must be a finite price, 0 or more");
    }
  }
}
