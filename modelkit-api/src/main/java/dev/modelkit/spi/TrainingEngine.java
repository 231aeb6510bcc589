package dev.modelkit.spi;

import dev.modelkit.config.Violation;
import dev.modelkit.training.TrainingConfiguration;
import java.util.List;

/**
 * Trains models. Created once per runtime by a {@link TrainingEngineProvider}; the runtime's job
 * orchestration calls it on a worker thread once the scheduler admits a job.
 */
public interface TrainingEngine {

  /**
   * Checks what only the engine knows (supported base models and strategies, readable data files)
   * before a job is queued.
   *
   * @param config a configuration that passed the API's own validation
   * @return problems found; empty when the engine can run it
   */
  List<Violation> validate(TrainingConfiguration config);

  /**
   * Runs one job to completion. Implementations report progress through the context, check
   * {@link TrainingContext#cancelled()} between steps, save checkpoints through the context, and
   * resume from {@link TrainingContext#lastCheckpoint()} when it is present.
   *
   * @param context the job, its configuration and the runtime's facilities
   * @return the trained model's artifacts, metrics and lineage
   * @throws Exception any failure; the job ends failed with its message
   */
  TrainingResult train(TrainingContext context) throws Exception;
}
