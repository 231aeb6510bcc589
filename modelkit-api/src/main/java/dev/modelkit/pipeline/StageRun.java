package dev.modelkit.pipeline;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one stage within a run.
 *
 * @param name the stage's name
 * @param type its type
 * @param state where it is
 * @param attempts attempts made so far (retries plus one at most)
 * @param startedAt when its last attempt started, or null
 * @param finishedAt when it finished, or null
 * @param metrics the metrics it produced, sorted by key
 * @param gates how its gates came out
 * @param outputs what later stages and people need: {@code jobId}, {@code modelId}, {@code
 *     version}, {@code reportId}, {@code deploymentId}, {@code dataset.<source>} (the artifact of
 *     an anonymised or encrypted copy), ...
 * @param message why it failed, or what it did
 */
public record StageRun(String name, StageType type, StageState state, int attempts, Instant startedAt,
    Instant finishedAt, Map<String, Double> metrics, List<GateResult> gates, Map<String, String> outputs,
    String message) {

  /** Copies the collections. */
  public StageRun {
    metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
    gates = gates == null ? List.of() : List.copyOf(gates);
    outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /**
   * @param stage a stage of a pipeline
   * @return its state before the run reaches it
   */
  public static StageRun pending(PipelineStage stage) {
    return new StageRun(stage.name(), stage.type(), StageState.PENDING, 0, null, null, Map.of(), List.of(), Map.of(),
        null);
  }
}
