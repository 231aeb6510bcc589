package dev.modelkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.core.internal.FixtureLoader;
import dev.modelkit.core.internal.fixtures.FirstSinkProvider;
import dev.modelkit.core.internal.fixtures.RecordingKnowledgeStoreProvider;
import dev.modelkit.core.internal.fixtures.SecondSinkProvider;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ProviderKind;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime hands callers the engines the provider registry found: the training engine to job
 * orchestration, a knowledge store to {@code knowledgeBases()}, and alerts to every sink and
 * listener.
 */
class EngineWiringTest {
  @TempDir Path home;

  @BeforeEach
  void clearFixtures() {
    RecordingKnowledgeStoreProvider.CALLS.clear();
    FirstSinkProvider.RECEIVED.clear();
    SecondSinkProvider.RECEIVED.clear();
  }

  private ModelKit.Builder builder() {
    return ModelKit.builder().home(home).clock(SteppingClock.startingAt("2025-07-01T00:00:00Z"))
        .resourcePool(2, 4L << 30, 0).workers(1).dataRoot(TestModels.dataRoot());
  }

  @Test
  void startingAJobWithoutATrainingEngineNamesTheArtifactAndTheJobStaysQueued() {
    try (ModelKit kit = builder().build()) {
      CustomModelTrainingService dana = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
      TrainingJob job = dana.createTrainingJob(TestModels.config("acme", "Credit Risk"));
      ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, () -> dana.startTraining(job.id()));
      assertEquals("No TrainingEngine is available. Add dev.modelkit:modelkit-training-djl to the classpath.",
          e.getMessage());
      assertEquals(JobState.QUEUED, dana.jobs().get(job.id()).state());
    }
  }

  @Test
  void theDefaultTrainingEngineRunsJobsAndAnotherCanBeChosenBySetting() throws Exception {
    try (ModelKit kit = builder().classLoader(FixtureLoader.adding("ranked")).build()) {
      assertEquals(List.of("beta", "alpha"), kit.providers(ProviderKind.TRAINING_ENGINE));
      TrainingJob done = runOneJob(kit);
      assertEquals(JobState.FAILED, done.state());
      assertTrue(done.reason().contains("registry fixture beta does not train"), done.reason());
    }
    try (ModelKit kit = builder().classLoader(FixtureLoader.adding("ranked"))
        .setting("modelkit.training.engine", "alpha").build()) {
      TrainingJob done = runOneJob(kit);
      assertTrue(done.reason().contains("registry fixture alpha does not train"), done.reason());
    }
  }

  private static TrainingJob runOneJob(ModelKit kit) throws InterruptedException {
    CustomModelTrainingService dana = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
    TrainingJob job = dana.createTrainingJob(TestModels.config("acme", "Credit Risk"));
    dana.startTraining(job.id());
    return dana.jobs().await(job.id(), Duration.ofSeconds(30));
  }

  @Test
  void alertsReachListenersAndEverySink() throws Exception {
    try (ModelKit kit = builder().classLoader(FixtureLoader.adding("ranked")).build()) {
      List<Alert> heard = new CopyOnWriteArrayList<>();
      CountDownLatch one = new CountDownLatch(1);
      AutoCloseable subscription = kit.onAlert(a -> {
        heard.add(a);
        one.countDown();
      });
      kit.onAlert(a -> {
        throw new IllegalStateException("a broken listener must not stop the others");
      });
      kit.service(Principal.of("ada", "acme", Roles.ADMINISTRATOR)).resources().setBudget(0);
      runOneJob(kit);
      assertTrue(one.await(30, TimeUnit.SECONDS), "no alert within 30 s");
      Alert budget = heard.get(0);
      assertEquals("acme", budget.organizationId());
      assertNotNull(budget.message());
      subscription.close();
    }
    // close() delivered everything pending before returning
    assertEquals(1, FirstSinkProvider.RECEIVED.size());
    assertEquals(FirstSinkProvider.RECEIVED, SecondSinkProvider.RECEIVED);
  }

  @Test
  void knowledgeBasesDelegateToTheStoreAsTheCallerAndOnlyAfterAuthorisation() {
    try (ModelKit kit = builder().classLoader(FixtureLoader.adding("knowledge")).build()) {
      CustomModelTrainingService dana = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
      assertEquals(List.of(), dana.knowledgeBases().list());
      assertEquals(List.of(), dana.knowledgeBases().search("kb-1", dev.modelkit.knowledge.SearchRequest.of("ratio", 2)));
      assertEquals(List.of("dana@acme list", "dana@acme search"), RecordingKnowledgeStoreProvider.CALLS);

      CustomModelTrainingService bob = kit.service(Principal.of("bob", "acme", Roles.BUSINESS_USER));
      assertThrows(AccessDeniedException.class, () -> bob.knowledgeBases().deleteDocument("kb-1", "doc-1"));
      assertThrows(AccessDeniedException.class, () -> dana.createKnowledgeBase("globex", "kb", List.of()));
      assertEquals(2, RecordingKnowledgeStoreProvider.CALLS.size(), "refused calls must not reach the store");
    }
  }
}
