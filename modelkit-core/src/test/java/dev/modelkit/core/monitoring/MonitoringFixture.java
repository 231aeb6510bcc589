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

/**
 * An engine on a real SQLite store in a temporary home, a manual clock and a collecting alert
 * consumer. The home goes to {@code /dev/shm} when that memory file system exists, so that the
 * store's and join buffers' fsyncs do not dominate test time; otherwise to the given directory.
 */
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
    this.home = fastHome(home);
    this.clock = new ManualClock(START);
    this.store = SqliteMetadataStore.open(home, clock);
    this.engineer = TestContext.of(Principal.of("erin", "acme", Roles.ML_ENGINEER), store, codec, clock);
    this.engine = new MonitoringEngine(environment(), settings);
  }

  private static Path fastHome(Path fallback) {
    Path shm = Path.of("/dev/shm");
    if (java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm)) {
      try {
        return java.nio.file.Files.createTempDirectory(shm, "modelkit-monitoring-");
      } catch (java.io.IOException e) {
        return fallback;
      }
    }
    return fallback;
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
    try {
      engine.close();
    } finally {
      store.close();
      deleteQuietly();
    }
  }

  private void deleteQuietly() {
    if (!home.startsWith("/dev/shm")) {
      return;
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a leftover directory in /dev/shm is harmless
    }
  }
}
