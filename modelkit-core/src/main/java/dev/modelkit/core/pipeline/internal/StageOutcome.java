package dev.modelkit.core.pipeline.internal;

import java.util.Map;

/**
 * What a stage produced.
 *
 * @param metrics metrics for the gates
 * @param outputs facts later stages and people need
 * @param message what it did, for the run record
 */
public record StageOutcome(Map<String, Double> metrics, Map<String, String> outputs, String message) {

  /** Copies the maps. */
  public StageOutcome {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
  }
}
