package dev.modelkit.core;

import dev.modelkit.core.governance.StoredModelRegistry;
import dev.modelkit.core.internal.RuntimeServices;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.Lineage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    return register(kit, org, modelId, version, stage, requiredApprovals, "job-" + modelId + "-" + version);
  }

  static ModelVersion register(ModelKit kit, String org, String modelId, String version, LifecycleStage stage,
      Map<String, Integer> requiredApprovals, String jobId) {
    RuntimeServices rt = kit.runtimeServices();
    ArtifactRef weights = rt.artifacts().put(("weights of " + org + "/" + modelId + "/" + version)
        .getBytes(StandardCharsets.UTF_8));
    ModelVersion v = new ModelVersion(modelId, version, org, "test-engine", stage, Map.of("model", weights),
        Map.of("accuracy", 0.81, "roc_auc", 0.77),
        new Lineage(jobId, "a".repeat(64), Map.of("train", "b".repeat(64)), 42L,
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

  /**
   * @param org the organisation
   * @param modelName the model name
   * @return a small training configuration on the German credit data (relative to {@code modelkit.data})
   */
  static TrainingConfiguration config(String org, String modelName) {
    DataSchema schema = new DataSchema(List.of("duration", "credit_amount", "age"), List.of("class"), null);
    DataSource train = new DataSource("german_credit", DataFormat.ARFF, "credit/german_credit.arff", schema, null,
        null, null);
    return TrainingConfiguration.builder().organizationId(org).modelName(modelName)
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk_management", null, null, null))
        .datasetConfig(new DatasetConfiguration(List.of(train), null, null, null, null))
        .hyperparameters(TrainingHyperparameters.builder().epochs(2).seed(7L).build())
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1, null, null, null, null, null))
        .resources(ResourceRequirements.of("1", "512Mi", Priority.MEDIUM))
        .build();
  }

  /** @return the data directory tests read real data from */
  static Path dataRoot() {
    return Path.of(System.getProperty("modelkit.data"));
  }

  static ModelVersion register(ModelKit kit, String org, String modelId, String version) {
    return register(kit, org, modelId, version, LifecycleStage.DRAFT, Map.of());
  }
}
