package dev.modelkit.experiments;

import static dev.modelkit.experiments.Fixtures.ALICE;
import static dev.modelkit.experiments.Fixtures.BOB;
import static dev.modelkit.experiments.Fixtures.CARL;
import static dev.modelkit.experiments.Fixtures.EVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.Experiments;
import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.AssignmentReason;
import dev.modelkit.experiment.Decision;
import dev.modelkit.experiment.ExperimentRouter;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiments.internal.ExperimentRegistry;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating, running and ending experiments through the bound view, on the real stores. */
class ExperimentLifecycleTest {
  @TempDir
  Path home;
  TestRuntime runtime;
  Experiments alice;

  @BeforeEach
  void open() {
    runtime = new TestRuntime(home);
    alice = runtime.as(ALICE);
  }

  @AfterEach
  void close() {
    runtime.close();
  }

  @Nested
  class Creation {
    @Test
    void theSeedsExampleCreatesADraftWithItsBaselineAsControl() {
      ABTestExperiment e = alice.create("Risk Model Enhancement Test",
          "Enhanced model will improve accuracy by 10% while maintaining user satisfaction", Fixtures.seedVariants(),
          Fixtures.seedMetrics());
      assertEquals(ExperimentStatus.DRAFT, e.status());
      assertEquals("baseline", e.controlVariant().id());
      assertEquals("acme-bank", e.organizationId());
      assertEquals(e.id(), e.trafficAllocation().salt());
      assertEquals(e, alice.get(e.id()));
      assertEquals(List.of(e), alice.list());
      AuditRecord created = audit(e.id()).get(0);
      assertEquals("experiment.created", created.draft().action());
      assertEquals("alice", created.draft().principal());
    }

    @Test
    void anotherOrganisationsExperimentIsNotFound() {
      ABTestExperiment e = alice.create("t", "h", Fixtures.seedVariants(), Fixtures.seedMetrics());
      Experiments eve = runtime.as(EVE);
      NotFoundException ex = assertThrows(NotFoundException.class, () -> eve.get(e.id()));
      assertTrue(ex.getMessage().contains("other-bank"), ex.getMessage());
      assertThrows(NotFoundException.class, () -> eve.start(e.id()));
      assertThrows(NotFoundException.class, () -> eve.router().variantFor(e.id(), "u1", Map.of()));
      assertTrue(eve.list().isEmpty());
    }

    @Test
    void invalidDefinitionsAndReallocationsAreRefusedAndNothingIsStored() {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> alice.create("t", "h",
          List.of(Fixtures.variant("control", 60, true), Fixtures.variant("b", 60, false)), Fixtures.seedMetrics()));
      assertTrue(e.getMessage().contains("60 + 60 = 120"), e.getMessage());
      assertTrue(alice.list().isEmpty());
      String id = alice.create(Fixtures.conversionTest(0.1)).id();
      ConfigurationException bad = assertThrows(ConfigurationException.class,
          () -> alice.reallocate(id, Map.of("control", 70.0, "ghost", 30.0), "typo"));
      assertTrue(bad.getMessage().contains("allocations.treatment was missing but it must be given"), bad.getMessage());
      assertTrue(bad.getMessage().contains("allocations.ghost was 'ghost' but it must name a variant"), bad.getMessage());
      assertEquals(1, alice.get(id).allocationHistory().size());
    }

    @Test
    void readersMayReadButNotChange() {
      ABTestExperiment e = alice.create("t", "h", Fixtures.seedVariants(), Fixtures.seedMetrics());
      Experiments bob = runtime.as(BOB);
      assertEquals(e, bob.get(e.id()));
      AccessDeniedException denied = assertThrows(AccessDeniedException.class, () -> bob.start(e.id()));
      assertTrue(denied.getMessage().contains("experiment"), denied.getMessage());
      assertThrows(AccessDeniedException.class, () -> bob.assign(e.id(), "u", Map.of()));
      assertThrows(AccessDeniedException.class, bob::router);
      // An ML engineer serving an A/B deployment may route traffic but not change the experiment.
      Experiments carl = runtime.as(CARL);
      assertNotNull(carl.router());
      assertThrows(AccessDeniedException.class, () -> carl.rollback(e.id(), "no"));
    }
  }

  @Nested
  class States {
    @Test
    void fullLifeCycleIsAuditedStepByStep() {
      ABTestExperiment e = alice.create(Fixtures.conversionTest(0.1));
      String id = e.id();
      assertEquals(AssignmentReason.NOT_RUNNING, alice.assign(id, "u1", Map.of()).reason());
      ABTestExperiment running = alice.start(id);
      assertEquals(ExperimentStatus.RUNNING, running.status());
      assertEquals(TestRuntime.START, running.startedAt());
      assertTrue(alice.assign(id, "u1", Map.of()).inExperiment());
      assertEquals(ExperimentStatus.PAUSED, alice.pause(id, "investigating latency").status());
      assertEquals("control", alice.assign(id, "u1", Map.of()).variantId());
      assertEquals(ExperimentStatus.RUNNING, alice.start(id).status());
      assertEquals(ExperimentStatus.STOPPED, alice.stop(id, "enough data").status());
      ABTestExperiment concluded = alice.conclude(id, Decision.NO_DECISION, null, "no difference worth shipping");
      assertEquals(ExperimentStatus.CONCLUDED, concluded.status());
      assertNotNull(concluded.conclusion().analysis());
      assertEquals(List.of("experiment.created", "experiment.started", "experiment.paused", "experiment.resumed",
          "experiment.stopped", "experiment.concluded"), audit(id).stream().map(r -> r.draft().action()).toList());
      AuditRecord conclusion = audit(id).get(5);
      assertEquals("no difference worth shipping", conclusion.draft().reason());
      assertTrue(conclusion.draft().after().contains("\"decision\": \"no_decision\""), conclusion.draft().after());
      assertThrows(InvalidStateException.class, () -> alice.rollback(id, "too late"));
      assertThrows(InvalidStateException.class, () -> alice.record(id, List.of(MetricEvent.conversion("conversion", "u1", true))));
    }

    @Test
    void rollbackSendsEveryoneToTheControlAtOnceAndIsAudited() {
      String id = alice.create(Fixtures.conversionTest(0.1)).id();
      alice.start(id);
      ExperimentRouter router = alice.router();
      long treated = java.util.stream.IntStream.range(0, 1000)
          .filter(i -> router.variantFor(id, "user-" + i, Map.of()).equals("treatment")).count();
      assertTrue(treated > 400, "treated " + treated);
      ABTestExperiment rolledBack = alice.rollback(id, "complaints from the call centre");
      assertEquals(ExperimentStatus.ROLLED_BACK, rolledBack.status());
      for (int i = 0; i < 1000; i++) {
        assertEquals("control", router.variantFor(id, "user-" + i, Map.of()));
      }
      assertEquals(AssignmentReason.ROLLED_BACK, alice.assign(id, "user-1", Map.of()).reason());
      AuditRecord last = audit(id).get(audit(id).size() - 1);
      assertEquals("experiment.rolled_back", last.draft().action());
      assertEquals("complaints from the call centre", last.draft().reason());
      assertTrue(last.draft().before().contains("\"status\": \"running\""));
      assertTrue(last.draft().after().contains("\"status\": \"rolled_back\""));
    }

    @Test
    void concludingWithAWinnerRoutesAllTrafficToIt() {
      String id = alice.create(Fixtures.conversionTest(0.1)).id();
      alice.start(id);
      for (int i = 0; i < 200; i++) {
        alice.assign(id, "user-" + i, Map.of());
      }
      ABTestExperiment done = alice.conclude(id, Decision.WINNER, "treatment", "ship it");
      assertEquals("treatment", done.conclusion().winnerVariantId());
      assertEquals(200, done.conclusion().analysis().totalUnits());
      for (int i = 0; i < 300; i++) {
        assertEquals("treatment", alice.router().variantFor(id, "user-" + i, Map.of()));
      }
    }

    @Test
    void wrongTransitionsSayWhatIsAllowed() {
      String id = alice.create(Fixtures.conversionTest(0.1)).id();
      InvalidStateException e = assertThrows(InvalidStateException.class, () -> alice.pause(id, "x"));
      assertTrue(e.getMessage().contains("it is draft") && e.getMessage().contains("running"), e.getMessage());
      assertThrows(InvalidStateException.class, () -> alice.rollback(id, "x"));
      alice.start(id);
      assertThrows(InvalidStateException.class, () -> alice.start(id));
      InvalidStateException noData = assertThrows(InvalidStateException.class,
          () -> alice.conclude(id, Decision.WINNER, "treatment", "gut feeling"));
      assertTrue(noData.getMessage().contains("no data"), noData.getMessage());
      ConfigurationException blank = assertThrows(ConfigurationException.class,
          () -> alice.conclude(id, Decision.WINNER, "treatment", " "));
      assertTrue(blank.getMessage().contains("reasoning"), blank.getMessage());
      assertThrows(NotFoundException.class, () -> alice.conclude(id, Decision.WINNER, "nobody", "why"));
    }

    @Test
    void aChangeWrittenBySomeoneElseIsRefusedNotOverwritten() {
      ABTestExperiment e = alice.create(Fixtures.conversionTest(0.1));
      var record = runtime.metadata.get(ExperimentRegistry.KIND, "acme-bank", e.id()).orElseThrow();
      runtime.metadata.save(ExperimentRegistry.KIND, "acme-bank", e.id(), record.status(), record.json(),
          record.version(), null);
      assertThrows(InvalidStateException.class, () -> alice.start(e.id()));
    }
  }

  private List<AuditRecord> audit(String id) {
    return runtime.metadata.queryAudit(AuditQuery.all("acme-bank").forEntity(ExperimentRegistry.KIND, id));
  }

  @Test
  void experimentsSurviveARestart() {
    ABTestExperiment e = alice.create(Fixtures.conversionTest(0.1));
    alice.start(e.id());
    runtime.restart();
    Experiments again = runtime.as(ALICE);
    assertEquals(ExperimentStatus.RUNNING, again.get(e.id()).status());
    assertFalse(again.list().isEmpty());
  }
}
