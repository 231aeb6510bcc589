package dev.modelkit.deployment;

import java.lang.management.ManagementFactory;

/**
 * Reads the serving process's CPU and memory utilisation for autoscaling, as percentages.
 */
public interface LoadGauge {

  /** @return recent CPU utilisation of the process, 0 to 100, or NaN when unknown */
  double cpuPercent();

  /** @return heap in use as a percentage of the maximum heap */
  double memoryPercent();

  /** The JVM's own view: the process CPU load and the heap's use. */
  LoadGauge JVM = new LoadGauge() {
    @Override
    public double cpuPercent() {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        double load = os.getProcessCpuLoad();
        return load < 0 ? Double.NaN : load * 100;
      }
      return Double.NaN;
    }

    @Override
    public double memoryPercent() {
      Runtime rt = Runtime.getRuntime();
      return 100.0 * (rt.totalMemory() - rt.freeMemory()) / rt.maxMemory();
    }
  };
}
