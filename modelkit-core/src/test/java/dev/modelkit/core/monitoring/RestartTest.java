package dev.modelkit.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.Monitoring;
import dev.modelkit.NotFoundException;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.tck.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged data survives a restart: what was recorded before a window closed or before a
 * {@code flush()} returned is there after the store is closed and reopened by a new engine; what
 * came after the last acknowledgement is not. Outcomes of acknowledged predictions made before
 * the restart are still joined; ids of unacknowledged ones are refused, never joined to a new
 * prediction that reused their sequence number.
 */
class RestartTest {
  @TempDir
  Path home;

  static final Map<String, Object> ROW = Map.of("x", 1.5, "colour", "red");

  private static ReferenceData reference() {
    return ReferenceData.builder().rows(List.of(ROW, Map.of("x", 2.5, "colour", "blue"))).build();
  }

  @Test
  void acknowledgedPredictionsAndTheirJoinBufferSurviveAReopenedStore() throws Exception {
    ManualClock clock = new ManualClock(MonitoringFixture.START);
    ConfigCodec codec = new ConfigCodec();
    Principal erin = Principal.of("erin", "acme", Roles.ML_ENGINEER);
    Period day = new Period(MonitoringFixture.START, MonitoringFixture.START.plus(Duration.ofDays(1)));

    SqliteMetadataStore store = SqliteMetadataStore.open(home, clock);
    TestContext ctx = TestContext.of(erin, store, codec, clock);
    MonitoringEngine first = new MonitoringEngine(new MonitoringEnvironment(store, codec, clock, home, a -> { }));
    Monitoring m = first.monitoring(ctx);
    m.registerReference("model", "1", reference());
    PredictionRecorder r = m.recorder("model", "1");
    // a closed window: acknowledged when it closed
    List<Long> closedIds = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      closedIds.add(r.record(ROW, "yes", 0.7, 5_000_000, false));
    }
    clock.advance(Duration.ofMinutes(1));
    first.tick();
    // the open window: acknowledged by flush()
    List<Long> flushedIds = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      flushedIds.add(r.record(ROW, "no", 0.2, 5_000_000, i == 0));
    }
    m.flush();
    // after the last acknowledgement: lost with the process
    long lost = r.record(ROW, "no", 0.2, 5_000_000, false);
    for (int i = 0; i < 9; i++) {
      r.record(ROW, "no", 0.2, 5_000_000, false);
    }
    // a crash: the first engine is abandoned without close(), the store closed under it
    store.close();
    assertTrue(Files.exists(home.resolve("monitoring")), "the join buffer is on disk");

    ManualClock later = new ManualClock(clock.instant().plusSeconds(10));
    SqliteMetadataStore reopened = SqliteMetadataStore.open(home, later);
    TestContext ctx2 = TestContext.of(erin, reopened, codec, later);
    try (MonitoringEngine second = new MonitoringEngine(new MonitoringEnvironment(reopened, codec, later, home,
        a -> { }))) {
      Monitoring m2 = second.monitoring(ctx2);
      PerformanceMetrics metrics = m2.performance("model", day).metrics();
      assertEquals(65, metrics.predictions(), "40 in the closed window and 25 flushed; the 10 after flush are lost");
      assertEquals(1.0 / 65, metrics.errorRate(), 1e-12);
      // outcomes of acknowledged predictions made before the restart are joined
      m2.recordOutcome(closedIds.get(0), "yes", Double.NaN);
      m2.recordOutcome(flushedIds.get(3), "yes", Double.NaN);
      NotFoundException e = assertThrows(NotFoundException.class, () -> m2.recordOutcome(lost, "no", Double.NaN));
      assertTrue(e.getMessage().contains("recorded before the monitor restarted"), e.getMessage());
      // new predictions get ids of a new epoch; the lost id is never reused
      long fresh = m2.recorder("model", "1").record(ROW, "no", 0.1, 1_000_000, false);
      assertTrue(fresh != lost);
      m2.recordOutcome(fresh, "no", Double.NaN);
      later.advance(Duration.ofMinutes(2));
      second.tick();
      PerformanceMetrics after = m2.performance("model", day).metrics();
      assertEquals(66, after.predictions());
      assertEquals(3, after.labelled());
      // "yes" was right for the closed-window prediction, wrong for the flushed "no" one, right for the fresh one
      assertEquals(2.0 / 3, after.accuracy(), 1e-12);
      assertEquals(2, m2.reference("model", "1").orElseThrow().features().size());
    } finally {
      reopened.close();
    }
  }

  @Test
  void aCleanCloseAcknowledgesEverything() {
    ManualClock clock = new ManualClock(MonitoringFixture.START);
    ConfigCodec codec = new ConfigCodec();
    Principal erin = Principal.of("erin", "acme", Roles.ML_ENGINEER);
    try (SqliteMetadataStore store = SqliteMetadataStore.open(home, clock)) {
      TestContext ctx = TestContext.of(erin, store, codec, clock);
      MonitoringEngine engine = new MonitoringEngine(new MonitoringEnvironment(store, codec, clock, home, a -> { }));
      engine.monitoring(ctx).registerReference("model", "1", reference());
      for (int i = 0; i < 7; i++) {
        engine.monitoring(ctx).recordPrediction(new PredictionRecord("model", "1", ROW, "yes", 0.5, 1_000_000, false));
      }
      engine.close();
      try (MonitoringEngine again = new MonitoringEngine(new MonitoringEnvironment(store, codec, clock, home, a -> { }))) {
        assertEquals(7, again.monitoring(ctx).performance("model", new Period(MonitoringFixture.START,
            MonitoringFixture.START.plusSeconds(3600))).metrics().predictions());
      }
    }
  }
}
