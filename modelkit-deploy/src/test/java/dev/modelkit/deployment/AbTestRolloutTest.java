package dev.modelkit.deployment;

import static dev.modelkit.deployment.DeploymentTestKit.eventually;
import static dev.modelkit.deployment.DeploymentTestKit.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.Deployments;
import dev.modelkit.Experiments;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.RolloutType;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.Decision;
import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.VariantExposure;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ab_test} rollouts driven by a real experiment of modelkit-experiments. */
class AbTestRolloutTest {
  @TempDir Path home;
  DeploymentTestKit t;
  CustomModelTrainingService lead;
  Deployments d;
  Experiments x;
  String v1;
  String v2;

  @BeforeEach
  void open() throws Exception {
    t = new DeploymentTestKit(home);
    // an A/B rollout both deploys and experiments, so it needs DEPLOY and EXPERIMENT
    lead = t.kit.service(Principal.of("lea", DeploymentTestKit.ORG, Roles.ML_ENGINEER, Roles.DATA_SCIENTIST));
    d = lead.deployments();
    x = lead.experiments();
    v1 = t.train("Credit Risk", "weight=1");
    v2 = t.train("Credit Risk", "weight=2");
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
  }

  @AfterEach
  void close() {
    t.close();
  }

  private Map<String, String> servedByUser(int users, int offset) {
    Map<String, String> served = new HashMap<>();
    for (int i = 0; i < users; i++) {
      String user = "user-" + (offset + i);
      served.put(user, d.predict("credit-risk", user, Map.of("x", 0.3)).version());
    }
    return served;
  }

  @Test
  void theExperimentAssignsEveryUnitRecordsOutcomesAndItsConclusionPromotes() throws Exception {
    ModelDeployment dep = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 1),
        new RolloutStrategy(RolloutType.AB_TEST, 30.0, null, null, null, null));
    assertEquals(DeploymentStatus.ROLLING_OUT, dep.status());
    String expId = dep.strategy().experimentId();
    assertNotNull(expId, "the deployment names the experiment it created");
    ABTestExperiment e = x.get(expId);
    assertEquals(ExperimentStatus.RUNNING, e.status());
    assertEquals(v1, e.controlVariant().version());
    assertEquals(Map.of(v1, 70.0, v2, 30.0), dep.traffic());

    Map<String, String> first = servedByUser(2000, 0);
    // each unit is served the version of the variant the experiment assigns it, every time
    for (int i = 0; i < 2000; i += 97) {
      String user = "user-" + i;
      String variant = x.router().variantFor(expId, user, Map.of());
      assertEquals(e.variant(variant).version(), first.get(user), user);
    }
    assertEquals(first, servedByUser(2000, 0), "units keep their version");
    long onNew = first.values().stream().filter(v2::equals).count();
    assertTrue(onNew > 500 && onNew < 700, "about 30% of 2000 units on the new version: " + onNew);
    assertEquals(v1, d.predict("credit-risk", null, Map.of("x", 0.3)).version(), "without a key, the control serves");

    // the deployment's tick records each unit's outcome with the experiment
    eventually("outcomes recorded", () -> x.analyse(expId).metric("prediction_error").summaries().stream()
        .mapToLong(s -> s.observations()).sum() == 2000);
    ExperimentAnalysis a = x.analyse(expId);
    Map<String, Long> units = new HashMap<>();
    for (VariantExposure v : a.variants()) {
      units.put(v.variantId(), v.units());
    }
    assertEquals(onNew, units.get("treatment"));
    assertEquals(2000 - onNew, units.get("control"));

    x.conclude(expId, Decision.WINNER, "treatment", "no more errors, no slower");
    eventually("the winner goes live", () -> d.get(dep.id()).status() == DeploymentStatus.LIVE);
    assertEquals(Map.of(v2, 100.0), d.get(dep.id()).traffic());
    assertTrue(servedByUser(300, 5000).values().stream().allMatch(v2::equals));
    List<AuditRecord> audit = t.kit.service(Principal.of("root", DeploymentTestKit.ORG, Roles.ADMINISTRATOR)).audit()
        .query("deployment", dep.id(), null, null, null, 100);
    String why = audit.get(audit.size() - 1).draft().reason();
    assertTrue(why.contains("experiment " + expId + " concluded with variant 'treatment'"), why);
    assertTrue(d.liveAt("credit-risk", t.clock.instant()).equals(Map.of(v2, 100.0)));
  }

  @Test
  void aConfiguredExperimentDrivesTheSplitAndItsRollbackRollsTheDeploymentBack() throws Exception {
    ABTestExperiment e = x.create("scorer v2", "v2 is no worse", List.of(
            new ModelVariant("baseline", null, "credit-risk", v1, Map.of(), 50, VariantStatus.ACTIVE),
            new ModelVariant("challenger", null, "credit-risk", v2, Map.of(), 50, VariantStatus.ACTIVE)),
        List.of(new SuccessMetric("prediction_error", MetricType.OPERATIONAL, null, MetricDirection.DECREASE,
            Significance.PRIMARY, MetricKind.BINARY, null)));
    ModelDeployment dep = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 1),
        new RolloutStrategy(RolloutType.AB_TEST, null, null, null, null, e.id()));
    assertEquals(e.id(), dep.strategy().experimentId());
    assertEquals(ExperimentStatus.RUNNING, x.get(e.id()).status(), "the draft was started");
    Map<String, String> served = servedByUser(1000, 0);
    assertTrue(served.containsValue(v1) && served.containsValue(v2), served.values().stream().distinct().toList().toString());

    // stopping the experiment pauses the deployment: everyone gets the control
    x.stop(e.id(), "looking at a data issue");
    eventually("paused with the experiment", () -> d.get(dep.id()).status() == DeploymentStatus.PAUSED);
    assertTrue(d.get(dep.id()).reason().contains("looking at a data issue"), d.get(dep.id()).reason());
    assertTrue(servedByUser(300, 0).values().stream().allMatch(v1::equals));
    assertEquals(Map.of(v1, 100.0), d.liveAt("credit-risk", t.clock.instant()));

    t.clock.advance(Duration.ofMinutes(1));
    x.rollback(e.id(), "the challenger harms approvals");
    eventually("rolled back with the experiment", () -> d.get(dep.id()).status() == DeploymentStatus.ROLLED_BACK);
    assertTrue(d.get(dep.id()).reason().contains("the challenger harms approvals"), d.get(dep.id()).reason());
    assertTrue(servedByUser(300, 0).values().stream().allMatch(v1::equals));
  }

  @Test
  void rollingTheDeploymentBackRollsTheExperimentBack() throws Exception {
    ModelDeployment dep = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 1),
        new RolloutStrategy(RolloutType.AB_TEST, null, null, null, null, null));
    assertEquals(Map.of(v1, 50.0, v2, 50.0), dep.traffic());
    d.rollback(dep.id(), "wrong feature set");
    ABTestExperiment e = x.get(dep.strategy().experimentId());
    assertEquals(ExperimentStatus.ROLLED_BACK, e.status());
    assertTrue(e.statusReason().contains("wrong feature set"), e.statusReason());
    assertTrue(servedByUser(200, 0).values().stream().allMatch(v1::equals));
  }

  @Test
  void promotingTheDeploymentConcludesTheExperimentForTheNewVersion() throws Exception {
    ModelDeployment dep = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 1),
        new RolloutStrategy(RolloutType.AB_TEST, 10.0, null, null, null, null));
    servedByUser(200, 0);
    assertEquals(DeploymentStatus.LIVE, d.promote(dep.id()).status());
    ABTestExperiment e = x.get(dep.strategy().experimentId());
    assertEquals(ExperimentStatus.CONCLUDED, e.status());
    assertEquals("treatment", e.conclusion().winnerVariantId());
    assertTrue(servedByUser(200, 0).values().stream().allMatch(v2::equals));
  }

  @Test
  void aMismatchedExperimentOrNoLiveVersionIsRefused() throws Exception {
    String v3 = t.train("Credit Risk", "weight=3");
    ABTestExperiment wrong = x.create("other", "", List.of(
            new ModelVariant("control", null, "credit-risk", v2, Map.of(), 50, VariantStatus.ACTIVE),
            new ModelVariant("b", null, "credit-risk", v3, Map.of(), 50, VariantStatus.ACTIVE)),
        List.of(new SuccessMetric("prediction_error", MetricType.OPERATIONAL, null, MetricDirection.DECREASE,
            Significance.PRIMARY, MetricKind.BINARY, null)));
    ConfigurationException bad = assertThrows(ConfigurationException.class, () -> d.deploy("credit-risk", v2,
        target(TargetType.EMBEDDED, 1), new RolloutStrategy(RolloutType.AB_TEST, null, null, null, null, wrong.id())));
    assertTrue(bad.getMessage().contains("have the live version as its control: control variant 'control' serves credit-risk "
        + v2 + ", the live version is credit-risk " + v1), bad.getMessage());
    assertTrue(bad.getMessage().contains("have the deployed version as its treatment"), bad.getMessage());
    assertEquals(Map.of(v1, 100.0), d.liveAt("credit-risk", t.clock.instant()), "the live version is untouched");

    String other = t.train("Fraud", "weight=1");
    ConfigurationException first = assertThrows(ConfigurationException.class, () -> d.deploy("fraud", other,
        target(TargetType.EMBEDDED, 1), new RolloutStrategy(RolloutType.AB_TEST, null, null, null, null, null)));
    assertTrue(first.getMessage().contains("deploy a first version with blue_green"), first.getMessage());

    Deployments engineerOnly = t.engineer.deployments();
    assertThrows(dev.modelkit.AccessDeniedException.class, () -> engineerOnly.deploy("credit-risk", v2,
        target(TargetType.EMBEDDED, 1), new RolloutStrategy(RolloutType.AB_TEST, null, null, null, null, null)));
    assertEquals(Map.of(v1, 100.0), d.liveAt("credit-risk", t.clock.instant()));
    assertEquals(v1, d.predict("credit-risk", "u", Map.of("x", 1.0)).version());
  }
}
