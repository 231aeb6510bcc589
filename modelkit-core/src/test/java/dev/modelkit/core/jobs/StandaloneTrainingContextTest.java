package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.core.StandaloneTrainingContext;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine called directly, without a runtime, through {@link StandaloneTrainingContext}. */
class StandaloneTrainingContextTest {
  @TempDir Path home;

  @Test
  void theEngineSeesTheConfigurationStoresListenersAndCheckpointToResumeFrom() throws Exception {
    TrainingConfiguration config = JobFixture.config("acme", "Scorecard");
    List<String> progress = new ArrayList<>();
    List<ArtifactRef> checkpoints = new ArrayList<>();
    try (FileArtifactStore store = FileArtifactStore.open(home)) {
      ArtifactRef earlier = store.put("epoch 2".getBytes());
      ScriptedEngine engine = new ScriptedEngine(ctx -> {
        assertEquals(config, ctx.configuration());
        assertEquals("acme", ctx.principal().organizationId());
        assertEquals(home.resolve("data"), ctx.dataRoot());
        assertEquals(2, ctx.lastCheckpoint().orElseThrow().epoch());
        assertEquals(Optional.empty(), ctx.findModelVersion("other", "1"));
        for (int epoch = 3; epoch <= 4; epoch++) {
          ctx.progress("model_training", epoch, 4, 0, Map.of("loss", 1.0 / epoch), null);
          ctx.checkpoint(epoch, 0, ctx.artifacts().put(("epoch " + epoch).getBytes()), Map.of());
        }
        return ScriptedEngine.result(ctx, Map.of("roc_auc", 0.8), List.of());
      });
      TrainingResult r = engine.train(StandaloneTrainingContext.builder(config).job("cli-1", "scorecard")
          .workDirectory(home.resolve("work")).dataRoot(home.resolve("data")).artifacts(store)
          .onProgress((stage, epoch, total, fold, metrics, message) -> progress.add(stage + " " + epoch + "/" + total))
          .onCheckpoint((epoch, fold, ref, metrics) -> checkpoints.add(ref))
          .resumeFrom(new TrainingContext.Checkpoint(2, 0, earlier, Map.of())).build());

      assertEquals(List.of("model_training 3/4", "model_training 4/4"), progress);
      assertEquals("epoch 4", new String(store.read(checkpoints.get(1))));
      assertEquals("model of cli-1", new String(store.read(r.artifacts().get("model"))));
    }
  }

  @Test
  void aCancellationConditionStopsTheEngineAndMissingPartsAreNamed() throws Exception {
    TrainingConfiguration config = JobFixture.config("acme", "Scorecard");
    AtomicInteger steps = new AtomicInteger();
    ScriptedEngine engine = new ScriptedEngine(ctx -> {
      while (!ctx.cancelled()) {
        steps.incrementAndGet();
      }
      throw new CancellationException("cancelled after " + steps.get() + " steps");
    });
    try (FileArtifactStore store = FileArtifactStore.open(home)) {
      TrainingContext ctx = StandaloneTrainingContext.builder(config).workDirectory(home).dataRoot(home)
          .artifacts(store).cancelWhen(() -> steps.get() >= 5).build();
      assertEquals("cancelled after 5 steps", assertThrows(CancellationException.class, () -> engine.train(ctx))
          .getMessage());
      assertTrue(ctx.lastCheckpoint().isEmpty());
    }
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> StandaloneTrainingContext.builder(config).workDirectory(home).build());
    assertTrue(missing.getMessage().contains("dataRoot(dir)") && missing.getMessage().contains("artifacts(store)")
        && !missing.getMessage().contains("workDirectory"), missing.getMessage());
  }
}
