package dev.modelkit.core.monitoring;

import dev.modelkit.Monitoring;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.tck.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An engine on a real SQLite store in a temporary home, a manual clock and a collecting alert consumer. */
final class MonitoringFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

  final Path home;
  final ManualClock clock;
  final SqliteMetadataStore store;
  final ConfigCodec codec = new ConfigCodec();
  final List<Alert> alerts = new CopyOnWriteArrayList<>();
  final TestContext engineer;
  MonitoringEngine engine;

  MonitoringFixture(Path home) {
    this(home, MonitoringSettings.defaults());
  }

  MonitoringFixture(Path home, MonitoringSettings settings) {
    this.home = home;
    this.clock = new ManualClock(START);
    this.store = SqliteMetadataStore.open(home, clock);
    this.engineer = TestContext.of(Principal.of("erin", "acme", Roles.ML_ENGINEER), store, codec, clock);
    this.engine = new MonitoringEngine(environment(), settings);
  }

  MonitoringEnvironment environment() {
    return new MonitoringEnvironment(store, codec, clock, home, alerts::add);
  }

  Monitoring monitoring() {
    return engine.monitoring(engineer);
  }

  Monitoring monitoring(TestContext ctx) {
    return engine.monitoring(ctx);
  }

  /** Moves the clock and lets the engine close the windows that ended. */
  void advance(Duration d) {
    clock.advance(d);
    engine.tick();
  }

  @Override
  public void close() {
    engine.close();
    store.close();
  }
}
