package dev.modelkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.NotFoundException;
import dev.modelkit.deploy.Environment;
import dev.modelkit.governance.AuditVerification;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Organisation B, even as an administrator, cannot see, list, change or audit anything of
 * organisation A: it gets {@link NotFoundException} (never "forbidden", which would confirm the id
 * exists) or empty lists.
 */
class OrganisationIsolationTest {
  @TempDir Path home;
  private ModelKit kit;
  private CustomModelTrainingService acme;
  private CustomModelTrainingService globex;

  @BeforeEach
  void open() {
    kit = ModelKit.builder().home(home).clock(SteppingClock.startingAt("2025-02-10T00:00:00Z"))
        .dataRoot(TestModels.dataRoot()).build();
    acme = kit.service(Principal.of("ada", "acme", Roles.ADMINISTRATOR));
    globex = kit.service(Principal.of("gus", "globex", Roles.ADMINISTRATOR));
    TestModels.register(kit, "acme", "credit-risk", "1");
    TestModels.register(kit, "acme", "credit-risk", "2");
    acme.models().approve("credit-risk", "1", LifecycleStage.STAGING, "ok");
    acme.models().transition("credit-risk", "1", LifecycleStage.STAGING, "review");
  }

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void modelVersionsOfAnotherOrganisationAreNotFound() {
    NotFoundException e = assertThrows(NotFoundException.class, () -> globex.models().get("credit-risk", "1"));
    assertEquals("Model 'credit-risk' has no version '1' in organisation 'globex'. List its versions with "
        + "models().versions(\"credit-risk\").", e.getMessage());
    assertFalse(e.getMessage().contains("acme"));
    assertEquals(List.of(), globex.models().versions("credit-risk"));
    assertEquals(List.of(), globex.models().models());
    assertThrows(NotFoundException.class,
        () -> globex.models().approve("credit-risk", "2", LifecycleStage.STAGING, "sneaky"));
    assertThrows(NotFoundException.class,
        () -> globex.models().transition("credit-risk", "1", LifecycleStage.PRODUCTION, "sneaky"));
    assertThrows(NotFoundException.class,
        () -> globex.models().requireDeployable("credit-risk", "1", Environment.DEVELOPMENT));
    // and nothing changed on acme's side
    assertEquals(LifecycleStage.STAGING, acme.models().get("credit-risk", "1").stage());
    assertEquals(1, acme.models().get("credit-risk", "1").approvals().size());
    assertEquals(0, acme.models().get("credit-risk", "2").approvals().size());
  }

  @Test
  void sameIdsInTwoOrganisationsAreIndependent() {
    TestModels.register(kit, "globex", "credit-risk", "1");
    assertEquals(LifecycleStage.DRAFT, globex.models().get("credit-risk", "1").stage());
    assertEquals("globex", globex.models().get("credit-risk", "1").organizationId());
    assertEquals(LifecycleStage.STAGING, acme.models().get("credit-risk", "1").stage());
    globex.models().transition("credit-risk", "1", LifecycleStage.ARCHIVED, "not needed");
    assertEquals(LifecycleStage.STAGING, acme.models().get("credit-risk", "1").stage());
  }

  @Test
  void jobsOfAnotherOrganisationAreNotFound() throws Exception {
    TrainingJob job = acme.createTrainingJob(TestModels.config("acme", "Credit Risk"));
    NotFoundException e = assertThrows(NotFoundException.class, () -> globex.jobs().get(job.id()));
    assertFalse(e.getMessage().contains("acme"), e.getMessage());
    assertEquals(List.of(), globex.jobs().list(null, 0, 100));
    assertThrows(NotFoundException.class, () -> globex.jobs().cancel(job.id(), "sneaky"));
    assertThrows(NotFoundException.class, () -> globex.startTraining(job.id()));
    assertThrows(NotFoundException.class, () -> globex.jobs().await(job.id(), Duration.ofMillis(10)));
    assertThrows(NotFoundException.class, () -> globex.jobs().subscribe(job.id(), ev -> { }));
    assertThrows(NotFoundException.class, () -> globex.jobs().events(job.id()));
    assertEquals(JobState.QUEUED, acme.jobs().get(job.id()).state());
    assertEquals(Map.of(), globex.resources().costs().byJob());
  }

  @Test
  void monitoringOfAnotherOrganisationIsNotFound() {
    String id = acme.monitoring().recordPrediction(new PredictionRecord("credit-risk", "1",
        Map.of("duration", 12.0, "credit_amount", 1500.0, "age", 41.0), "good", 0.8, 2_000_000, false));
    acme.monitoring().flush();
    Period today = new Period(Instant.parse("2025-02-09T00:00:00Z"), Instant.parse("2025-02-12T00:00:00Z"));
    assertEquals("credit-risk", acme.monitorModelPerformance("credit-risk", today).modelId());
    assertThrows(NotFoundException.class, () -> globex.monitorModelPerformance("credit-risk", today));
    assertThrows(NotFoundException.class, () -> globex.monitoring().recordPrediction(new PredictionRecord(
        "credit-risk", "1", Map.of("duration", 12.0), "bad", 0.1, 1_000_000, false)));
    assertThrows(NotFoundException.class, () -> globex.monitoring().recordOutcome(id, "bad", Double.NaN));
    assertThrows(NotFoundException.class, () -> globex.monitoring().recorder("credit-risk", "1"));
  }

  @Test
  void auditTrailsAreSeparateChains() {
    assertEquals(List.of(), globex.audit().query(null, null, null, null, null, 100));
    assertEquals(List.of(), globex.audit().query("model_version", "credit-risk:1", null, null, null, 100));
    assertEquals(List.of(), globex.audit().query(null, null, "ada", null, null, 100));
    AuditVerification empty = globex.audit().verify();
    assertTrue(empty.valid());
    assertEquals(0, empty.recordsChecked());

    TestModels.register(kit, "globex", "pricing", "1");
    List<AuditRecord> own = globex.audit().query(null, null, null, null, null, 100);
    assertEquals(1, own.size());
    assertEquals(1, own.get(0).sequence());
    assertEquals("globex", own.get(0).draft().organizationId());
    assertEquals(4, acme.audit().verify().recordsChecked());
    assertEquals(1, globex.audit().verify().recordsChecked());
  }
}
