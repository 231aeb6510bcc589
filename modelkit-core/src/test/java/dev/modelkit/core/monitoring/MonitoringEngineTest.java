package dev.modelkit.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.Monitoring;
import dev.modelkit.NotFoundException;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.monitoring.ReferenceProfile;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringEngineTest {
  @TempDir
  Path home;
  MonitoringFixture f;
  Monitoring monitoring;

  static final Map<String, Object> ROW = Map.of("income", 52_000.0, "grade", "B", "age", 41.0);

  @BeforeEach
  void setUp() {
    f = new MonitoringFixture(home);
    monitoring = f.monitoring();
    monitoring.registerReference("scorer", "v1", ReferenceData.builder()
        .rows(List.of(ROW, Map.of("income", 61_000.0, "grade", "A", "age", 35.0),
            Map.of("income", 38_000.0, "grade", "C", "age", 52.0)))
        .predictions(List.of("good", "good", "bad"))
        .validation("accuracy", 0.9, 400)
        .build());
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private Period wholeDay() {
    return new Period(MonitoringFixture.START, MonitoringFixture.START.plus(Duration.ofDays(1)));
  }

  @Test
  void metricsComeFromRecordedPredictionsAndJoinedOutcomes() {
    for (int i = 0; i < 100; i++) {
      String id = monitoring.recordPrediction(new PredictionRecord("scorer", "v1", ROW, i % 4 == 0 ? "bad" : "good",
          0.3, (i + 1) * 1_000_000L, i % 10 == 0));
      if (i < 50) {
        monitoring.recordOutcome(id, "good", i % 2 == 0 ? 4.0 : Double.NaN);
      }
    }
    f.advance(Duration.ofMinutes(1));
    ModelPerformance p = monitoring.performance("scorer", wholeDay());
    PerformanceMetrics m = p.metrics();
    assertEquals(100, m.predictions());
    assertEquals(50, m.labelled());
    assertEquals(0.1, m.errorRate(), 1e-12);
    // predictions 0, 4, ..., 48 of the first 50 said bad: 13 wrong of 50
    assertEquals(37.0 / 50, m.accuracy(), 1e-12);
    assertEquals(4.0, m.userSatisfaction(), 1e-12);
    // latencies 1..100 ms: percentiles within the sketch's 1% relative error
    assertEquals(50.5, m.latency().mean(), 1e-9);
    assertEquals(50, m.latency().p50(), 0.5 + 0.01 * 50);
    assertEquals(99, m.latency().p99(), 0.01 * 99 + 1);
    assertEquals(100, m.latency().max(), 1e-9);
    assertTrue(m.throughput() > 1.6 && m.throughput() < 1.7, "100 predictions over a 60 s window: " + m.throughput());
    assertTrue(m.technicalMetrics().heapUsedBytes() > 0);
    assertEquals(Map.of("v1", m.predictions()), Map.of("v1", p.byVersion().get("v1").predictions()));
  }

  @Test
  void aRecordAfterTheWindowEndOpensTheNextWindowWithoutWaitingForTheBackgroundTick() {
    PredictionRecorder recorder = monitoring.recorder("scorer", "v1");
    for (int i = 0; i < 30; i++) {
      recorder.record(ROW, "good", 0.2, 1_000_000, false);
    }
    // the clock passes the window's end but no tick runs before the next records arrive
    f.clock.advance(Duration.ofSeconds(61));
    for (int i = 0; i < 10; i++) {
      recorder.record(ROW, "bad", 0.9, 1_000_000, true);
    }
    Period first = new Period(MonitoringFixture.START, MonitoringFixture.START.plusSeconds(60));
    Period second = new Period(MonitoringFixture.START.plusSeconds(60), MonitoringFixture.START.plusSeconds(120));
    assertEquals(30, monitoring.performance("scorer", first).metrics().predictions());
    assertEquals(0.0, monitoring.performance("scorer", first).metrics().errorRate(), 1e-12);
    assertEquals(10, monitoring.performance("scorer", second).metrics().predictions());
    assertEquals(1.0, monitoring.performance("scorer", second).metrics().errorRate(), 1e-12);
    // the window the record closed is still processed (stored, judged) by the next tick
    f.advance(Duration.ofSeconds(1));
    assertEquals(30, monitoring.performance("scorer", first).metrics().predictions());
    f.advance(Duration.ofMinutes(1));
    assertEquals(40, monitoring.performance("scorer", wholeDay()).metrics().predictions());
  }

  @Test
  void lateOutcomesAreJoinedByPredictionIdAfterTheirWindowClosed() {
    PredictionRecorder recorder = monitoring.recorder("scorer", "v1");
    long[] ids = new long[20];
    for (int i = 0; i < 20; i++) {
      ids[i] = recorder.record(ROW, "bad", 0.8, 2_000_000, false);
    }
    f.advance(Duration.ofMinutes(5));
    for (int i = 0; i < 20; i++) {
      monitoring.recordOutcome(ids[i], i < 15 ? "bad" : "good", Double.NaN);
    }
    f.advance(Duration.ofMinutes(1));
    PerformanceMetrics m = monitoring.performance("scorer", wholeDay()).metrics();
    assertEquals(20, m.labelled());
    assertEquals(0.75, m.accuracy(), 1e-12);
  }

  @Test
  void businessMetricFromACostMatrix() {
    monitoring.registerBusinessMetric("scorer", "misclassification_cost",
        new CostMatrix(Map.of("bad", Map.of("good", 5.0), "good", Map.of("bad", 1.0)), false));
    for (int i = 0; i < 10; i++) {
      String id = monitoring.recordPrediction(new PredictionRecord("scorer", "v1", ROW, i < 4 ? "good" : "bad", 0.5,
          1_000_000, false));
      monitoring.recordOutcome(id, i < 2 ? "bad" : "good", Double.NaN);
    }
    // two bad loans approved (2 x 5) and six good ones refused (6 x 1)
    assertEquals(16.0, monitoring.performance("scorer", wholeDay()).metrics().businessMetrics().values()
        .get("misclassification_cost"), 1e-12);
  }

  @Nested
  class BadInput {
    @Test
    void unknownModelVersion() {
      NotFoundException e = assertThrows(NotFoundException.class, () -> monitoring.recordPrediction(
          new PredictionRecord("nobody", "v9", ROW, "good", 0.1, 1, false)));
      assertTrue(e.getMessage().contains("unknown model version nobody/v9"), e.getMessage());
      assertTrue(e.getMessage().contains("registerReference"), e.getMessage());
    }

    @Test
    void aVersionKnownToTheModelRegistryNeedsNoReference() {
      f.engineer.registerModel("registered", "1");
      String id = monitoring.recordPrediction(new PredictionRecord("registered", "1", Map.of("anything", 1.0), "x",
          Double.NaN, 1, false));
      assertTrue(id.startsWith("pred-"));
    }

    @Test
    void featuresThatDifferFromTheReferenceProfileAreNamed() {
      Map<String, Object> bad = new HashMap<>(ROW);
      bad.remove("age");
      bad.put("grade", 3.0);
      bad.put("zip", "10001");
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> monitoring.recordPrediction(
          new PredictionRecord("scorer", "v1", bad, "good", 0.1, 1, false)));
      String msg = e.getMessage();
      assertTrue(msg.contains("features.age was missing but it must be present"), msg);
      assertTrue(msg.contains("features.grade was '3.0 (Double)' but it must be a string"), msg);
      assertTrue(msg.contains("features.zip was '10001' but it must be absent"), msg);
      assertEquals(3, e.violations().size());
      assertEquals(0, monitoring.performance("scorer", wholeDay()).metrics().predictions(), "nothing recorded");
      // a record that fails only at its last check leaves no trace in the feature aggregates either
      for (int i = 0; i < 5; i++) {
        monitoring.recordPrediction(new PredictionRecord("scorer", "v1", ROW, "good", 0.1, 1, false));
      }
      Map<String, Object> extra = new HashMap<>(ROW);
      extra.put("zip", "10001");
      assertThrows(ConfigurationException.class, () -> monitoring.recordPrediction(
          new PredictionRecord("scorer", "v1", extra, "good", 0.1, 1, false)));
      monitoring.drift("scorer", "v1", wholeDay(), dev.modelkit.monitoring.DriftOptions.defaults())
          .features().forEach(d -> assertEquals(5, d.currentSize(), d.feature()));
    }

    @Test
    void outcomesForUnknownMalformedOrAlreadyJoinedPredictions() {
      NotFoundException malformed = assertThrows(NotFoundException.class,
          () -> monitoring.recordOutcome("p-42", "good", Double.NaN));
      assertTrue(malformed.getMessage().contains("unknown prediction id 'p-42'"), malformed.getMessage());
      String id = monitoring.recordPrediction(new PredictionRecord("scorer", "v1", ROW, "good", 0.1, 1, false));
      long raw = Long.parseLong(id.substring("pred-".length()));
      NotFoundException never = assertThrows(NotFoundException.class,
          () -> monitoring.recordOutcome(raw + 1, "good", Double.NaN));
      assertTrue(never.getMessage().contains("no such prediction was recorded"), never.getMessage());
      monitoring.recordOutcome(id, "good", Double.NaN);
      InvalidStateException twice = assertThrows(InvalidStateException.class,
          () -> monitoring.recordOutcome(id, "bad", Double.NaN));
      assertTrue(twice.getMessage().contains("already has an outcome"), twice.getMessage());
    }

    @Test
    void outcomesBeyondTheJoinHorizonAreRejected(@TempDir Path other) {
      try (MonitoringFixture small = new MonitoringFixture(other, MonitoringSettings.defaults().withJoinHorizon(8))) {
        small.engineer.registerModel("m", "1");
        PredictionRecorder r = small.monitoring().recorder("m", "1");
        long first = r.record(Map.of(), "a", Double.NaN, 1, false);
        for (int i = 0; i < 8; i++) {
          r.record(Map.of(), "a", Double.NaN, 1, false);
        }
        NotFoundException e = assertThrows(NotFoundException.class,
            () -> small.monitoring().recordOutcome(first, "a", Double.NaN));
        assertTrue(e.getMessage().contains("older than the join horizon of 8 predictions"), e.getMessage());
      }
    }
  }

  @Nested
  class Permissions {
    @Test
    void recordingNeedsMonitorAndReadingNeedsRead() {
      TestContext viewer = f.engineer.as(Principal.of("bob", "acme", Roles.BUSINESS_USER));
      Monitoring asViewer = f.monitoring(viewer);
      AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> asViewer.recordPrediction(
          new PredictionRecord("scorer", "v1", ROW, "good", 0.1, 1, false)));
      assertTrue(e.getMessage().contains("monitor"), e.getMessage());
      assertThrows(AccessDeniedException.class, () -> asViewer.flush());
      monitoring.recordPrediction(new PredictionRecord("scorer", "v1", ROW, "good", 0.1, 1, false));
      assertEquals(1, asViewer.performance("scorer", wholeDay()).metrics().predictions());
      TestContext nobody = f.engineer.as(Principal.of("eve", "acme", "guest"));
      assertThrows(AccessDeniedException.class, () -> f.monitoring(nobody).performance("scorer", wholeDay()));
    }

    @Test
    void anotherOrganisationSeesNothing() {
      String id = monitoring.recordPrediction(new PredictionRecord("scorer", "v1", ROW, "good", 0.1, 1, false));
      Monitoring rival = f.monitoring(f.engineer.as(Principal.of("mal", "globex", Roles.ADMINISTRATOR)));
      assertThrows(NotFoundException.class, () -> rival.performance("scorer", wholeDay()));
      assertThrows(NotFoundException.class, () -> rival.recordOutcome(id, "good", Double.NaN));
      assertThrows(NotFoundException.class, () -> rival.recordPrediction(
          new PredictionRecord("scorer", "v1", ROW, "good", 0.1, 1, false)));
      assertTrue(rival.reference("scorer", "v1").isEmpty());
    }
  }

  @Test
  void referenceProfilesFromColumnsAndTheirBadInput() {
    ReferenceProfile p = monitoring.registerReference("columns", "1", ReferenceData.builder()
        .numericColumn("amount", new double[] {10, 20, Double.NaN, 40})
        .categoricalColumn("channel", new String[] {"web", "app", "web", null})
        .build());
    assertEquals(3, p.feature("amount").count());
    assertEquals(1, p.feature("amount").missing());
    assertEquals(Map.of("web", 2L, "app", 1L), p.feature("channel").categories());
    assertEquals(70.0 / 3, p.feature("amount").mean(), 1e-12);
    ConfigurationException mixed = assertThrows(ConfigurationException.class, () -> monitoring.registerReference(
        "mixed", "1", ReferenceData.builder().rows(List.of(Map.of("x", 1.0), Map.of("x", "one"))).build()));
    assertTrue(mixed.getMessage().contains("rows[1].x was 'one' but it must be a number like the earlier rows"),
        mixed.getMessage());
    ConfigurationException lengths = assertThrows(ConfigurationException.class, () -> ReferenceData.builder()
        .numericColumn("a", new double[3]).categoricalColumn("b", new String[2]).predictions(List.of("x")).build());
    assertTrue(lengths.getMessage().contains("categoricalColumns.b") && lengths.getMessage().contains("predictions"),
        lengths.getMessage());
  }

  @Test
  void registeringAReferenceIsAudited() {
    ReferenceProfile p = monitoring.reference("scorer", "v1").orElseThrow();
    assertEquals(3, p.rows());
    assertEquals(List.of("age", "grade", "income"), p.features().stream().map(x -> x.name()).sorted().toList());
    assertNotNull(p.feature("income").sketch());
    assertFalse(f.store.queryAudit(new AuditQuery("acme", null, null, null, null, null, 0, 100)).stream()
        .filter(r -> r.draft().action().equals("monitoring.reference_registered")).toList().isEmpty());
  }
}
