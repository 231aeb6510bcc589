package dev.modelkit.deploy;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a model's deployment history: from {@code time} on, traffic was split as given.
 *
 * @param time when the split took effect
 * @param deploymentId the deployment that made the change
 * @param traffic version to percentage; empty when the model stopped serving
 * @param reason why, for example {@code canary stage 2 of 3} or a rollback reason
 */
public record TrafficChange(Instant time, String deploymentId, Map<String, Double> traffic, String reason) {
  /** Copies the split. */
  public TrafficChange {
    traffic = traffic == null ? Map.of() : Map.copyOf(traffic);
  }
}
