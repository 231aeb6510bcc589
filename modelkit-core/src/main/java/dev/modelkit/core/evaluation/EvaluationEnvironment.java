package dev.modelkit.core.evaluation;

import dev.modelkit.spi.TrainingEngine;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the evaluation suite needs from the runtime besides the caller's context.
 *
 * @param engine the training engine, which reads test data and loads versions; it throws {@link
 *     dev.modelkit.ProviderNotFoundException} when none is installed
 * @param dataRoot where relative data source paths resolve
 */
public record EvaluationEnvironment(Supplier<TrainingEngine> engine, Path dataRoot) {
  /** Checks that both parts are present. */
  public EvaluationEnvironment {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(dataRoot, "dataRoot");
  }
}
