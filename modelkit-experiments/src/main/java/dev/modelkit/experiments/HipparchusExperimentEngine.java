package dev.modelkit.experiments;

import dev.modelkit.Experiments;
import dev.modelkit.experiments.internal.BoundExperiments;
import dev.modelkit.experiments.internal.ExperimentRegistry;
import dev.modelkit.spi.ExperimentEngine;
import dev.modelkit.spi.ServiceContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * ModelKit's experiment engine: deterministic hashed assignment, streaming statistics made
 * durable by a write-ahead log, and analyses computed with Hipparchus distributions
 * (fixed-horizon, always-valid sequential, Bayesian, CUPED).
 *
 * <p>One engine serves every organisation of a runtime; {@link #experiments(ServiceContext)}
 * returns the view bound to one caller. Statistics live below the engine's directory, one
 * subdirectory per organisation and experiment; definitions and the audit trail live in the
 * metadata store. Close the engine to checkpoint every loaded experiment.
 */
public final class HipparchusExperimentEngine implements ExperimentEngine, AutoCloseable {
  /** Default log size that triggers a checkpoint: 64 MiB. */
  public static final long DEFAULT_CHECKPOINT_BYTES = 64L * 1024 * 1024;

  private final ExperimentRegistry registry;
  private final Supplier<String> ids;

  /**
   * @param directory where statistics are kept, normally {@code <home>/hipparchus}
   * @param clock the runtime's clock (ramp-up schedules follow it)
   */
  public HipparchusExperimentEngine(Path directory, Clock clock) {
    this(directory, clock, DEFAULT_CHECKPOINT_BYTES, () -> "exp-" + UUID.randomUUID());
  }

  /**
   * @param directory where statistics are kept
   * @param clock the runtime's clock
   * @param checkpointBytes log size that triggers a checkpoint
   * @param ids supplies new experiment ids (tests pass a deterministic one)
   */
  public HipparchusExperimentEngine(Path directory, Clock clock, long checkpointBytes, Supplier<String> ids) {
    this.registry = new ExperimentRegistry(Objects.requireNonNull(directory, "directory"),
        Objects.requireNonNull(clock, "clock"), checkpointBytes);
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  @Override
  public Experiments experiments(ServiceContext context) {
    return new BoundExperiments(Objects.requireNonNull(context, "context"), registry, ids);
  }

  /** Checkpoints and closes every loaded experiment's statistics. */
  @Override
  public void close() {
    registry.close();
  }
}
