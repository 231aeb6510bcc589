package dev.modelkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.deploy.AlertConfig;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.Environment;
import dev.modelkit.deploy.HealthCheckConfig;
import dev.modelkit.deploy.MonitoringConfig;
import dev.modelkit.deploy.ResourceAllocation;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.config.Quantity;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.tck.ManualClock;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.JobState;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingJob;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A ModelKit with the fixture training engine, a manual clock and fast rollout ticks. */
final class DeploymentTestKit implements AutoCloseable {
  static final String ORG = "acme";

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:00:00Z"));
  final ModelKit kit;
  final CustomModelTrainingService scientist;
  final CustomModelTrainingService engineer;

  DeploymentTestKit(Path home) {
    this(home, Map.of());
  }

  DeploymentTestKit(Path home, Map<String, String> settings) {
    ModelKit.Builder b = ModelKit.builder().home(home).clock(clock)
        .setting("modelkit.deployment.tickMillis", "10")
        .setting("modelkit.deployment.minSamples", "50");
    settings.forEach(b::setting);
    kit = b.build();
    scientist = kit.service(Principal.of("dana", ORG, Roles.DATA_SCIENTIST));
    engineer = kit.service(Principal.of("eric", ORG, Roles.ML_ENGINEER));
  }

  /**
   * Trains a version with the fixture engine.
   *
   * @param modelName the model name (its id is the slug)
   * @param spec the fixture's behaviour, for example {@code weight=2;failEvery=10}
   * @return the registered version label
   */
  String train(String modelName, String spec) throws InterruptedException {
    DataSchema schema = new DataSchema(List.of("x"), List.of("label"), Map.of());
    DataSource src = new DataSource("train", DataFormat.CSV, "unused.csv", schema, Map.of(), List.of(), null);
    TrainingConfiguration config = TrainingConfiguration.builder()
        .organizationId(ORG).modelName(modelName).baseModel("custom")
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, spec, List.of(), List.of(), null))
        .datasetConfig(new DatasetConfiguration(List.of(src), null, null, null, null))
        .hyperparameters(TrainingHyperparameters.builder().epochs(1).build())
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1, null, null, null, null, null))
        .build();
    TrainingJob job = scientist.createTrainingJob(config);
    scientist.startTraining(job.id());
    TrainingJob done = scientist.jobs().await(job.id(), Duration.ofSeconds(30));
    assertEquals(JobState.SUCCEEDED, done.state(), done.reason());
    return done.modelVersion();
  }

  static DeploymentTarget target(TargetType type, int replicas) {
    return target(type, replicas, List.of());
  }

  static DeploymentTarget target(TargetType type, int replicas, List<AlertConfig> alerts) {
    ResourceAllocation res = new ResourceAllocation(Quantity.parse("1"), Quantity.parse("512Mi"), null, null);
    return new DeploymentTarget(type == TargetType.API ? "api-test" : "embedded-test", null, Environment.DEVELOPMENT,
        type, new DeploymentConfig(replicas, res, Map.of(), new HealthCheckConfig("/health", 1, 2, 2), 0, null, 2),
        res, null, new MonitoringConfig(List.of(), alerts, null));
  }

  /** Waits, with real time, until the condition holds (the ticker thread acts on its own). */
  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    kit.close();
  }
}
