package dev.modelkit.experiments;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.Experiments;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for the ModelKit runtime: the core module's real SQLite metadata store, file
 * artifact store and JSON codec, the default role policy, a hand-moved clock, and one
 * experiment engine. {@link #reopen()} simulates a process restart: the engine is dropped
 * without being closed (as if killed) and a new one opens the same home.
 */
final class TestRuntime implements AutoCloseable {
  static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  final Path home;
  final MutableClock clock = new MutableClock(START);
  final JsonCodec json = new ConfigCodec();
  final RolePolicy policy = RolePolicy.defaults();
  private final long checkpointBytes;
  private final AtomicInteger ids = new AtomicInteger();
  SqliteMetadataStore metadata;
  FileArtifactStore artifacts;
  HipparchusExperimentEngine engine;

  TestRuntime(Path home) {
    this(home, HipparchusExperimentEngine.DEFAULT_CHECKPOINT_BYTES);
  }

  TestRuntime(Path home, long checkpointBytes) {
    this.home = home;
    this.checkpointBytes = checkpointBytes;
    open();
  }

  private void open() {
    metadata = SqliteMetadataStore.open(home, clock);
    if (artifacts == null) {
      artifacts = FileArtifactStore.open(home, clock);
    }
    engine = new HipparchusExperimentEngine(home.resolve("hipparchus"), clock, checkpointBytes,
        () -> "exp-" + ids.incrementAndGet());
  }

  /** Drops the engine without closing it, as a killed process would, and opens a fresh one. */
  void crashAndReopen() {
    metadata.close();
    open();
  }

  /** Closes the engine properly and opens a fresh one. */
  void restart() {
    engine.close();
    metadata.close();
    open();
  }

  Experiments as(Principal principal) {
    return engine.experiments(context(principal));
  }

  ServiceContext context(Principal principal) {
    return new ServiceContext() {
      @Override
      public Principal principal() {
        return principal;
      }

      @Override
      public void require(Permission permission) {
        if (!policy.allows(principal, permission)) {
          throw new AccessDeniedException("User '" + principal.userId() + "' with roles " + principal.roles()
              + " lacks permission " + permission.wireName());
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
      public java.time.Clock clock() {
        return clock;
      }

      @Override
      public AuditDraft audit(String action, String entityKind, String entityId, String before, String after,
          String reason) {
        return new AuditDraft(principal.organizationId(), principal.userId(), action, entityKind, entityId, before,
            after, reason, clock.instant());
      }

      @Override
      public CustomModelTrainingService service() {
        throw new UnsupportedOperationException("the experiments tests do not use the rest of the service");
      }
    };
  }

  @Override
  public void close() {
    engine.close();
    metadata.close();
    artifacts.close();
  }
}
