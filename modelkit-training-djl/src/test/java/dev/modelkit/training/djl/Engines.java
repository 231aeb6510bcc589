package dev.modelkit.training.djl;

import java.nio.file.Path;
import java.util.Map;

/** Engine construction for tests: one PyTorch thread, as the provider configures by default. */
final class Engines {
  private Engines() {}

  static PyTorchTrainingEngine engine(Path home) {
    PyTorchTrainingEngineProvider.configureThreads("1");
    return new PyTorchTrainingEngine(home, Map.of("business_impact",
        CostMatrixMetric.parse("business_impact", "bad>good=5;good>bad=1")), null);
  }
}
