package dev.modelkit.samples;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.Experiments;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.core.store.HomeLock;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.experiments.HipparchusExperimentEngine;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
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
    RolePolicy policy = RolePolicy.defaults();
    return new ServiceContext() {
      @Override
      public Principal principal() {
        return ANALYST;
      }

      @Override
      public void require(Permission permission) {
        if (!policy.allows(ANALYST, permission)) {
          throw new AccessDeniedException(ANALYST.userId() + " may not " + permission.wireName());
        }
      }

      @Override
      public MetadataStore metadata() {
        return metadata;
      }

      @Override
      public ArtifactStore artifacts() {
        return artifacts;
      }

      @Override
      public JsonCodec json() {
        return json;
      }

      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public AuditDraft audit(String action, String kind, String id, String before, String after, String reason) {
        return new AuditDraft(ANALYST.organizationId(), ANALYST.userId(), action, kind, id, before, after, reason,
            clock.instant());
      }

      @Override
      public CustomModelTrainingService service() {
        throw new UnsupportedOperationException("the standalone sample has only the experiments view");
      }
    };
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
