package dev.modelkit.experiments;

import dev.modelkit.Experiments;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.JsonCodec;
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
    return StandaloneContext.builder(principal).metadata(metadata).artifacts(artifacts).json(json).clock(clock)
        .policy(policy).build();
  }

  @Override
  public void close() {
    engine.close();
    metadata.close();
    artifacts.close();
  }
}
