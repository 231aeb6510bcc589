package dev.modelkit.training;

import static dev.modelkit.Violations.assertViolations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.resources.ResourceRequirements;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training records' own validation (compact constructors and builders). */
class TrainingRecordsTest {

  static DataSchema schema() {
    return new DataSchema(List.of("description", "impact"), List.of("risk_level"), Map.of("description", DataType.TEXT));
  }

  static DataSource source(String id) {
    return new DataSource(id, DataFormat.CSV, "data.csv", schema(), null, null, null);
  }

  static TrainingConfiguration.Builder valid() {
    return TrainingConfiguration.builder()
        .organizationId("org").modelName("Risk model")
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk", null, null, null))
        .datasetConfig(new DatasetConfiguration(List.of(source("train")), null, null, null, null))
        .hyperparameters(TrainingHyperparameters.builder().build())
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1, null, null, null, null, null));
  }

  @Test
  void hyperparametersCheckEveryValue() {
    assertViolations(() -> new TrainingHyperparameters(-1, 0, 0, -1, -0.5, -1.0, null, null, null),
        "learningRate was '-1' but it must be greater than 0",
        "batchSize was '0' but it must be at least 1",
        "epochs was '0' but it must be at least 1",
        "warmupSteps was '-1' but it must be 0 or greater",
        "weightDecay was '-0.5' but it must be 0 or greater",
        "gradientClipping was '-1' but it must be 0 or greater");
  }

  @Test
  void hyperparameterDefaults() {
    TrainingHyperparameters h = TrainingHyperparameters.builder().build();
    assertEquals(0.001, h.learningRate());
    assertEquals(32, h.batchSize());
    assertEquals(10, h.epochs());
    assertEquals(OptimizerConfig.adam(), h.optimizerConfig());
    assertEquals(SchedulerConfig.constant(), h.schedulerConfig());
    assertEquals(42L, h.seed());
    assertEquals(h, h.toBuilder().build());
  }

  @Test
  void trainingConfigurationRequiresItsParts() {
    assertViolations(() -> TrainingConfiguration.builder().baseModel(null).build(),
        "organizationId was missing but it must be present",
        "modelName was missing but it must be present",
        "baseModel was missing but it must be present",
        "trainingObjective was missing but it must be present",
        "datasetConfig was missing but it must be present",
        "hyperparameters was missing but it must be present",
        "validationConfig was missing but it must be present");
  }

  @Test
  void trainingConfigurationChecksTheBaseModelAndAppliesDefaults() {
    assertViolations(() -> valid().baseModel("gpt-5").build(),
        "baseModel was 'gpt-5' but it must be " + BaseModels.EXPECTED.substring(3));
    TrainingConfiguration c = valid().baseModel("gpt-3.5-turbo").build();
    assertEquals(DeploymentConfiguration.defaults(), c.deploymentConfig());
    assertEquals(AdvancedTrainingConfig.defaults(), c.advancedConfig());
    assertEquals(ResourceRequirements.defaults(), c.resources());
    assertEquals(c, c.toBuilder().build());
  }

  @Test
  void baseModelSpellings() {
    for (String ok : List.of("custom", "all-minilm-l6-v2", "GPT-4", "claude-3", "model:risk:3", "torchscript:/m.pt")) {
      assertTrue(BaseModels.isKnown(ok), ok);
    }
    for (String bad : List.of("gpt-5", "model:risk", "model::1", "torchscript:", "")) {
      assertFalse(BaseModels.isKnown(bad), bad);
    }
    assertFalse(BaseModels.isKnown(null));
    assertTrue(BaseModels.isHosted("gpt-3.5-turbo"));
    assertFalse(BaseModels.isHosted("custom"));
  }

  @Test
  void objectiveNeedsATypeAndNoBlankNames() {
    assertViolations(() -> new TrainingObjective(null, null, List.of("a", " "), null, null),
        "type was missing but it must be present",
        "tasks[1] was ' ' but it must not be blank");
    assertEquals(QualityThresholds.none(), new TrainingObjective(ObjectiveType.FINE_TUNING, null, null, null, null)
        .qualityThresholds());
  }

  @Test
  void qualityThresholdRanges() {
    assertViolations(() -> new QualityThresholds(1.7, 0.0, -0.1),
        "minAccuracy was '1.7' but it must be between 0 and 1",
        "maxLatency was '0' but it must be greater than 0",
        "minReliability was '-0.1' but it must be between 0 and 1");
  }

  @Test
  void dataSchemaNeedsDistinctInputsAndOutputs() {
    assertViolations(() -> new DataSchema(List.of("a", "a", "b"), List.of("b"), null),
        "outputFields was 'b' but it must not also be an input field",
        "inputFields was '[a, a, b]' but it must not repeat a field");
    assertViolations(() -> new DataSchema(null, List.of(), null),
        "inputFields was missing but it must list at least one field",
        "outputFields was '[]' but it must list at least one field");
  }

  @Test
  void dataSourceRequiresItsFields() {
    assertViolations(() -> new DataSource(" ", null, null, null, null, List.of(""), null),
        "id was ' ' but it must not be blank",
        "type was missing but it must be present",
        "source was missing but it must be present",
        "schema was missing but it must be present",
        "permissions[0] was '' but it must not be blank");
  }

  @Test
  void datasetIdsAreUniqueAndTrainingDataRequired() {
    assertViolations(() -> new DatasetConfiguration(List.of(source("a")), List.of(source("a")), null, null, null),
        "id was 'a' but it must be unique across training, validation and test data");
    assertViolations(() -> new DatasetConfiguration(List.of(), null, null, null, null),
        "trainingData was '[]' but it must list at least one data source");
  }

  @Test
  void optimizerParametersMatchTheOptimizer() {
    assertViolations(() -> new OptimizerConfig(OptimizerType.SGD, Map.of("beta1", 0.9)),
        "parameters.beta1 was '0.9' but it must be one of the sgd parameters [momentum, nesterov]");
    assertViolations(() -> new OptimizerConfig(OptimizerType.ADAM, Map.of("beta2", 1.0)),
        "parameters.beta2 was '1' but it must be between 0 and 0.999999");
    assertEquals(0.9, OptimizerConfig.adam().parameter("beta1", 0));
    assertEquals(1e-8, OptimizerConfig.adam().parameter("epsilon", 1e-8));
  }

  @Test
  void schedulerParameters() {
    assertViolations(() -> new SchedulerConfig(SchedulerType.LINEAR, Map.of("warmup_ratio", 1.5, "gamma", 0.1), -1),
        "parameters.gamma was '0.1' but it must be a known scheduler parameter [warmup_ratio]",
        "parameters.warmup_ratio was '1.5' but it must be between 0 and 1",
        "warmupSteps was '-1' but it must be 0 or greater");
  }

  @Test
  void validationConfiguration() {
    assertViolations(() -> new ValidationConfiguration(ValidationStrategy.GROUP, 1.0, 0, null, null, null, null, null),
        "testSize was '1' but it must be at least 0 and less than 1",
        "validationFrequency was '0' but it must be at least 1",
        "groupField was missing but it must name a field when strategy is group");
    ValidationConfiguration kFold = new ValidationConfiguration(ValidationStrategy.K_FOLD, 0.2, 1, null, null, null, null, null);
    assertEquals(new CrossValidationConfig(true, 5, ValidationStrategy.K_FOLD, true), kFold.crossValidation());
    assertEquals(MetricConfig.defaults(), kFold.metricConfig());
    assertEquals(EarlyStoppingConfig.disabled(), kFold.earlyStoppingConfig());
    ValidationConfiguration holdout = new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1, null, null, null, null, null);
    assertFalse(holdout.crossValidation().enabled());
  }

  @Test
  void crossValidationNeedsFoldsAndAFoldStrategy() {
    assertViolations(() -> new CrossValidationConfig(true, 1, ValidationStrategy.HOLDOUT, true),
        "folds was '1' but it must be at least 2",
        "strategy was 'holdout' but it must be k_fold, stratified, time_series or group");
    new CrossValidationConfig(false, 0, null, false);
  }

  @Test
  void earlyStoppingInfersTheDirection() {
    assertEquals(Direction.MINIMIZE, new EarlyStoppingConfig(true, 3, "log_loss", 0, null).direction());
    assertEquals(Direction.MAXIMIZE, new EarlyStoppingConfig(true, 3, "accuracy", 0, null).direction());
    assertNull(EarlyStoppingConfig.disabled().direction());
    assertViolations(() -> new EarlyStoppingConfig(true, 0, " ", -1, null),
        "patience was '0' but it must be at least 1",
        "metric was ' ' but it must not be blank",
        "minDelta was '-1' but it must be 0 or greater");
  }

  @Test
  void advancedParts() {
    assertViolations(() -> new CheckpointStrategy(true, 0, false, 0),
        "everyEpochs was '0' but it must be at least 1", "keepLast was '0' but it must be at least 1");
    assertViolations(() -> new DistributedTrainingConfig(true, null, 0, -1, null, false),
        "strategy was missing but it must be present",
        "numNodes was '0' but it must be at least 1",
        "numGPUs was '-1' but it must be 0 or greater");
    assertViolations(() -> new OptimizationStrategy(0, false),
        "gradientAccumulationSteps was '0' but it must be at least 1");
    assertViolations(() -> new RegularizationConfig(1, -0.1),
        "dropout was '1' but it must be at least 0 and less than 1",
        "labelSmoothing was '-0.1' but it must be at least 0 and less than 1");
    assertViolations(() -> new TransferLearningConfig(null, null, List.of(""), null, false, 0),
        "sourceModel was missing but it must be present",
        "transferStrategy was missing but it must be present",
        "fineTuneLayers[0] was '' but it must not be blank",
        "unfreezeEveryEpochs was '0' but it must be at least 1");
    assertViolations(() -> new MultiTaskConfig(List.of(new TaskConfig("a", "x", 1), new TaskConfig("a", "y", 1)), null, null, null),
        "tasks was 'a' but it must have unique names");
    assertViolations(() -> new MultiTaskConfig(List.of(new TaskConfig("a", "x", 1)), null, null, null),
        "tasks was '1' but it must list at least two tasks");
    assertViolations(() -> new TaskConfig("", null, 0),
        "name was '' but it must not be blank",
        "outputField was missing but it must be present",
        "weight was '0' but it must be greater than 0");
    assertViolations(() -> new DeploymentConfiguration(false, null, true, true, Map.of("administrator", 0)),
        "requiredApprovals.administrator was '0' but it must be at least 1");
    assertViolations(() -> new MetricConfig(null, List.of(" "), null),
        "primary was missing but it must be present", "secondary[0] was ' ' but it must not be blank");
  }
}
