package dev.modelkit.core.pipeline;

import static dev.modelkit.core.pipeline.PipelineRunTest.ADA;
import static dev.modelkit.core.pipeline.PipelineRunTest.DANA;
import static dev.modelkit.core.pipeline.PipelineRunTest.WAIT;
import static dev.modelkit.core.pipeline.PipelineRunTest.gate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.NotFoundException;
import dev.modelkit.core.ModelKit;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.internal.FixtureLoader;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.Environment;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.pipeline.GateAction;
import dev.modelkit.pipeline.GateOperator;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.NotificationConfig;
import dev.modelkit.pipeline.NotificationEvent;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineSchedule;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.PipelineTrigger;
import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageConfiguration;
import dev.modelkit.pipeline.StageType;
import dev.modelkit.pipeline.TriggerType;
import dev.modelkit.privacy.AnonymizationMethod;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service.pipelines()} of a ModelKit: guarded by the permission table, scoped by
 * organisation, stage permissions checked at creation; pipeline records round-trip through the
 * runtime's JSON codec.
 */
class PipelineWiringTest {
  @TempDir Path home;

  static DeploymentTarget target() {
    return new DeploymentTarget("staging-api", null, Environment.STAGING, TargetType.API,
        new DeploymentConfig(1, null, null, null, null, null, null), null, null, null);
  }

  static ModelTrainingPipeline full() {
    return ModelTrainingPipeline.builder("credit", PipelineRunTest.germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.DATA_INGESTION,
            gate("data.completeness", GateOperator.GTE, 0.99, GateAction.FAIL)))
        .stage(new PipelineStage("anonymise", StageType.DATA_PREPROCESSING, new StageConfiguration(
            AnonymizationMethod.MASK, null, null, null, null, null, null), 2, Duration.ofMinutes(5), List.of()))
        .stage(PipelineStage.of(StageType.FEATURE_ENGINEERING))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING, gate("accuracy", GateOperator.GT, 0.7, GateAction.WARN)))
        .stage(new PipelineStage(null, StageType.MODEL_VALIDATION, new StageConfiguration(null, null,
            new CostMatrix(Map.of("bad", Map.of("good", 5.0)), true), null, null, null, null), 0, null, List.of()))
        .stage(new PipelineStage(null, StageType.MODEL_TESTING, new StageConfiguration(null, PipelineRunTest.suite(),
            null, null, null, null, null), 0, null, List.of(gate("fairness.min_disparate_impact_ratio",
            GateOperator.GTE, 0.8, GateAction.FAIL))))
        .stage(new PipelineStage(null, StageType.MODEL_DEPLOYMENT, new StageConfiguration(null, null, null, null,
            target(), null, null), 0, null, List.of()))
        .stage(new PipelineStage(null, StageType.MONITORING_SETUP, new StageConfiguration(null, null, null, null, null,
            null, List.of(AlertRule.of("drift", "drift_share > 0.3", "retrain"))), 0, null, List.of()))
        .trigger(PipelineTrigger.cron("0 2 * * mon-fri"))
        .trigger(PipelineTrigger.onAlert(TriggerType.DRIFT_ALERT, null))
        .schedule(new PipelineSchedule("@weekly", "Europe/Berlin"))
        .notification(new NotificationConfig("webhook", "https://hooks.example.org/ml", Set.of(
            NotificationEvent.RUN_FAILED)))
        .build();
  }

  @Test
  void pipelineRecordsRoundTripThroughTheRuntimesCodec() {
    ConfigCodec codec = new ConfigCodec();
    ModelTrainingPipeline p = full();
    String json = codec.toJson(p);
    assertEquals(p, codec.fromJson(json, ModelTrainingPipeline.class));
    assertTrue(json.contains("\"type\" : \"model_deployment\"") || json.contains("\"type\": \"model_deployment\""),
        json);
    assertTrue(json.contains("\"operator\" : \"gte\"") || json.contains("\"operator\": \"gte\""), json);
  }

  @Test
  void theServicesPipelinesAreGuardedScopedAndRunThroughTheRuntime() throws Exception {
    try (ModelKit kit = ModelKit.builder().home(home).dataRoot(PipelineRunTest.dataRoot()).workers(1)
        .resourcePool(2, 2L << 30, 0).classLoader(FixtureLoader.adding("pipeline")).build()) {
      CustomModelTrainingService dana = kit.service(DANA);
      AccessDeniedException deploy = assertThrows(AccessDeniedException.class, () -> dana.pipelines().create(full()));
      assertTrue(deploy.getMessage().contains("'deploy'"), deploy.getMessage());
      ModelTrainingPipeline created = kit.service(ADA).pipelines().create(full());
      assertEquals("ada", created.createdBy());
      ModelTrainingPipeline p = dana.pipelines().create(ModelTrainingPipeline.builder("credit",
              PipelineRunTest.germanCredit("Credit Risk"))
          .stage(PipelineStage.of(StageType.DATA_INGESTION)).stage(PipelineStage.of(StageType.MODEL_TRAINING)).build());
      PipelineRun run = dana.pipelines().await(dana.pipelines().run(p.id()).id(), WAIT);
      assertEquals(RunState.SUCCEEDED, run.state(), run.reason());
      assertEquals(2, dana.pipelines().list(0, 10).size());
      CustomModelTrainingService other = kit.service(Principal.of("olga", "globex", Roles.ADMINISTRATOR));
      assertThrows(NotFoundException.class, () -> other.pipelines().get(p.id()));
      assertThrows(NotFoundException.class, () -> other.pipelines().getRun(run.id()));
      assertEquals(List.of(), other.pipelines().runs(null, 0, 10));
      CustomModelTrainingService bob = kit.service(Principal.of("bob", "acme", Roles.BUSINESS_USER));
      assertThrows(AccessDeniedException.class, () -> bob.pipelines().run(p.id()));
      assertEquals(RunState.SUCCEEDED, bob.pipelines().getRun(run.id()).state());
    }
  }
}
