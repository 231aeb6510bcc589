package dev.modelkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.InvalidStateException;
import dev.modelkit.ModelRegistry;
import dev.modelkit.NotFoundException;
import dev.modelkit.core.governance.StoredModelRegistry;
import dev.modelkit.deploy.Environment;
import dev.modelkit.governance.Approval;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.training.DeploymentConfiguration;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLifecycleTest {
  private static final String ORG = "acme";

  @TempDir Path home;
  private ModelKit kit;
  private ModelRegistry asEngineer;
  private ModelRegistry asAdmin;

  @BeforeEach
  void open() {
    RolePolicy policy = RolePolicy.defaults()
        .with("risk_officer", Set.of(Permission.READ, Permission.APPROVE));
    kit = ModelKit.builder().home(home).clock(SteppingClock.startingAt("2025-03-01T09:00:00Z")).rolePolicy(policy)
        .dataRoot(TestModels.dataRoot()).build();
    asEngineer = kit.service(Principal.of("erin", ORG, Roles.ML_ENGINEER)).models();
    asAdmin = kit.service(Principal.of("ada", ORG, Roles.ADMINISTRATOR)).models();
  }

  @AfterEach
  void close() {
    kit.close();
  }

  private ModelRegistry as(String user, String... roles) {
    return kit.service(Principal.of(user, ORG, roles)).models();
  }

  @Test
  void draftMovesThroughStagingAndProductionToArchivedAndArchivedIsFinal() {
    TestModels.register(kit, ORG, "credit-risk", "1");
    assertEquals(LifecycleStage.STAGING, asEngineer.transition("credit-risk", "1", LifecycleStage.STAGING, "review").stage());
    assertEquals(LifecycleStage.PRODUCTION, asEngineer.transition("credit-risk", "1", LifecycleStage.PRODUCTION, "go live").stage());
    assertEquals(LifecycleStage.STAGING, asEngineer.transition("credit-risk", "1", LifecycleStage.STAGING, "step back").stage());
    asEngineer.transition("credit-risk", "1", LifecycleStage.PRODUCTION, "live again");
    ModelVersion archived = asEngineer.transition("credit-risk", "1", LifecycleStage.ARCHIVED, "superseded");
    assertEquals(LifecycleStage.ARCHIVED, archived.stage());
    assertEquals("superseded", archived.note());

    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> asEngineer.transition("credit-risk", "1", LifecycleStage.STAGING, "revive"));
    assertEquals("Model 'credit-risk' version '1' is archived, which is final. Register or train a new version.",
        e.getMessage());
  }

  @Test
  void draftCannotSkipStaging() {
    TestModels.register(kit, ORG, "credit-risk", "1");
    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> asEngineer.transition("credit-risk", "1", LifecycleStage.PRODUCTION, "hurry"));
    assertEquals("Model 'credit-risk' version '1' cannot move from draft to production. From draft it may move to "
        + "staging or archived or rejected.", e.getMessage());
  }

  @Test
  void rejectedNeverMoves() {
    TestModels.register(kit, ORG, "credit-risk", "2", LifecycleStage.REJECTED, Map.of());
    for (LifecycleStage to : List.of(LifecycleStage.DRAFT, LifecycleStage.STAGING, LifecycleStage.PRODUCTION,
        LifecycleStage.ARCHIVED)) {
      InvalidStateException e = assertThrows(InvalidStateException.class,
          () -> asAdmin.transition("credit-risk", "2", to, "try"));
      assertEquals("Model 'credit-risk' version '2' was rejected and can never change stage (accuracy 0.61 below "
          + "minAccuracy 0.75). Train a new version.", e.getMessage());
    }
    assertThrows(InvalidStateException.class,
        () -> asAdmin.approve("credit-risk", "2", LifecycleStage.STAGING, "looks fine"));
  }

  @Test
  void requiredApprovalsPerRoleGateStagingAndProductionSeparately() {
    TestModels.register(kit, ORG, "fraud", "1", LifecycleStage.DRAFT, Map.of("risk_officer", 2, "administrator", 1));

    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> asEngineer.transition("fraud", "1", LifecycleStage.STAGING, "review"));
    assertEquals("Model 'fraud' version '1' cannot move to staging: it needs 1 more approval by role "
        + "'administrator' (has 0 of 1); 2 more approvals by role 'risk_officer' (has 0 of 2) for staging. "
        + "Approve it with models().approve(\"fraud\", \"1\", staging, comment).", e.getMessage());

    as("rita", "risk_officer").approve("fraud", "1", LifecycleStage.STAGING, "checked features");
    asAdmin.approve("fraud", "1", LifecycleStage.STAGING, "ok");
    e = assertThrows(InvalidStateException.class,
        () -> asEngineer.transition("fraud", "1", LifecycleStage.STAGING, "review"));
    assertTrue(e.getMessage().contains("it needs 1 more approval by role 'risk_officer' (has 1 of 2) for staging"),
        e.getMessage());

    ModelVersion approved = as("rob", "risk_officer").approve("fraud", "1", LifecycleStage.STAGING, "agree");
    assertEquals(3, approved.approvals().size());
    Approval last = approved.approvals().get(2);
    assertEquals("rob", last.userId());
    assertEquals(Set.of("risk_officer"), last.roles());
    assertEquals(LifecycleStage.STAGING, last.stage());
    assertEquals("agree", last.comment());

    assertEquals(LifecycleStage.STAGING, asEngineer.transition("fraud", "1", LifecycleStage.STAGING, "review").stage());
    // staging approvals do not count for production
    e = assertThrows(InvalidStateException.class,
        () -> asEngineer.transition("fraud", "1", LifecycleStage.PRODUCTION, "go live"));
    assertTrue(e.getMessage().startsWith("Model 'fraud' version '1' cannot move to production: it needs 1 more "
        + "approval by role 'administrator' (has 0 of 1); 2 more approvals by role 'risk_officer' (has 0 of 2)"),
        e.getMessage());
  }

  @Test
  void approvalRequiredWithoutRolesNeedsOneApprovalByAnyApprover() {
    TrainingConfiguration config = TestModels.config(ORG, "Fraud").toBuilder()
        .deploymentConfig(new DeploymentConfiguration(false, List.of(), true, true, Map.of())).build();
    TrainingJob job = kit.service(Principal.of("dora", ORG, Roles.DATA_SCIENTIST)).createTrainingJob(config);
    TestModels.register(kit, ORG, "fraud", "1", LifecycleStage.DRAFT, Map.of(), job.id());
    TestModels.register(kit, ORG, "fraud", "2", LifecycleStage.DRAFT, Map.of(), "job-without-approval");

    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> asEngineer.transition("fraud", "1", LifecycleStage.STAGING, "review"));
    assertEquals("Model 'fraud' version '1' cannot move to staging: it needs 1 more approval by a holder of the "
        + "'approve' permission (has 0 of 1) for staging. Approve it with models().approve(\"fraud\", \"1\", "
        + "staging, comment).", e.getMessage());
    as("rita", "risk_officer").approve("fraud", "1", LifecycleStage.STAGING, "ok");
    assertEquals(LifecycleStage.STAGING, asEngineer.transition("fraud", "1", LifecycleStage.STAGING, "review").stage());
    // a version whose job did not ask for approval moves freely
    assertEquals(LifecycleStage.STAGING, asEngineer.transition("fraud", "2", LifecycleStage.STAGING, "review").stage());
  }

  @Test
  void aUserApprovesOnceAndApprovalNeedsThePermission() {
    TestModels.register(kit, ORG, "fraud", "1", LifecycleStage.DRAFT, Map.of("risk_officer", 2));
    ModelRegistry rita = as("rita", "risk_officer");
    rita.approve("fraud", "1", LifecycleStage.STAGING, "ok");
    InvalidStateException twice = assertThrows(InvalidStateException.class,
        () -> rita.approve("fraud", "1", LifecycleStage.STAGING, "ok again"));
    assertTrue(twice.getMessage().startsWith("User 'rita' already approved Model 'fraud' version '1' for staging at "),
        twice.getMessage());

    AccessDeniedException denied = assertThrows(AccessDeniedException.class,
        () -> as("dora", Roles.DATA_SCIENTIST).approve("fraud", "1", LifecycleStage.STAGING, "mine"));
    assertEquals("User 'dora' (roles [data_scientist]) lacks permission 'approve' for models().approve in "
        + "organisation 'acme'. Roles that grant it: [administrator, risk_officer].", denied.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> rita.approve("fraud", "1", LifecycleStage.ARCHIVED, "?"));
  }

  @Test
  void deployabilityFollowsStageAndApprovals() {
    TestModels.register(kit, ORG, "churn", "1");
    assertEquals("1", asEngineer.requireDeployable("churn", "1", Environment.DEVELOPMENT).version());
    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> asEngineer.requireDeployable("churn", "1", Environment.STAGING));
    assertEquals("Model 'churn' version '1' is in stage draft; staging deployments need stage staging or production. "
        + "Move it with models().transition(\"churn\", \"1\", staging, reason) first.", e.getMessage());
    e = assertThrows(InvalidStateException.class,
        () -> asEngineer.requireDeployable("churn", "1", Environment.PRODUCTION));
    assertEquals("Model 'churn' version '1' is in stage draft; production deployments need stage production. "
        + "Move it with models().transition(\"churn\", \"1\", production, reason) first.", e.getMessage());

    asEngineer.transition("churn", "1", LifecycleStage.STAGING, "review");
    asEngineer.requireDeployable("churn", "1", Environment.STAGING);
    assertThrows(InvalidStateException.class, () -> asEngineer.requireDeployable("churn", "1", Environment.PRODUCTION));
    asEngineer.transition("churn", "1", LifecycleStage.PRODUCTION, "live");
    for (Environment env : Environment.values()) {
      assertEquals(LifecycleStage.PRODUCTION, asEngineer.requireDeployable("churn", "1", env).stage());
    }
    asEngineer.transition("churn", "1", LifecycleStage.ARCHIVED, "retired");
    e = assertThrows(InvalidStateException.class,
        () -> asEngineer.requireDeployable("churn", "1", Environment.DEVELOPMENT));
    assertEquals("Model 'churn' version '1' is in stage archived; development deployments need stage draft or "
        + "staging or production. It is archived and can no longer be deployed.", e.getMessage());

    TestModels.register(kit, ORG, "churn", "2", LifecycleStage.REJECTED, Map.of());
    e = assertThrows(InvalidStateException.class,
        () -> asEngineer.requireDeployable("churn", "2", Environment.DEVELOPMENT));
    assertTrue(e.getMessage().endsWith("It was rejected and can never be deployed (accuracy 0.61 below minAccuracy 0.75)."),
        e.getMessage());
  }

  @Test
  void deployabilityNeedsTheRequiredApprovalsEvenInDevelopment() {
    TestModels.register(kit, ORG, "aml", "1", LifecycleStage.DRAFT, Map.of(Roles.ADMINISTRATOR, 1));
    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> asEngineer.requireDeployable("aml", "1", Environment.DEVELOPMENT));
    assertEquals("Model 'aml' version '1' cannot be deployed to development: it needs 1 more approval by role "
        + "'administrator' (has 0 of 1) for staging. Approve it with models().approve(\"aml\", \"1\", staging, "
        + "comment).", e.getMessage());
    asAdmin.approve("aml", "1", LifecycleStage.STAGING, "fine for dev and staging");
    asEngineer.requireDeployable("aml", "1", Environment.DEVELOPMENT);
  }

  @Test
  void versionsAreImmutableOnceRegisteredAndOnlyStageAndApprovalsChange() {
    ModelVersion registered = TestModels.register(kit, ORG, "credit-risk", "1", LifecycleStage.DRAFT,
        Map.of(Roles.ADMINISTRATOR, 1));
    MetadataStore store = kit.runtimeServices().metadata();
    String id = StoredModelRegistry.entityId("credit-risk", "1");
    String tampered = kit.runtimeServices().json().toJson(new ModelVersion("credit-risk", "1", ORG, "test-engine",
        LifecycleStage.PRODUCTION, registered.artifacts(), Map.of("accuracy", 0.99), registered.lineage(), List.of(),
        Map.of(), "mallory", registered.createdAt(), null));
    assertThrows(InvalidStateException.class,
        () -> store.save(StoredModelRegistry.KIND, ORG, id, "production", tampered, 0, null));

    asAdmin.approve("credit-risk", "1", LifecycleStage.STAGING, "ok");
    ModelVersion staged = asEngineer.transition("credit-risk", "1", LifecycleStage.STAGING, "review");
    assertEquals(registered.artifacts(), staged.artifacts());
    assertEquals(registered.metrics(), staged.metrics());
    assertEquals(registered.lineage(), staged.lineage());
    assertEquals(registered.requiredApprovals(), staged.requiredApprovals());
    assertEquals(registered.createdBy(), staged.createdBy());
    assertEquals(registered.createdAt(), staged.createdAt());
    assertEquals(staged, asEngineer.get("credit-risk", "1"));
  }

  @Test
  void everyChangeIsAuditedWithBeforeAndAfter() {
    TestModels.register(kit, ORG, "credit-risk", "1");
    asAdmin.approve("credit-risk", "1", LifecycleStage.STAGING, "fine");
    asEngineer.transition("credit-risk", "1", LifecycleStage.STAGING, "ready for review");
    List<AuditRecord> trail = kit.service(Principal.of("ada", ORG, Roles.ADMINISTRATOR)).audit()
        .query(StoredModelRegistry.KIND, "credit-risk:1", null, null, null, 100);
    assertEquals(List.of("model.registered", "model.approved", "model.transitioned"),
        trail.stream().map(r -> r.draft().action()).toList());
    AuditRecord approval = trail.get(1);
    assertEquals("ada", approval.draft().principal());
    assertEquals("fine", approval.draft().reason());
    assertEquals(trail.get(0).draft().after(), approval.draft().before());
    AuditRecord move = trail.get(2);
    assertEquals("erin", move.draft().principal());
    assertEquals("ready for review", move.draft().reason());
    assertTrue(move.draft().before().contains("\"stage\": \"draft\""), move.draft().before());
    assertTrue(move.draft().after().contains("\"stage\": \"staging\""), move.draft().after());
    assertEquals("staging", kit.runtimeServices().metadata()
        .get(StoredModelRegistry.KIND, ORG, "credit-risk:1").orElseThrow().status());
  }

  @Test
  void listsVersionsOldestFirstAndModelIds() {
    TestModels.register(kit, ORG, "credit-risk", "1");
    TestModels.register(kit, ORG, "credit-risk", "2");
    TestModels.register(kit, ORG, "credit-risk-eu", "1");
    TestModels.register(kit, ORG, "aml", "1");
    assertEquals(List.of("1", "2"), asEngineer.versions("credit-risk").stream().map(ModelVersion::version).toList());
    assertEquals(List.of("aml", "credit-risk", "credit-risk-eu"), asEngineer.models());
    assertEquals(List.of(), asEngineer.versions("nope"));
    NotFoundException e = assertThrows(NotFoundException.class, () -> asEngineer.get("credit-risk", "9"));
    assertEquals("Model 'credit-risk' has no version '9' in organisation 'acme'. List its versions with "
        + "models().versions(\"credit-risk\").", e.getMessage());
  }

  @Test
  void transitionNeedsAReason() {
    TestModels.register(kit, ORG, "credit-risk", "1");
    assertThrows(IllegalArgumentException.class,
        () -> asEngineer.transition("credit-risk", "1", LifecycleStage.STAGING, " "));
  }

  @Test
  void concurrentApprovalsAreAllKept() throws Exception {
    TestModels.register(kit, ORG, "fraud", "1", LifecycleStage.DRAFT, Map.of("risk_officer", 4));
    List<Thread> threads = new java.util.ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int i = 0; i < 4; i++) {
      String user = "officer" + i;
      Thread t = new Thread(() -> {
        try {
          as(user, "risk_officer").approve("fraud", "1", LifecycleStage.STAGING, "ok");
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(4, asEngineer.get("fraud", "1").approvals().size());
    CustomModelTrainingService admin = kit.service(Principal.of("ada", ORG, Roles.ADMINISTRATOR));
    assertTrue(admin.audit().verify().valid());
  }
}
