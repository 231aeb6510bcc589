package dev.modelkit.samples;

import dev.modelkit.Experiments;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.core.store.HomeLock;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.experiments.HipparchusExperimentEngine;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.ServiceContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The experiment engine wired by hand to the embedded stores, for the sample to run on its own
 * with a simulated clock. Applications use {@code service.experiments()} of the ModelKit
 * runtime instead, which does this wiring (and the principal's roles) for them.
 */
final class StandaloneExperiments implements AutoCloseable {
  private static final Principal ANALYST = Principal.of("risk-analyst", "acme-bank", Roles.DATA_SCIENTIST);

  private final SimulatedClock clock = new SimulatedClock(Instant.now());
  private final HomeLock lock;
  private final SqliteMetadataStore metadata;
  private final FileArtifactStore artifacts;
  private final HipparchusExperimentEngine engine;
  private final JsonCodec json = new ConfigCodec();

  StandaloneExperiments(Path home) {
    lock = HomeLock.acquire(home);
    metadata = SqliteMetadataStore.open(home, clock);
    artifacts = FileArtifactStore.open(home, clock);
    engine = new HipparchusExperimentEngine(home.resolve("hipparchus"), clock);
  }

  Experiments experiments() {
    return engine.experiments(context());
  }

  void advance(Duration d) {
    clock.now = clock.now.plus(d);
  }

  @Override
  public void close() {
    engine.close();
    metadata.close();
    artifacts.close();
    lock.close();
  }

  private ServiceContext context() {
    return StandaloneContext.builder(ANALYST).metadata(metadata).artifacts(artifacts).json(json).clock(clock).build();
  }

  /** A clock the simulation moves forward hour by hour. */
  private static final class SimulatedClock extends Clock {
    private volatile Instant now;

    SimulatedClock(Instant start) {
      this.now = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
