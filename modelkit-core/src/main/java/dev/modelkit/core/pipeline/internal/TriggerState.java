package dev.modelkit.core.pipeline.internal;

import java.time.Instant;
import java.util.Map;

/**
 * What the trigger service remembers per pipeline between ticks and restarts.
 *
 * @param scheduleCheckedUntil per schedule trigger (by index in {@code allTriggers()}), the time up
 *     to which due times were handled
 * @param fingerprints per new-data trigger (by index), relative file path to SHA-256 of its content
 */
public record TriggerState(Map<String, Instant> scheduleCheckedUntil, Map<String, Map<String, String>> fingerprints) {

  /** Copies the maps. */
  public TriggerState {
    scheduleCheckedUntil = scheduleCheckedUntil == null ? Map.of() : Map.copyOf(scheduleCheckedUntil);
    fingerprints = fingerprints == null ? Map.of() : Map.copyOf(fingerprints);
  }
}
