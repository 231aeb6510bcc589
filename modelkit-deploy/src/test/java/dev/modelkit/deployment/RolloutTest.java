package dev.modelkit.deployment;

import static dev.modelkit.deployment.DeploymentTestKit.eventually;
import static dev.modelkit.deployment.DeploymentTestKit.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.DeploymentException;
import dev.modelkit.Deployments;
import dev.modelkit.InvalidStateException;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.RolloutType;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.spi.AuditRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutTest {
  @TempDir Path home;
  DeploymentTestKit t;
  Deployments d;

  @BeforeEach
  void open() {
    t = new DeploymentTestKit(home);
    d = t.engineer.deployments();
  }

  @AfterEach
  void close() {
    t.close();
  }

  private static RolloutStrategy canary(double firstStageSeconds) {
    return new RolloutStrategy(RolloutType.CANARY, 10.0, 3600.0, List.of(
        new CanaryStage(10, firstStageSeconds, List.of("error_rate < 0.01")),
        new CanaryStage(50, 600, List.of("latency < 200ms")),
        new CanaryStage(100, 0, List.of())), null, null);
  }

  /** Sends n predictions with distinct routing keys; returns version to count, and "error" to failures. */
  private Map<String, Integer> traffic(String model, int n, int offset) {
    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < n; i++) {
      try {
        served.merge(d.predict(model, "user-" + (offset + i), Map.of("x", 0.3)).version(), 1, Integer::sum);
      } catch (DeploymentException e) {
        served.merge("error", 1, Integer::sum);
      }
    }
    return served;
  }

  @Test
  void blueGreenSwitchesAtOnceAndRollsBackInstantly() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String v2 = t.train("Credit Risk", "weight=2");
    Instant t0 = t.clock.instant();
    ModelDeployment first = d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 2), null);
    assertEquals(DeploymentStatus.LIVE, first.status());
    assertEquals(Map.of(v1, 1000), traffic("credit-risk", 1000, 0));

    t.clock.advance(Duration.ofMinutes(5));
    Instant t1 = t.clock.instant();
    ModelDeployment second = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 2), RolloutStrategy.blueGreen());
    assertEquals(DeploymentStatus.LIVE, second.status());
    assertEquals(Map.of(v2, 1000), traffic("credit-risk", 1000, 0));
    assertEquals(DeploymentStatus.SUPERSEDED, d.get(first.id()).status());

    t.clock.advance(Duration.ofMinutes(5));
    Instant t2 = t.clock.instant();
    ModelDeployment back = d.rollback(second.id(), "business asked for the old scorer");
    assertEquals(DeploymentStatus.ROLLED_BACK, back.status());
    assertEquals(Map.of(v1, 1000), traffic("credit-risk", 1000, 0));

    assertEquals(Map.of(), d.liveAt("credit-risk", t0.minusSeconds(1)));
    assertEquals(Map.of(v1, 100.0), d.liveAt("credit-risk", t0.plusSeconds(1)));
    assertEquals(Map.of(v2, 100.0), d.liveAt("credit-risk", t1.plusSeconds(1)));
    assertEquals(Map.of(v1, 100.0), d.liveAt("credit-risk", t2.plusSeconds(1)));

    List<AuditRecord> audit = t.kit.service(dev.modelkit.security.Principal.of("root", DeploymentTestKit.ORG,
        dev.modelkit.security.Roles.ADMINISTRATOR)).audit().query("deployment", second.id(), null, null, null, 100);
    assertEquals("deployment.rolled_back", audit.get(audit.size() - 1).draft().action());
    assertEquals("business asked for the old scorer", audit.get(audit.size() - 1).draft().reason());
  }

  @Test
  void canaryWithAFaultyVersionRollsBackWithinItsFirstStage() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String bad = t.train("Credit Risk", "weight=2;failEvery=10");
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
    ModelDeployment dep = d.deploy("credit-risk", bad, target(TargetType.EMBEDDED, 1), canary(600));
    assertEquals(DeploymentStatus.ROLLING_OUT, dep.status());
    assertEquals(Map.of(v1, 90.0, bad, 10.0), dep.traffic());

    Map<String, Integer> served = traffic("credit-risk", 3000, 0);
    assertTrue(served.getOrDefault(bad, 0) > 200, "the canary took about a tenth of the traffic: " + served);
    t.clock.advance(Duration.ofSeconds(61));
    eventually("the faulty canary is rolled back", () -> d.get(dep.id()).status() == DeploymentStatus.ROLLED_BACK);

    ModelDeployment after = d.get(dep.id());
    assertTrue(after.reason().startsWith("criterion 'error_rate < 0.01' failed early: error rate 0.09"), after.reason());
    assertTrue(after.reason().contains("99% lower bound"), after.reason());
    assertEquals(Map.of(v1, 100.0), after.traffic());
    assertEquals(Map.of(v1, 500), traffic("credit-risk", 500, 5000));
  }

  @Test
  void healthyCanaryIsPromotedStageByStageOnEvidence() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String v2 = t.train("Credit Risk", "weight=1.5");
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
    ModelDeployment dep = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 1), canary(600));

    traffic("credit-risk", 2000, 0);
    t.clock.advance(Duration.ofSeconds(300));
    Thread.sleep(100);
    assertEquals(0, d.get(dep.id()).stage(), "the stage does not end before its duration");
    t.clock.advance(Duration.ofSeconds(301));
    eventually("stage 2 starts", () -> d.get(dep.id()).stage() == 1);
    assertEquals(Map.of(v1, 50.0, v2, 50.0), d.get(dep.id()).traffic());

    // no flush: a record after the clock jump closes the ended monitoring window itself, so this
    // stage's predictions land in this stage's window
    traffic("credit-risk", 400, 10_000);
    t.clock.advance(Duration.ofSeconds(601));
    eventually("the canary goes live: " + dep.id(), () -> {
      ModelDeployment now = d.get(dep.id());
      if (now.status() == DeploymentStatus.ROLLED_BACK) {
        throw new AssertionError("rolled back: " + now.reason());
      }
      return now.status() == DeploymentStatus.LIVE;
    });
    assertEquals(Map.of(v2, 100.0), d.get(dep.id()).traffic());
    assertEquals(Map.of(v2, 300), traffic("credit-risk", 300, 20_000));
  }

  @Test
  void aStageWithoutEnoughEvidenceIsNotPromoted() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String v2 = t.train("Credit Risk", "weight=1.5");
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
    ModelDeployment dep = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 1), canary(600));
    traffic("credit-risk", 100, 0);
    t.clock.advance(Duration.ofSeconds(700));
    Thread.sleep(100);
    assertEquals(DeploymentStatus.ROLLING_OUT, d.get(dep.id()).status(), "waits for 50 canary predictions");
    assertEquals(0, d.get(dep.id()).stage());
    t.clock.advance(Duration.ofSeconds(1200));
    eventually("gives up and rolls back", () -> d.get(dep.id()).status() == DeploymentStatus.ROLLED_BACK);
    assertTrue(d.get(dep.id()).reason().contains("fewer than the 50 needed"), d.get(dep.id()).reason());
  }

  @Test
  void rollingReplacesReplicasBatchByBatch() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String v2 = t.train("Credit Risk", "weight=1.5");
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 4), null);
    ModelDeployment dep = d.deploy("credit-risk", v2, target(TargetType.EMBEDDED, 4),
        new RolloutStrategy(RolloutType.ROLLING, null, 30.0, null, 1, null));
    assertEquals(Map.of(v1, 75.0, v2, 25.0), dep.traffic());
    t.clock.advance(Duration.ofSeconds(31));
    eventually("second batch", () -> d.get(dep.id()).traffic().equals(Map.of(v1, 50.0, v2, 50.0)));
    t.clock.advance(Duration.ofSeconds(31));
    eventually("third batch", () -> d.get(dep.id()).traffic().equals(Map.of(v1, 25.0, v2, 75.0)));
    t.clock.advance(Duration.ofSeconds(31));
    eventually("all replaced", () -> d.get(dep.id()).status() == DeploymentStatus.LIVE);
    assertEquals(Map.of(v2, 100.0), d.get(dep.id()).traffic());
  }

  @Test
  void aVersionFailingItsHealthCheckIsRefusedAndTheLiveVersionUntouched() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String broken = t.train("Credit Risk", "probe=fail");
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
    DeploymentException e = assertThrows(DeploymentException.class,
        () -> d.deploy("credit-risk", broken, target(TargetType.EMBEDDED, 1), null));
    assertTrue(e.getMessage().startsWith("Version " + broken + " of model 'credit-risk' failed its health check 2 times"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("the deployment is refused and the live version is untouched."), e.getMessage());
    assertEquals(Map.of(v1, 200), traffic("credit-risk", 200, 0));
    assertTrue(d.list().stream().anyMatch(x -> x.version().equals(broken) && x.status() == DeploymentStatus.FAILED));
  }

  @Test
  void badInputGetsClearErrors() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    ConfigurationException stages = assertThrows(ConfigurationException.class, () -> new RolloutStrategy(
        RolloutType.CANARY, null, null, List.of(new CanaryStage(10, 60, List.of()), new CanaryStage(50, 60, List.of())),
        null, null));
    assertEquals("Invalid RolloutStrategy (1 problem):\n  - stages[1].percentage was '50' but it must be 100 in the last stage",
        stages.getMessage());
    ConfigurationException criteria = assertThrows(ConfigurationException.class, () -> d.deploy("credit-risk", v1,
        target(TargetType.EMBEDDED, 1), new RolloutStrategy(RolloutType.CANARY, null, null, List.of(
            new CanaryStage(10, 60, List.of("error_rate < 1%")), new CanaryStage(100, 0, List.of("happiness > 3"))),
            null, null)));
    assertEquals("Invalid RolloutStrategy (2 problems):\n"
        + "  - stages[0].criteria[0] was 'error_rate < 1%' but it must be 'metric op number[unit]': at column 15 expected the end of the criterion\n"
        + "  - stages[1].criteria[0] was 'happiness > 3' but it must be 'metric op number[unit]': at column 1 expected a metric, one of "
        + "[error_rate, accuracy, user_satisfaction, throughput, latency, latency_mean, latency_p50, latency_p95, latency_p99]",
        criteria.getMessage());
    assertThrows(dev.modelkit.NotFoundException.class,
        () -> d.deploy("credit-risk", "99", target(TargetType.EMBEDDED, 1), null));
    assertThrows(dev.modelkit.NotFoundException.class,
        () -> d.deploy("no-such-model", "1", target(TargetType.EMBEDDED, 1), null));
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
    InvalidStateException again = assertThrows(InvalidStateException.class,
        () -> d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null));
    assertEquals("Version " + v1 + " of model 'credit-risk' is already live.", again.getMessage());
    InvalidStateException first = assertThrows(InvalidStateException.class,
        () -> d.rollback(d.list().get(0).id(), "no"));
    assertTrue(first.getMessage().contains("there is no previous version to roll back to"), first.getMessage());
  }

  @Test
  void productionNeedsAVersionInTheProductionStageAndTheLiveVersionStaysUntouched() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String v2 = t.train("Credit Risk", "weight=2");
    t.engineer.models().transition("credit-risk", v1, dev.modelkit.governance.LifecycleStage.STAGING, "review");
    t.engineer.models().transition("credit-risk", v1, dev.modelkit.governance.LifecycleStage.PRODUCTION, "approved");
    dev.modelkit.deploy.DeploymentTarget prod = new dev.modelkit.deploy.DeploymentTarget("prod", null,
        dev.modelkit.deploy.Environment.PRODUCTION, TargetType.EMBEDDED, target(TargetType.EMBEDDED, 1).configuration(),
        null, null, null);
    assertEquals(DeploymentStatus.LIVE, d.deploy("credit-risk", v1, prod, null).status());
    InvalidStateException refused = assertThrows(InvalidStateException.class, () -> d.deploy("credit-risk", v2, prod, null));
    assertTrue(refused.getMessage().contains("production deployments need stage production"), refused.getMessage());
    assertEquals(Map.of(v1, 100), traffic("credit-risk", 100, 0));
  }
}
