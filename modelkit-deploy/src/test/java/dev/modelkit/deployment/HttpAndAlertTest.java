package dev.modelkit.deployment;

import static dev.modelkit.deployment.DeploymentTestKit.eventually;
import static dev.modelkit.deployment.DeploymentTestKit.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.DeploymentException;
import dev.modelkit.Deployments;
import dev.modelkit.deploy.AlertConfig;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.spi.AuditRecord;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpAndAlertTest {
  @TempDir Path home;
  DeploymentTestKit t;
  Deployments d;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void open() {
    t = new DeploymentTestKit(home);
    d = t.engineer.deployments();
  }

  @AfterEach
  void close() {
    t.close();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void apiTargetServesPredictionsHealthReadinessAndMetrics() throws Exception {
    String v1 = t.train("Credit Risk", "weight=3");
    ModelDeployment dep = d.deploy("credit-risk", v1, target(TargetType.API, 2), null);
    String base = dep.endpoint();
    assertTrue(base.startsWith("http://127.0.0.1:"), base);

    HttpResponse<String> r = post(base + "/v1/models/credit-risk/predict", "{\"features\": {\"x\": 1.0}, \"key\": \"u1\"}");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"version\":\"" + v1 + "\""), r.body());
    assertTrue(r.body().contains("\"label\":\"bad\""), r.body());
    assertTrue(r.body().contains("\"predictionId\""), r.body());
    assertEquals(200, post(base + "/v1/models/credit-risk/predict", "{\"x\": -2}").statusCode(), "plain feature object");

    assertEquals(404, post(base + "/v1/models/unknown/predict", "{\"x\": 1}").statusCode());
    HttpResponse<String> bad = post(base + "/v1/models/credit-risk/predict", "{not json");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("request body is not valid JSON"), bad.body());
    assertEquals(405, get(base + "/v1/models/credit-risk/predict").statusCode());

    assertEquals(200, get(base + "/health").statusCode());
    HttpResponse<String> ready = get(base + "/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    HttpResponse<String> metrics = get(base + "/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("modelkit_requests_total{model=\"credit-risk\",version=\"" + v1 + "\"} 2"),
        metrics.body());
    assertTrue(metrics.body().contains("# TYPE modelkit_latency_seconds histogram"), metrics.body());
  }

  @Test
  void aPortInUseIsRefusedClearly() throws Exception {
    String v1 = t.train("Credit Risk", "weight=3");
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      DeploymentTarget api = target(TargetType.API, 1);
      DeploymentConfig c = api.configuration();
      DeploymentTarget onTakenPort = new DeploymentTarget(api.id(), api.name(), api.environment(), api.type(),
          new DeploymentConfig(1, c.resources(), c.environment(), c.healthCheck(), taken.getLocalPort(), null, 2),
          api.resources(), api.scaling(), api.monitoring());
      DeploymentException e = assertThrows(DeploymentException.class, () -> d.deploy("credit-risk", v1, onTakenPort, null));
      assertEquals("Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use. Choose a free port in "
          + "target.configuration.port, or 0 to let the system pick one.", e.getMessage());
    }
  }

  @Test
  void anAlertWhoseActionsIncludeRollbackRollsTheDeploymentBack() throws Exception {
    String v1 = t.train("Credit Risk", "weight=1");
    String faulty = t.train("Credit Risk", "weight=2;failEvery=10");
    d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
    // the seed's deployment target: its monitoring.alerts are registered with monitoring on deploy
    ModelDeployment dep = d.deploy("credit-risk", faulty, target(TargetType.EMBEDDED, 1, List.of(
        new AlertConfig("High Error Rate", "error_rate > 0.05", 0.05, List.of("alert", "rollback")))),
        RolloutStrategy.blueGreen());
    assertEquals(DeploymentStatus.LIVE, dep.status());
    assertEquals(List.of("High Error Rate"),
        t.engineer.monitoring().alertRules("credit-risk").stream().map(AlertRule::name).toList());
    for (int i = 0; i < 400; i++) {
      try {
        d.predict("credit-risk", "u" + i, Map.of("x", 0.2));
      } catch (DeploymentException expected) {
        // every tenth call of the faulty version fails
      }
    }
    // monitoring's own once-a-second tick closes the window and raises the alert
    t.clock.advance(Duration.ofMinutes(2));
    eventually("the alert rolls the deployment back", () -> d.get(dep.id()).status() == DeploymentStatus.ROLLED_BACK);
    ModelDeployment after = d.get(dep.id());
    assertTrue(after.reason().startsWith("automatic rollback: alert 'High Error Rate' (error_rate > 0.05)"), after.reason());
    assertEquals(Map.of(v1, 100.0), after.traffic());
    assertEquals(v1, d.predict("credit-risk", "u1", Map.of("x", 0.2)).version());
    List<AuditRecord> audit = t.kit.service(dev.modelkit.security.Principal.of("root", DeploymentTestKit.ORG,
        dev.modelkit.security.Roles.ADMINISTRATOR)).audit().query("deployment", dep.id(), null, null, null, 100);
    AuditRecord last = audit.get(audit.size() - 1);
    assertEquals("deployment.rolled_back", last.draft().action());
    assertTrue(last.draft().reason().contains("High Error Rate"), last.draft().reason());
  }
}
