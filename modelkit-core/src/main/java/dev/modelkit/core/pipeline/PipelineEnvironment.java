package dev.modelkit.core.pipeline;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.privacy.EnvelopeCipher;
import dev.modelkit.core.privacy.PiiScanner;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.KeyProvider;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.NotificationChannel;
import dev.modelkit.spi.TrainingEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything the {@link PipelineManager} needs from the runtime.
 *
 * @param metadata where pipelines, runs and trigger state are persisted
 * @param artifacts where encrypted data set copies are stored
 * @param json the runtime's codec
 * @param clock the clock for timestamps and schedules
 * @param engine the training engine; reads data sets for data stages and scans
 * @param home the ModelKit home; pipelines keep run files under {@code home/pipelines}
 * @param dataRoot where relative data source paths and watched locations resolve
 * @param services the service bound to a principal, through which stages call training,
 *     evaluation, deployment and monitoring (so every call is authorised as the run's user)
 * @param keys the host's key provider, or null: then encryption cannot be asked for
 * @param scanner the personal-data scanner
 * @param channels notification channels plugged in beyond the built-in ones, by name
 * @param workers how many runs execute at once, at least 1
 * @param tickEvery how often schedules and watched locations are checked; null: never by itself
 *     (tests call {@link PipelineManager#tick()})
 */
public record PipelineEnvironment(MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock,
    Supplier<TrainingEngine> engine, Path home, Path dataRoot,
    Function<Principal, CustomModelTrainingService> services, KeyProvider keys, PiiScanner scanner,
    Map<String, NotificationChannel> channels, int workers, Duration tickEvery) {

  /**
   * Validates that the required parts are present.
   *
   * @throws NullPointerException naming a missing part
   * @throws IllegalArgumentException if {@code workers} is less than 1
   */
  public PipelineEnvironment {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(scanner, "scanner");
    channels = channels == null ? Map.of() : Map.copyOf(channels);
    if (workers < 1) {
      throw new IllegalArgumentException("PipelineEnvironment.workers was " + workers + " but it must be at least 1");
    }
  }

  /** @return a cipher over the host's keys, or null without a key provider */
  public EnvelopeCipher cipher() {
    return keys == null ? null : new EnvelopeCipher(keys, new java.security.SecureRandom());
  }
}
