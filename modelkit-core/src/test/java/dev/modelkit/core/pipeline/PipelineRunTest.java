package dev.modelkit.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import dev.modelkit.Pipelines;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.pipeline.GateAction;
import dev.modelkit.pipeline.GateOperator;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.QualityGate;
import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageConfiguration;
import dev.modelkit.pipeline.StageRun;
import dev.modelkit.pipeline.StageState;
import dev.modelkit.pipeline.StageType;
import dev.modelkit.pipeline.TriggerType;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.JobState;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines on German Credit through the real runtime (jobs, registry, audit) with a decision-stump
 * engine: gates stop runs with their numbers, warnings are recorded, resumed runs skip finished
 * stages, retries and timeouts apply.
 */
class PipelineRunTest {
  static final String ORG = "acme";
  static final Principal DANA = Principal.of("dana", ORG, Roles.DATA_SCIENTIST);
  static final Principal ADA = Principal.of("ada", ORG, Roles.ADMINISTRATOR);
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;
  PipelineHarness h;

  @BeforeEach
  void open() {
    h = new PipelineHarness(home, dataRoot(), null, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    h.close();
  }

  static Path dataRoot() {
    return Path.of(System.getProperty("modelkit.data"));
  }

  static TrainingConfiguration germanCredit(String modelName) {
    DataSchema schema = new DataSchema(List.of("duration", "credit_amount", "age"), List.of("class"), null);
    DataSource train = new DataSource("german_credit", DataFormat.ARFF, "credit/german_credit.arff", schema, null,
        null, null);
    return TrainingConfiguration.builder().organizationId(ORG).modelName(modelName)
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk_management", null, null, null))
        .datasetConfig(new DatasetConfiguration(List.of(train), null, null, null, null))
        .hyperparameters(TrainingHyperparameters.builder().epochs(1).seed(7L).build())
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1, null, null, null, null, null))
        .resources(ResourceRequirements.of("1", "256Mi", Priority.MEDIUM))
        .build();
  }

  static QualityGate gate(String metric, GateOperator op, double threshold, GateAction action) {
    return new QualityGate(metric + " " + op.wireName() + " " + threshold, metric, threshold, op, action);
  }

  static EvaluationReport report(Map<String, Double> metrics) {
    return new EvaluationReport("report-1", ORG, "credit-risk", "1", null, Instant.now(), metrics, null);
  }

  static EvaluationSuite suite() {
    return EvaluationSuite.builder("holdout", germanCredit("x").datasetConfig().trainingData())
        .positiveClass("bad").protectedAttributes("age").build();
  }

  @Test
  void dataQualityOfGermanCreditMatchesAHandCountAndAFailingGateStopsTheRunWithItsNumbers() throws Exception {
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.DATA_INGESTION,
            gate("data.completeness", GateOperator.GTE, 0.99, GateAction.FAIL),
            gate("data.duplicate_rate", GateOperator.GT, 0.0, GateAction.WARN),
            gate("data.label_balance", GateOperator.GTE, 0.5, GateAction.FAIL)))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING))
        .build());
    PipelineRun run = dana.await(dana.run(p.id()).id(), WAIT);

    assertEquals(RunState.FAILED, run.state());
    StageRun ingest = run.stages().get(0);
    // German Credit: 1,000 rows, no missing cell, no repeated row over these 4 columns... checked below,
    // and 700 good / 300 bad, so the rarest class over the commonest is 300/700
    assertEquals(1000.0, ingest.metrics().get("data.rows"));
    assertEquals(1.0, ingest.metrics().get("data.completeness"));
    assertEquals(300.0 / 700.0, ingest.metrics().get("data.label_balance"), 1e-12);
    assertEquals(1.0, ingest.metrics().get("data.schema_conformance"));
    assertEquals(0.0, ingest.metrics().get("pii.findings"));
    assertEquals("Quality gate 'data.label_balance gte 0.5' of stage 'data_ingestion': data.label_balance was "
        + "0.4286 but it must be >= 0.5 (gte); action fail", run.reason());
    assertEquals(StageState.FAILED, ingest.state());
    assertEquals(StageState.PENDING, run.stages().get(1).state());
    assertEquals(0, h.kit.service(DANA).jobs().list(null, 0, 10).size(), "no training job after a failed gate");
    List<AuditRecord> audit = h.kit.service(ADA).audit().query("pipeline_run", run.id(), null, null, null, 50);
    assertTrue(audit.stream().anyMatch(a -> a.draft().action().equals("pipeline.gate_failed")
        && a.draft().reason().contains("0.4286")), audit.toString());
  }

  @Test
  void aWarningGateIsRecordedOnTheRunAndInTheAuditTrailAndTheRunGoesOn() throws Exception {
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.DATA_INGESTION,
            gate("data.label_balance", GateOperator.GTE, 0.5, GateAction.WARN),
            gate("data.rows", GateOperator.GTE, 1000, GateAction.PASS)))
        .stage(PipelineStage.of(StageType.FEATURE_ENGINEERING,
            gate("features.constant", GateOperator.EQ, 0, GateAction.FAIL)))
        .build());
    PipelineRun run = dana.await(dana.run(p.id()).id(), WAIT);
    assertEquals(RunState.SUCCEEDED, run.state(), run.reason());
    assertEquals(1, run.warnings().size());
    assertTrue(run.warnings().get(0).contains("data.label_balance was 0.4286 but it must be >= 0.5"),
        run.warnings().get(0));
    assertTrue(run.stages().get(0).gates().get(1).held());
    assertEquals(3.0, run.stages().get(1).metrics().get("features.count"));
    List<AuditRecord> audit = h.kit.service(ADA).audit().query("pipeline_run", run.id(), null, null, null, 50);
    assertTrue(audit.stream().anyMatch(a -> a.draft().action().equals("pipeline.gate_warning")), audit.toString());
    assertTrue(audit.stream().anyMatch(a -> a.draft().action().equals("pipeline.run_succeeded")), audit.toString());
  }

  @Test
  void aResumedRunContinuesAtTheFailedStageWithoutRedoingFinishedOnes() throws Exception {
    when(h.evaluations.evaluate(anyString(), anyString(), any()))
        .thenThrow(new IllegalStateException("evaluation store briefly unavailable"))
        .thenReturn(report(Map.of("accuracy", 0.7, "fairness.max_demographic_parity_difference", 0.04)));
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.DATA_INGESTION))
        .stage(PipelineStage.of(StageType.DATA_PREPROCESSING))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING, gate("accuracy", GateOperator.GTE, 0.6, GateAction.FAIL)))
        .stage(new PipelineStage(null, StageType.MODEL_TESTING, new StageConfiguration(null, suite(), null, null, null,
            null, null), 0, null, List.of(gate("fairness.max_demographic_parity_difference", GateOperator.LTE, 0.1,
            GateAction.FAIL))))
        .build());
    PipelineRun failed = dana.await(dana.run(p.id()).id(), WAIT);
    assertEquals(RunState.FAILED, failed.state());
    assertTrue(failed.reason().startsWith("Stage 'model_testing' failed after 1 attempt: IllegalStateException: "
        + "evaluation store briefly unavailable"), failed.reason());
    int reads = StumpEngine.READS.get();
    assertEquals(2, reads, "ingestion and preprocessing each read the data once");
    assertEquals(1, StumpEngine.TRAINS.get());
    assertThrows(InvalidStateException.class, () -> dana.cancel(failed.id(), "too late"));

    PipelineRun resumed = dana.await(dana.resume(failed.id()).id(), WAIT);
    assertEquals(RunState.SUCCEEDED, resumed.state(), resumed.reason());
    assertEquals(1, resumed.resumes());
    assertEquals(reads, StumpEngine.READS.get(), "no data stage ran again");
    assertEquals(1, StumpEngine.TRAINS.get(), "training did not run again");
    assertEquals(1, h.kit.service(DANA).jobs().list(null, 0, 10).size());
    verify(h.evaluations, times(2)).evaluate(anyString(), anyString(), any());
    assertEquals(0.04, resumed.stages().get(3).metrics().get("fairness.max_demographic_parity_difference"));
    assertEquals("report-1", resumed.stages().get(3).outputs().get("reportId"));
    assertEquals(failed.stages().get(2), resumed.stages().get(2), "the training stage's record is untouched");
    assertThrows(InvalidStateException.class, () -> dana.resume(resumed.id()));
  }

  @Test
  void failedAttemptsAreRetriedAndATimedOutAttemptFailsTheStage() throws Exception {
    StumpEngine.FAIL_NEXT_TRAINS.set(1);
    when(h.evaluations.evaluate(anyString(), anyString(), any())).thenAnswer(inv -> {
      Thread.sleep(5_000);
      return report(Map.of());
    });
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(new PipelineStage(null, StageType.MODEL_TRAINING, null, 1, null, List.of()))
        .stage(new PipelineStage(null, StageType.MODEL_TESTING, new StageConfiguration(null, suite(), null, null, null,
            null, null), 0, Duration.ofMillis(300), List.of()))
        .build());
    PipelineRun run = dana.await(dana.run(p.id()).id(), WAIT);
    StageRun training = run.stages().get(0);
    assertEquals(StageState.SUCCEEDED, training.state());
    assertEquals(2, training.attempts());
    assertEquals(2, StumpEngine.TRAINS.get());
    List<JobState> jobs = h.kit.service(DANA).jobs().list(null, 0, 10).stream().map(j -> j.state()).toList();
    assertTrue(jobs.containsAll(List.of(JobState.FAILED, JobState.SUCCEEDED)), jobs.toString());
    assertEquals(RunState.FAILED, run.state());
    assertEquals("Stage 'model_testing' failed after 1 attempt: attempt timed out after PT0.3S", run.reason());
  }

  @Test
  void validationReportsTheVersionsMetricsAndTheExpectedCostOfItsDecisions() throws Exception {
    Pipelines dana = h.as(DANA);
    CostMatrix costs = new CostMatrix(Map.of("bad", Map.of("good", 5.0), "good", Map.of("bad", 1.0)), true);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING))
        .stage(new PipelineStage(null, StageType.MODEL_VALIDATION, new StageConfiguration(null, null, costs, null,
            null, null, null), 0, null, List.of(gate("business.expected_cost", GateOperator.LTE, 0.5, GateAction.FAIL))))
        .build());
    PipelineRun run = dana.await(dana.run(p.id()).id(), WAIT);
    StageRun validation = run.stages().get(1);
    StumpEngine.Stump stump = StumpEngine.Stump.fit(StumpEngine.TRAINED_ON.get(0), "duration", "class");
    double total = 0;
    for (Map<String, Object> r : StumpEngine.TRAINED_ON.get(0).rows()) {
      String truth = (String) r.get("class");
      String predicted = stump.predict(r);
      total += truth.equals("bad") && predicted.equals("good") ? 5 : truth.equals("good") && predicted.equals("bad")
          ? 1 : 0;
    }
    assertEquals(total / 1000, validation.metrics().get("business.expected_cost"), 1e-12);
    assertEquals(1000.0, validation.metrics().get("business.scored_rows"));
    assertTrue(validation.metrics().containsKey("accuracy"));
    boolean held = total / 1000 <= 0.5;
    assertEquals(held ? RunState.SUCCEEDED : RunState.FAILED, run.state(), run.reason());
    if (!held) {
      assertTrue(run.reason().contains("business.expected_cost was"), run.reason());
    }
  }

  @Test
  void cancellingARunningRunStopsItBeforeTheNextStageAndItResumesLater() throws Exception {
    when(h.evaluations.evaluate(anyString(), anyString(), any())).thenAnswer(inv -> {
      Thread.sleep(1_500);
      return report(Map.of("accuracy", 0.7));
    });
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING))
        .stage(new PipelineStage(null, StageType.MODEL_TESTING, new StageConfiguration(null, suite(), null, null, null,
            null, null), 0, null, List.of()))
        .build());
    PipelineRun started = dana.run(p.id());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (dana.getRun(started.id()).stages().get(1).state() != StageState.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    dana.cancel(started.id(), "wrong data");
    PipelineRun cancelled = dana.await(started.id(), WAIT);
    assertEquals(RunState.CANCELLED, cancelled.state());
    assertEquals("Cancelled by dana: wrong data", cancelled.reason());
    assertEquals(StageState.SUCCEEDED, cancelled.stages().get(0).state());
    assertEquals(StageState.CANCELLED, cancelled.stages().get(1).state());
    PipelineRun resumed = dana.await(dana.resume(cancelled.id()).id(), WAIT);
    assertEquals(RunState.SUCCEEDED, resumed.state(), resumed.reason());
    assertEquals(1, StumpEngine.TRAINS.get());
    assertNull(resumed.reason());
    assertEquals(TriggerType.MANUAL, resumed.trigger());
  }

  @Test
  void deploymentAndMonitoringStagesActAsTheRunsUserAndNeedTheirPermissions() throws Exception {
    h.deployment = new ModelDeployment("dep-1", ORG, "credit-risk", "1", null, PipelineWiringTest.target(), null,
        DeploymentStatus.LIVE, 0, Map.of("1", 100.0), null, null, Instant.now(), Instant.now());
    Pipelines ada = h.as(ADA);
    ModelTrainingPipeline p = ada.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING))
        .stage(new PipelineStage(null, StageType.MODEL_DEPLOYMENT, new StageConfiguration(null, null, null, null,
            PipelineWiringTest.target(), null, null), 0, null, List.of()))
        .stage(new PipelineStage(null, StageType.MONITORING_SETUP, new StageConfiguration(null, null, null, null, null,
            null, List.of(AlertRule.of("drift", "drift_share > 0.3", "retrain"))), 0, null, List.of()))
        .build());
    PipelineRun run = ada.await(ada.run(p.id()).id(), WAIT);
    assertEquals(RunState.SUCCEEDED, run.state(), run.reason());
    assertEquals("dep-1", run.stages().get(1).outputs().get("deploymentId"));
    String modelId = run.stages().get(0).outputs().get("modelId");
    String version = run.stages().get(0).outputs().get("version");
    assertEquals(1000.0, run.stages().get(2).metrics().get("monitoring.reference_rows"));
    assertTrue(h.kit.service(ADA).monitoring().reference(modelId, version).isPresent());
    assertEquals(List.of("drift"), h.kit.service(ADA).monitoring().alertRules(modelId).stream().map(AlertRule::name)
        .toList());
    assertThrows(dev.modelkit.AccessDeniedException.class, () -> h.as(DANA).create(ModelTrainingPipeline.builder(
        "credit", germanCredit("Credit Risk")).stage(PipelineStage.of(StageType.MODEL_TRAINING))
        .stage(new PipelineStage(null, StageType.MONITORING_SETUP, null, 0, null, List.of())).build()),
        "a data scientist lacks monitor");
  }

  @Test
  void aPipelineChangesOrIsDeletedOnlyWhenIdleAndOlderRunsDoNotResumeIntoANewDefinition() throws Exception {
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING)).build());
    StumpEngine.FAIL_NEXT_TRAINS.set(1);
    PipelineRun failed = dana.await(dana.run(p.id()).id(), WAIT);
    assertEquals(RunState.FAILED, failed.state());

    StumpEngine.TRAIN_MILLIS.set(20_000);
    PipelineRun running = dana.run(p.id());
    ModelTrainingPipeline v2 = ModelTrainingPipeline.builder("credit v2", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.DATA_INGESTION)).stage(PipelineStage.of(StageType.MODEL_TRAINING)).build();
    InvalidStateException busy = assertThrows(InvalidStateException.class, () -> dana.update(p.id(), v2));
    assertTrue(busy.getMessage().contains(running.id()) && busy.getMessage().contains("pipelines().cancel"),
        busy.getMessage());
    assertThrows(InvalidStateException.class, () -> dana.delete(p.id()));
    dana.cancel(running.id(), "make way for the new definition");
    dana.await(running.id(), WAIT);
    StumpEngine.TRAIN_MILLIS.set(0);

    ModelTrainingPipeline changed = dana.update(p.id(), v2);
    assertEquals(p.id(), changed.id());
    assertEquals("credit v2", changed.name());
    assertEquals(p.createdBy(), changed.createdBy());
    assertEquals(p.createdAt(), changed.createdAt());
    assertEquals(changed, dana.get(p.id()));
    InvalidStateException stale = assertThrows(InvalidStateException.class, () -> dana.resume(failed.id()));
    assertTrue(stale.getMessage().contains("was changed") && stale.getMessage().contains("'dana'"),
        stale.getMessage());
    PipelineRun fresh = dana.await(dana.run(p.id()).id(), WAIT);
    assertEquals(RunState.SUCCEEDED, fresh.state());
    assertEquals(2, fresh.stages().size(), "the new definition runs");

    dana.delete(p.id());
    assertThrows(NotFoundException.class, () -> dana.get(p.id()));
    assertThrows(NotFoundException.class, () -> dana.run(p.id()));
    assertThrows(NotFoundException.class, () -> dana.update(p.id(), v2));
    assertTrue(dana.list(0, 100).stream().noneMatch(x -> x.id().equals(p.id())));
    assertEquals(fresh, dana.getRun(fresh.id()), "runs stay for the audit trail");
    InvalidStateException gone = assertThrows(InvalidStateException.class, () -> dana.resume(running.id()));
    assertTrue(gone.getMessage().contains("was deleted"), gone.getMessage());
    List<String> actions = h.kit.service(ADA).audit().query("pipeline", p.id(), null, null, null, 1000).stream()
        .map(a -> a.draft().action()).toList();
    assertTrue(actions.containsAll(List.of("pipeline.created", "pipeline.updated", "pipeline.deleted")),
        actions.toString());
  }

  @Test
  void cancellingARunWhileItTrainsCancelsTheTrainingJob() throws Exception {
    StumpEngine.TRAIN_MILLIS.set(20_000);
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING)).build());
    PipelineRun started = dana.run(p.id());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (h.kit.service(DANA).jobs().list(JobState.RUNNING, 0, 1).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    dana.cancel(started.id(), "stop");
    PipelineRun cancelled = dana.await(started.id(), WAIT);
    assertEquals(RunState.CANCELLED, cancelled.state());
    // the run ends once the cancel is requested; the job ends when its engine next checks the flag
    var all = h.kit.service(DANA).jobs().list(null, 0, 10);
    assertEquals(1, all.size(), all.toString());
    assertEquals(JobState.CANCELLED, h.kit.service(DANA).jobs().await(all.get(0).id(), WAIT).state());
  }

  @Test
  void aRunLeftRunningByADeadProcessIsMarkedInterruptedAndResumable() throws Exception {
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", germanCredit("Credit Risk"))
        .stage(PipelineStage.of(StageType.DATA_INGESTION)).stage(PipelineStage.of(StageType.FEATURE_ENGINEERING))
        .build());
    PipelineRun done = dana.await(dana.run(p.id()).id(), WAIT);
    // what a process killed during the second stage leaves in the store
    var store = new dev.modelkit.core.pipeline.internal.PipelineStore(
        dev.modelkit.core.PipelineTestAccess.services(h.kit).metadata(),
        dev.modelkit.core.PipelineTestAccess.services(h.kit).json());
    store.updateRun(ORG, done.id(), r -> RunLoop.withStage(RunLoop.withState(r, RunState.RUNNING, null, null), 1,
        new StageRun("feature_engineering", StageType.FEATURE_ENGINEERING, StageState.RUNNING, 1, Instant.now(), null,
            Map.of(), List.of(), Map.of(), "attempt 1")), (b, a) -> null);
    int reads = StumpEngine.READS.get();
    try (PipelineManager restarted = new PipelineManager(h.manager.env())) {
      PipelineRun interrupted = dana.getRun(done.id());
      assertEquals(RunState.FAILED, interrupted.state());
      assertTrue(interrupted.reason().startsWith("Interrupted: ModelKit stopped while the run was running"),
          interrupted.reason());
      assertEquals(StageState.FAILED, interrupted.stages().get(1).state());
      PipelineRun resumed = dana.await(dana.resume(done.id()).id(), WAIT);
      assertEquals(RunState.SUCCEEDED, resumed.state(), resumed.reason());
      assertEquals(reads + 1, StumpEngine.READS.get(), "only feature engineering read the data again");
    }
  }
}
