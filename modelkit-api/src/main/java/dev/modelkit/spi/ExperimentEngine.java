package dev.modelkit.spi;

import dev.modelkit.Experiments;

/**
 * Runs A/B experiments. Created once per runtime by an {@link ExperimentEngineProvider}.
 */
public interface ExperimentEngine {

  /**
   * @param context the caller and the runtime's stores
   * @return the experiments view bound to that caller
   */
  Experiments experiments(ServiceContext context);
}
