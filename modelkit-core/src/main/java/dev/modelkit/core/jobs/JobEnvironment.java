package dev.modelkit.core.jobs;

import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.TrainingEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything the {@link JobManager} needs from the runtime.
 *
 * @param metadata where jobs, checkpoints, model versions and budgets are persisted
 * @param artifacts where engines store checkpoints and models; old checkpoints are deleted here
 * @param json the runtime's codec, used for every stored object
 * @param clock the clock for timestamps and for measuring resource use (costs)
 * @param engine the training engine; it throws {@link dev.modelkit.ProviderNotFoundException} when
 *     none is installed
 * @param pool the resource pool the scheduler hands out
 * @param prices what the pool's resources cost per hour
 * @param home the ModelKit home directory; jobs get scratch directories under {@code home/work}
 * @param dataRoot where relative data source paths resolve
 * @param alerts receives alerts such as budget crossings
 * @param workers how many jobs may run at once at most (also bounded by the pool), at least 1
 * @param encryptedArtifacts organisation id to an artifact store that encrypts at rest, for jobs
 *     whose {@code privacyConfig.encryption} is on; null when the runtime has no key provider
 */
public record JobEnvironment(
    MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock, Supplier<TrainingEngine> engine,
    ResourcePool pool, Prices prices, Path home, Path dataRoot, Consumer<Alert> alerts, int workers,
    Function<String, ArtifactStore> encryptedArtifacts) {

  /**
   * An environment without encryption at rest.
   *
   * @param metadata see the record
   * @param artifacts see the record
   * @param json see the record
   * @param clock see the record
   * @param engine see the record
   * @param pool see the record
   * @param prices see the record
   * @param home see the record
   * @param dataRoot see the record
   * @param alerts see the record
   * @param workers see the record
   */
  public JobEnvironment(MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock,
      Supplier<TrainingEngine> engine, ResourcePool pool, Prices prices, Path home, Path dataRoot,
      Consumer<Alert> alerts, int workers) {
    this(metadata, artifacts, json, clock, engine, pool, prices, home, dataRoot, alerts, workers, null);
  }

  /**
   * Validates that every part is present.
   *
   * @throws NullPointerException naming a missing part
   * @throws IllegalArgumentException if {@code workers} is less than 1
   */
  public JobEnvironment {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(alerts, "alerts");
    if (workers < 1) {
      throw new IllegalArgumentException("JobEnvironment.workers was " + workers + " but it must be at least 1");
    }
  }
}
