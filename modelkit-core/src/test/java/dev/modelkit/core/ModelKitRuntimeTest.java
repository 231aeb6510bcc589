package dev.modelkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.ProviderKind;
import dev.modelkit.spi.ServiceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelKitRuntimeTest {
  @TempDir Path home;

  private ModelKit open() {
    return ModelKit.builder().home(home).clock(SteppingClock.startingAt("2025-05-01T10:00:00Z")).build();
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    ModelVersion staged;
    try (ModelKit kit = open()) {
      TestModels.register(kit, "acme", "credit-risk", "1");
      staged = kit.service(Principal.of("erin", "acme", Roles.ML_ENGINEER)).models()
          .transition("credit-risk", "1", LifecycleStage.STAGING, "review");
    }
    assertTrue(Files.exists(home.resolve("metadata.db")));
    try (ModelKit kit = open()) {
      CustomModelTrainingService admin = kit.service(Principal.of("ada", "acme", Roles.ADMINISTRATOR));
      assertEquals(staged, admin.models().get("credit-risk", "1"));
      assertEquals(2, admin.audit().query(null, null, null, null, null, 10).size());
      assertTrue(admin.audit().verify().valid());
      byte[] weights = kit.runtimeServices().artifacts().read(staged.artifacts().get("model"));
      assertEquals("weights of acme/credit-risk/1", new String(weights, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void aSecondRuntimeOnTheSameHomeIsRefusedUntilTheFirstCloses() {
    ModelKit first = open();
    try {
      StoreException e = assertThrows(StoreException.class, this::open);
      assertTrue(e.getMessage().startsWith("ModelKit home " + home.toAbsolutePath().toRealPath().toString()
          + " is already in use by this process"), e.getMessage());
      assertTrue(e.getMessage().contains("Close that runtime first, or open a different home directory."),
          e.getMessage());
      // the refused runtime must not have disturbed the open one
      TestModels.register(first, "acme", "m", "1");
      assertEquals(1, first.service(Principal.of("bo", "acme", Roles.BUSINESS_USER)).models().versions("m").size());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      first.close();
    }
    try (ModelKit again = open()) {
      assertEquals(List.of("m"), again.service(Principal.of("bo", "acme", Roles.BUSINESS_USER)).models().models());
    }
  }

  @Test
  void aClosedRuntimeRefusesNewServices() {
    ModelKit kit = open();
    kit.close();
    kit.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> kit.service(Principal.of("a", "acme", Roles.ADMINISTRATOR)));
    assertTrue(e.getMessage().contains("is closed"), e.getMessage());
  }

  @Test
  void missingEnginesFailOnlyTheCallsThatNeedThemWithTheArtifactToAdd() {
    try (ModelKit kit = open()) {
      CustomModelTrainingService admin = kit.service(Principal.of("ada", "acme", Roles.ADMINISTRATOR));
      ProviderNotFoundException kb = assertThrows(ProviderNotFoundException.class,
          () -> admin.knowledgeBases().search("kb-1", SearchRequest.of("capital ratio", 3)));
      assertEquals("No KnowledgeStore is available. Add dev.modelkit:modelkit-kb-lucene to the classpath.",
          kb.getMessage());
      ProviderNotFoundException ex = assertThrows(ProviderNotFoundException.class, () -> admin.experiments().list());
      assertEquals("No ExperimentEngine is available. Add dev.modelkit:modelkit-experiments to the classpath.",
          ex.getMessage());
      ProviderNotFoundException dep = assertThrows(ProviderNotFoundException.class, () -> admin.deployments().list());
      assertEquals("No DeploymentTarget is available. Add dev.modelkit:modelkit-deploy to the classpath.",
          dep.getMessage());
      // everything else keeps working
      assertEquals(List.of(), admin.models().models());
      assertTrue(admin.audit().verify().valid());
      assertEquals(List.of("sqlite"), kit.providers(ProviderKind.METADATA_STORE));
      assertEquals(List.of(), kit.providers(ProviderKind.TRAINING_ENGINE));
    }
  }

  @Test
  void aProviderRequestedBySettingThatIsMissingFailsTheBuildAndReleasesTheHome() {
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> ModelKit.builder().home(home).setting("modelkit.metadata.store", "postgres").build());
    assertEquals("No MetadataStore named 'postgres' is available. Available: [sqlite]. Add dev.modelkit:modelkit-core "
        + "to the classpath.", e.getMessage());
    try (ModelKit kit = open()) {
      assertEquals(home.toAbsolutePath().normalize(), kit.home());
    }
  }

  @Test
  void serviceContextStampsAuditDraftsWithThePrincipalAndClock() {
    try (ModelKit kit = ModelKit.builder().home(home)
        .clock(java.time.Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), java.time.ZoneOffset.UTC)).build()) {
      CustomModelTrainingService svc = kit.service(Principal.of("dora", "acme", Roles.DATA_SCIENTIST));
      ServiceContext ctx = new dev.modelkit.core.internal.ContextProbe().contextOf(svc);
      AuditDraft d = ctx.audit("experiment.started", "experiment", "exp-1", "{}", "{\"a\":1}", "why");
      assertEquals(new AuditDraft("acme", "dora", "experiment.started", "experiment", "exp-1", "{}", "{\"a\":1}", "why",
          Instant.parse("2025-06-01T12:00:00Z")), d);
      assertEquals(svc, ctx.service());
      assertEquals(Principal.of("dora", "acme", Roles.DATA_SCIENTIST), ctx.principal());
    }
  }
}
