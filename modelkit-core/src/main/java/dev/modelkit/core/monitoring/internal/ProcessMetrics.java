package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.TechnicalMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;

/**
 * Samples the process's CPU load and heap through the platform MXBeans. The CPU load needs the
 * JDK's {@code com.sun.management} extension, present on HotSpot and OpenJ9; elsewhere it is NaN.
 */
public final class ProcessMetrics {
  private ProcessMetrics() {}

  /** @return the current CPU load of the process (0 to 1) and its heap use */
  public static TechnicalMetrics sample() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double cpu = Double.NaN;
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      double load = sun.getProcessCpuLoad();
      cpu = load < 0 ? Double.NaN : load;
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new TechnicalMetrics(cpu, heap.getUsed(), heap.getMax());
  }
}
