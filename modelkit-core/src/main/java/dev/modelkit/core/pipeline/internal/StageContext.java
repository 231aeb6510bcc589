package dev.modelkit.core.pipeline.internal;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.pipeline.PipelineEnvironment;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.security.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What one attempt of one stage works with.
 *
 * @param env the runtime's parts
 * @param pipeline the pipeline
 * @param stage the stage
 * @param runId the run
 * @param principal who the run acts as
 * @param service the service bound to that principal
 * @param outputs the outputs of the stages finished before this one, merged in order
 * @param runDirectory the run's scratch directory (anonymised copies, decrypted copies)
 * @param deadline when the attempt times out
 * @param stopRequested whether the run was cancelled or the attempt timed out
 */
public record StageContext(PipelineEnvironment env, ModelTrainingPipeline pipeline, PipelineStage stage, String runId,
    Principal principal, CustomModelTrainingService service, Map<String, String> outputs, Path runDirectory,
    Instant deadline, BooleanSupplier stopRequested) {

  /**
   * @param key an output of an earlier stage
   * @param producedBy the stage type that produces it, for the message
   * @return its value
   * @throws StageFailure naming the stage type that produces it when no earlier stage did
   */
  public String requireOutput(String key, String producedBy) {
    String v = outputs.get(key);
    if (v == null) {
      throw new StageFailure("Stage '" + stage.name() + "' needs '" + key + "', which a " + producedBy
          + " stage produces; none finished before it in this run", false);
    }
    return v;
  }
}
