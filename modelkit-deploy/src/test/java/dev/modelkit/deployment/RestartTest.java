package dev.modelkit.deployment;

import static dev.modelkit.deployment.DeploymentTestKit.eventually;
import static dev.modelkit.deployment.DeploymentTestKit.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.Deployments;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.RolloutType;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime reopened on the same home serves the deployments that were live when it closed, goes on
 * with rollouts in progress (their stage's evidence window starts again) and keeps paused ones paused.
 */
class RestartTest {
  @TempDir Path home;

  @Test
  void liveDeploymentsServeAgainAndRolloutsInProgressGoOnWithTheirStageRestarted() throws Exception {
    String v1;
    String v2;
    String f1;
    String f2;
    String liveId;
    String canaryId;
    String pausedId;
    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      Deployments d = t.engineer.deployments();
      v1 = t.train("Credit Risk", "weight=1");
      v2 = t.train("Credit Risk", "weight=2");
      f1 = t.train("Fraud", "weight=1");
      f2 = t.train("Fraud", "weight=3");
      d.deploy("credit-risk", v1, target(TargetType.API, 2), null);
      liveId = d.deploy("credit-risk", v2, target(TargetType.API, 2), null).id();
      d.deploy("fraud", f1, target(TargetType.EMBEDDED, 1), null);
      canaryId = d.deploy("fraud", f2, target(TargetType.EMBEDDED, 1), new RolloutStrategy(RolloutType.CANARY, null, null,
          List.of(new CanaryStage(20, 600, List.of("error_rate < 0.05")), new CanaryStage(100, 0, List.of())), null, null)).id();
      assertEquals(DeploymentStatus.ROLLING_OUT, d.get(canaryId).status());
      String c1 = t.train("Churn", "weight=1");
      String c2 = t.train("Churn", "weight=2");
      d.deploy("churn", c1, target(TargetType.EMBEDDED, 1), null);
      pausedId = d.deploy("churn", c2, target(TargetType.EMBEDDED, 1), new RolloutStrategy(RolloutType.CANARY, null, null,
          List.of(new CanaryStage(10, 600, List.of()), new CanaryStage(100, 0, List.of())), null, null)).id();
      d.pause(pausedId, "waiting for the churn team");
      // the ticker would act on the first kit's clock: the canary's stage must not end before the restart
      t.clock.advance(Duration.ofSeconds(500));
      Thread.sleep(50);
      ModelDeployment before = d.get(canaryId);
      assertEquals(DeploymentStatus.ROLLING_OUT, before.status(),
          "no prediction of the model recorded yet is no evidence, not a rollout error: " + before.reason());
      assertEquals(0, before.stage());
    }

    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      Deployments d = t.engineer.deployments();
      // no deployModel after the restart: the embedded router was rebuilt from the stored deployments
      assertEquals(v2, d.predict("credit-risk", "u1", Map.of("x", 0.4)).version());
      ModelDeployment live = d.get(liveId);
      assertEquals(DeploymentStatus.LIVE, live.status());
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(live.endpoint() + "/v1/models/credit-risk/predict"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"x\": 0.4}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"version\":\"" + v2 + "\""), r.body());

      ModelDeployment canary = d.get(canaryId);
      assertEquals(DeploymentStatus.ROLLING_OUT, canary.status(), canary.reason());
      assertEquals(0, canary.stage());
      assertEquals(Map.of(f1, 80.0, f2, 20.0), canary.traffic());
      ModelDeployment paused = d.get(pausedId);
      assertEquals(DeploymentStatus.PAUSED, paused.status(), "a paused rollout stays paused");
      assertEquals("waiting for the churn team", paused.reason());
      Map<String, Integer> served = new HashMap<>();
      for (int i = 0; i < 2000; i++) {
        served.merge(d.predict("fraud", "user-" + i, Map.of("x", 0.1)).version(), 1, Integer::sum);
      }
      assertTrue(served.get(f2) > 300 && served.get(f2) < 500, "the 20% split serves again: " + served);
      // the stage's window started again at the restart: the 500 s served before it do not count
      t.clock.advance(Duration.ofSeconds(300));
      Thread.sleep(100);
      assertEquals(0, d.get(canaryId).stage(), "the restarted stage runs its whole duration on new evidence");
      t.clock.advance(Duration.ofSeconds(301));
      eventually("the restored canary goes live on its new evidence", () -> {
        ModelDeployment now = d.get(canaryId);
        if (now.status() == DeploymentStatus.ROLLED_BACK) {
          throw new AssertionError("rolled back: " + now.reason());
        }
        return now.status() == DeploymentStatus.LIVE;
      });
      assertEquals(f2, d.predict("fraud", "u1", Map.of("x", 0.1)).version());
      List<AuditRecord> canaryAudit = t.kit.service(Principal.of("root", DeploymentTestKit.ORG, Roles.ADMINISTRATOR))
          .audit().query("deployment", canaryId, "modelkit-system", null, null, 100);
      assertTrue(canaryAudit.stream().anyMatch(a -> a.draft().action().equals("deployment.restored")
          && a.draft().reason().contains("starts again")), "the restart is audited with what it did to the stage");

      List<AuditRecord> audit = t.kit.service(Principal.of("root", DeploymentTestKit.ORG, Roles.ADMINISTRATOR)).audit()
          .query("deployment", liveId, null, null, null, 100);
      AuditRecord last = audit.get(audit.size() - 1);
      assertEquals("deployment.restored", last.draft().action());
      assertEquals("modelkit-system", last.draft().principal());
    }
  }
}
