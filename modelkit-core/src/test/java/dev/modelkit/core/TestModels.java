package dev.modelkit.core;

import dev.modelkit.core.governance.StoredModelRegistry;
import dev.modelkit.core.internal.RuntimeServices;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.Lineage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.AuditDraft;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Registers model versions the way job orchestration does after training (one save of entity kind
 * {@code model_version} with its audit record), so registry tests need no training engine.
 */
final class TestModels {
  private TestModels() {}

  static ModelVersion register(ModelKit kit, String org, String modelId, String version, LifecycleStage stage,
      Map<String, Integer> requiredApprovals) {
    RuntimeServices rt = kit.runtimeServices();
    ArtifactRef weights = rt.artifacts().put(("weights of " + org + "/" + modelId + "/" + version)
        .getBytes(StandardCharsets.UTF_8));
    ModelVersion v = new ModelVersion(modelId, version, org, "test-engine", stage, Map.of("model", weights),
        Map.of("accuracy", 0.81, "roc_auc", 0.77),
        new Lineage("job-" + modelId + "-" + version, "a".repeat(64), Map.of("train", "b".repeat(64)), 42L,
            "custom", Map.of("java", "17")),
        List.of(), requiredApprovals, "trainer", rt.clock().instant(),
        stage == LifecycleStage.REJECTED ? "accuracy 0.61 below minAccuracy 0.75" : null);
    String id = StoredModelRegistry.entityId(modelId, version);
    String json = rt.json().toJson(v);
    rt.metadata().save(StoredModelRegistry.KIND, org, id, stage.wireName(), json, 0,
        new AuditDraft(org, "trainer", "model.registered", StoredModelRegistry.KIND, id, null, json, "trained",
            rt.clock().instant()));
    return v;
  }

  static ModelVersion register(ModelKit kit, String org, String modelId, String version) {
    return register(kit, org, modelId, version, LifecycleStage.DRAFT, Map.of());
  }
}
