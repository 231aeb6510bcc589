package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.CheckpointStrategy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training gives the same result whenever the garbage collector runs.
 *
 * <p>The bug this guards against: DJL's {@code NDArray.mul(Number)} wraps the number in a
 * temporary array over a direct buffer and closes it at once, while PyTorch keeps that scalar for
 * the backward pass. Once the collector freed the buffer, gradients were computed from freed
 * memory: a fresh training JVM now and then ended with a NaN loss or silently different weights
 * (the crash-and-resume test saw both on CI). Here a thread requests a collection every two
 * milliseconds while the small German Credit job trains; with the bug, most such runs diverge
 * from the undisturbed one (7 of 8 in the reproduction), with the fix they are identical to the
 * last bit.
 */
class GarbageCollectionSafetyTest extends SharedEngineTest {
  @Test
  void collectionsDuringTrainingChangeNothing(@TempDir Path temp) throws Exception {
    TrainingResult quiet = engine.train(new TestContext(ReproducibilityAndResumeTest.small(11,
        CheckpointStrategy.defaults()), temp.resolve("quiet")));

    AtomicBoolean training = new AtomicBoolean(true);
    AtomicInteger collections = new AtomicInteger();
    Thread collector = new Thread(() -> {
      while (training.get()) {
        System.gc();
        collections.incrementAndGet();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "gc-pressure");
    collector.setDaemon(true);
    collector.start();
    TrainingResult stressed;
    try {
      stressed = engine.train(new TestContext(ReproducibilityAndResumeTest.small(11, CheckpointStrategy.defaults()),
          temp.resolve("stressed")));
    } finally {
      training.set(false);
      collector.join(10_000);
    }
    System.out.printf("%d collections requested while training; ROC AUC %s and %s%n", collections.get(),
        quiet.metrics().get("cv_roc_auc_mean"), stressed.metrics().get("cv_roc_auc_mean"));
    assertEquals(ReproducibilityAndResumeTest.comparable(quiet), ReproducibilityAndResumeTest.comparable(stressed));
    assertEquals(quiet.artifacts().get("model"), stressed.artifacts().get("model"), "identical weights, byte for byte");
  }
}
