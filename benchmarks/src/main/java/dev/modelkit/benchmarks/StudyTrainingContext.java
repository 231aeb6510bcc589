package dev.modelkit.benchmarks;

import dev.modelkit.core.StandaloneTrainingContext;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.file.Path;

/**
 * The training context of benchmark and study runs outside a runtime: artifacts in the given store,
 * data under the given root, no progress, checkpoints or cancellation kept.
 */
final class StudyTrainingContext {
  private StudyTrainingContext() {}

  static TrainingContext of(TrainingConfiguration cfg, Path work, Path dataRoot, ArtifactStore store) {
    return StandaloneTrainingContext.builder(cfg).job("study", "credit").workDirectory(work).dataRoot(dataRoot)
        .artifacts(store).build();
  }
}
