package dev.modelkit.core.monitoring.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.Monitoring;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.monitoring.MonitoringEngine;
import dev.modelkit.core.monitoring.MonitoringEnvironment;
import dev.modelkit.core.monitoring.TestContext;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.tck.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringMeterBinderTest {
  @Test
  void versionsAppearInTheRegistryWithCountersAndWindowGauges(@TempDir Path home) {
    ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:00:00Z"));
    ConfigCodec codec = new ConfigCodec();
    try (SqliteMetadataStore store = SqliteMetadataStore.open(home, clock);
        MonitoringEngine engine = new MonitoringEngine(new MonitoringEnvironment(store, codec, clock, home, a -> { }))) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new MonitoringMeterBinder(engine).bindTo(registry);
      TestContext ctx = TestContext.of(Principal.of("erin", "acme", Roles.ML_ENGINEER), store, codec, clock);
      ctx.registerModel("ranker", "2");
      Monitoring monitoring = engine.monitoring(ctx);
      PredictionRecorder r = monitoring.recorder("ranker", "2");
      for (int i = 0; i < 50; i++) {
        long id = r.record(Map.of(), "top", Double.NaN, (i + 1) * 1_000_000L, i < 5);
        monitoring.recordOutcome(id, i % 2 == 0 ? "top" : "low", Double.NaN);
      }
      String[] tags = {"organization", "acme", "model", "ranker", "version", "2"};
      assertEquals(50, registry.get("modelkit.monitoring.predictions").tags(tags).functionCounter().count());
      assertEquals(5, registry.get("modelkit.monitoring.errors").tags(tags).functionCounter().count());
      assertEquals(25, registry.get("modelkit.monitoring.outcomes.correct").tags(tags).functionCounter().count());
      double p99 = registry.get("modelkit.monitoring.latency").tags(tags).tag("quantile", "0.99").gauge().value();
      assertEquals(49.5, p99, 1.0);
      assertTrue(Double.isNaN(registry.get("modelkit.monitoring.window.error_rate").tags(tags).gauge().value()));
      clock.advance(Duration.ofMinutes(1));
      engine.tick();
      assertEquals(0.1, registry.get("modelkit.monitoring.window.error_rate").tags(tags).gauge().value(), 1e-12);
      assertEquals(0.5, registry.get("modelkit.monitoring.window.accuracy").tags(tags).gauge().value(), 1e-12);
    }
  }
}
