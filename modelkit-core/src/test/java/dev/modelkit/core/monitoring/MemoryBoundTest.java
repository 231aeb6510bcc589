package dev.modelkit.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.Monitoring;
import dev.modelkit.core.monitoring.internal.ModelMonitor;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten million predictions of the 22-feature Lending Club model leave the monitor under 50 MB:
 * checked structurally (the sizes of every array the monitor holds, which do not depend on how
 * many predictions were recorded) and by the heap retained after garbage collection.
 */
class MemoryBoundTest {
  static final long PREDICTIONS = 10_000_000;
  static final long LIMIT = 50L * 1024 * 1024;

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void tenMillionPredictionsStayUnderFiftyMegabytes(@TempDir Path home) {
    LendingClub data = LendingClub.load();
    List<Map<String, Object>> rows = data.rows();
    long baseline = usedAfterGc();
    try (MonitoringFixture f = new MonitoringFixture(home)) {
      Monitoring monitoring = f.monitoring();
      monitoring.registerReference("credit", "v1", ReferenceData.builder().rows(rows).build());
      PredictionRecorder recorder = monitoring.recorder("credit", "v1");
      // 100,000 predictions a minute: 100 windows close while recording
      Duration step = Duration.ofNanos(600_000);
      long structuralPeak = 0;
      for (long i = 0; i < PREDICTIONS; i++) {
        Map<String, Object> row = rows.get((int) (i % rows.size()));
        recorder.record(row, "good", 0.05, 2_000_000 + (i & 1023) * 1000, false);
        f.clock.advance(step);
        if (i % 100_000 == 99_999) {
          f.engine.tick();
          structuralPeak = Math.max(structuralPeak, retained(f));
        }
      }
      f.engine.tick();
      long retainedNow = usedAfterGc() - baseline;
      long structural = retained(f);
      System.out.printf("after %,d predictions: monitor arrays %.1f MB (peak %.1f MB); heap retained over the "
          + "baseline after GC %.1f MB (includes the metadata store's caches)%n", PREDICTIONS, structural / 1e6,
          structuralPeak / 1e6, retainedNow / 1e6);
      assertEquals(PREDICTIONS, monitoring.performance("credit",
          new Period(MonitoringFixture.START, f.clock.instant().plusSeconds(60))).metrics().predictions());
      assertTrue(structuralPeak < LIMIT, "structural bound " + structuralPeak);
      assertTrue(retainedNow < LIMIT, "retained heap " + retainedNow);
    }
  }

  private static long retained(MonitoringFixture f) {
    long sum = 0;
    for (ModelMonitor m : f.engine.registry().allMonitors()) {
      sum += m.retainedBytes();
    }
    return sum;
  }
}
