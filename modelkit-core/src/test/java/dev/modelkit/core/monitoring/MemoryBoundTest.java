package dev.modelkit.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.Monitoring;
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
 * The monitor's memory does not grow with the number of predictions: its arrays reach their
 * size once the join buffer is full and the in-memory windows are all taken, and stay there. Here
 * 1.5 million predictions of the 22-feature Lending Club model (15 windows of 100,000, five kept in
 * memory); the structural size after 1 million and after 1.5 million must be equal, the same
 * arrays with the default settings (60 windows in memory) must stay under 50 MB, and so must the
 * heap retained after garbage collection. {@code MonitoringMemoryBenchmark} records 10 million
 * with the default settings for the README's figure.
 */
class MemoryBoundTest {
  static final long LIMIT = 50L * 1024 * 1024;

  static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void memoryStopsGrowingAndStaysUnderFiftyMegabytes(@TempDir Path home) {
    LendingClub data = LendingClub.load();
    List<Map<String, Object>> rows = data.rows();
    long baseline = usedAfterGc();
    // five closed windows in memory, so that they are all taken after the first million
    MonitoringSettings settings = MonitoringSettings.defaults().withKeptWindows(5);
    try (MonitoringFixture f = new MonitoringFixture(home, settings)) {
      Monitoring monitoring = f.monitoring();
      monitoring.registerReference("credit", "v1", ReferenceData.builder().rows(rows).build());
      PredictionRecorder recorder = monitoring.recorder("credit", "v1");
      long atMillion = 0;
      long total = 1_500_000;
      for (long i = 0; i < total; i++) {
        recorder.record(rows.get((int) (i % rows.size())), "good", 0.05, 2_000_000 + (i & 1023) * 1000, false);
        if (i % 1000 == 999) {
          f.clock.advance(Duration.ofMillis(600));
        }
        if (i % 100_000 == 99_999) {
          f.engine.tick();
        }
        if (i == 999_999) {
          atMillion = f.engine.retainedBytes();
        }
      }
      long atEnd = f.engine.retainedBytes();
      long retained = usedAfterGc() - baseline;
      // with the default settings: the join buffer plus the open and 60 closed windows
      long join = MonitoringSettings.defaults().joinHorizon() * 15L;
      long perWindow = (atEnd - settings.joinHorizon() * 15L) / (settings.keptWindows() + 1);
      long defaultsBound = join + perWindow * (MonitoringSettings.defaults().keptWindows() + 1);
      System.out.printf("monitor arrays after 1M predictions %.1f MB, after 1.5M %.1f MB (%.0f KB a window); with "
          + "the default 60 windows in memory %.1f MB; heap retained after GC %.1f MB%n", atMillion / 1e6, atEnd / 1e6,
          perWindow / 1e3, defaultsBound / 1e6, retained / 1e6);
      assertTrue(defaultsBound < LIMIT, "bound with default settings " + defaultsBound);
      assertEquals(total, monitoring.performance("credit",
          new Period(MonitoringFixture.START, f.clock.instant().plusSeconds(60))).metrics().predictions());
      assertTrue(atEnd < LIMIT, "structural " + atEnd);
      assertTrue(Math.abs(atEnd - atMillion) < atMillion / 20, "no growth with the number of predictions: "
          + atMillion + " then " + atEnd);
      assertTrue(retained < LIMIT, "retained heap " + retained);
    }
  }
}
