package dev.modelkit.training.djl;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the test classes that share one PyTorch engine among their tests: opened in a temporary
 * home before the class's first test, closed after its last.
 */
abstract class SharedEngineTest {
  static PyTorchTrainingEngine engine;

  @BeforeAll
  static void openEngine(@TempDir Path home) {
    engine = Engines.engine(home);
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }
}
