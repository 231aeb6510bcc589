package dev.modelkit.core.monitoring;

import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the runtime hands the {@link MonitoringEngine}: where to persist windows, reference
 * profiles and alerts, how to spell them, the clock every window boundary comes from, the home
 * directory (the engine keeps its join buffers under {@code home/monitoring}) and where raised
 * alerts go.
 *
 * @param metadata the metadata store; windows, reference profiles, rules and alerts are kept there
 * @param json the runtime's JSON codec
 * @param clock the clock; tests pass a fixed or stepped one
 * @param home the ModelKit home directory
 * @param alerts receives every raised alert, on the engine's background thread; it must not block
 *     for long and its failures are logged, never propagated
 */
public record MonitoringEnvironment(
    MetadataStore metadata, JsonCodec json, Clock clock, Path home, Consumer<Alert> alerts) {

  /** Validates that every part is present. */
  public MonitoringEnvironment {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(alerts, "alerts");
  }
}
