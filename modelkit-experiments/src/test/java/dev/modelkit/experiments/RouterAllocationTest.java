package dev.modelkit.experiments;

import static dev.modelkit.experiments.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.Experiments;
import dev.modelkit.experiment.ExperimentRouter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving path allocates nothing for returning units with ASCII ids. */
class RouterAllocationTest {
  @TempDir
  Path home;

  @Test
  void routingAReturningUnitAllocatesNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean threads) || !threads.isThreadAllocatedMemorySupported()) {
      return;
    }
    try (TestRuntime runtime = new TestRuntime(home)) {
      Experiments alice = runtime.as(ALICE);
      String id = alice.start(alice.create(Fixtures.conversionTest(0.1)).id()).id();
      ExperimentRouter router = alice.router();
      String[] units = new String[5000];
      for (int i = 0; i < units.length; i++) {
        units[i] = "customer-" + i;
        router.variantFor(id, units[i], Map.of());
      }
      Map<String, String> none = Map.of();
      for (int round = 0; round < 40; round++) {
        for (String u : units) {
          router.variantFor(id, u, none);
        }
      }
      long tid = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(tid);
      int sum = 0;
      for (int round = 0; round < 20; round++) {
        for (String u : units) {
          sum += router.variantFor(id, u, none).length();
        }
      }
      long allocated = threads.getThreadAllocatedBytes(tid) - before;
      assertTrue(sum > 0);
      // 100,000 calls; a few hundred bytes of slack for the measurement itself.
      assertTrue(allocated < 1024, "100,000 routing calls allocated " + allocated + " bytes");
    }
  }
}
