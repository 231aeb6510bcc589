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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP clients on loopback keep calling while the model goes through a blue-green switch, a full
 * canary promotion, a rolling update and a rollback: not one request may fail. (Latency during
 * each change is measured by {@code ServingLoad changes} in benchmarks/, not here.)
 */
class ZeroDowntimeTest {
  @TempDir Path home;

  @Test
  void noRequestFailsThroughEveryKindOfChange() throws Exception {
    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      Deployments d = t.engineer.deployments();
      String v1 = t.train("Credit Risk", "weight=1");
      String v2 = t.train("Credit Risk", "weight=1.2");
      String v3 = t.train("Credit Risk", "weight=1.4");
      String v4 = t.train("Credit Risk", "weight=1.6");
      ModelDeployment first = d.deploy("credit-risk", v1, target(TargetType.API, 2), null);
      String url = first.endpoint() + "/v1/models/credit-risk/predict";

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong ok = new AtomicLong();
      List<String> failures = new ArrayList<>();
      Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        int id = c;
        Thread th = new Thread(() -> {
          long n = 0;
          while (!stop.get()) {
            String body = "{\"features\": {\"x\": 0.5}, \"key\": \"client" + id + "-" + (n++) + "\"}";
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 200) {
                synchronized (failures) {
                  failures.add(r.statusCode() + " " + r.body());
                }
              } else {
                ok.incrementAndGet();
                int at = r.body().indexOf("\"version\":\"") + 11;
                byVersion.computeIfAbsent(r.body().substring(at, r.body().indexOf('"', at)), k -> new AtomicLong())
                    .incrementAndGet();
              }
            } catch (Exception e) {
              synchronized (failures) {
                failures.add(e.toString());
              }
            }
          }
        }, "client-" + c);
        th.start();
        clients.add(th);
      }
      try {
        eventually("traffic flows", () -> ok.get() > 200);
        ModelDeployment bg = d.deploy("credit-risk", v2, target(TargetType.API, 2), RolloutStrategy.blueGreen());
        assertEquals(DeploymentStatus.LIVE, bg.status());
        long seen = ok.get();
        eventually("traffic on v2", () -> ok.get() > seen + 200);

        ModelDeployment canary = d.deploy("credit-risk", v3, target(TargetType.API, 2), new RolloutStrategy(
            RolloutType.CANARY, null, null, List.of(new CanaryStage(20, 60, List.of("error_rate < 0.05")),
                new CanaryStage(100, 0, List.of())), null, null));
        eventually("canary evidence", () -> byVersion.getOrDefault(v3, new AtomicLong()).get() > 120);
        t.clock.advance(Duration.ofSeconds(61));
        eventually("canary promoted", () -> d.get(canary.id()).status() == DeploymentStatus.LIVE);

        ModelDeployment rolling = d.deploy("credit-risk", v4, target(TargetType.API, 2),
            new RolloutStrategy(RolloutType.ROLLING, null, 10.0, null, 1, null));
        t.clock.advance(Duration.ofSeconds(11));
        eventually("rolling done", () -> d.get(rolling.id()).status() == DeploymentStatus.LIVE);
        long before = ok.get();
        eventually("traffic on v4", () -> ok.get() > before + 200);

        d.rollback(rolling.id(), "load test rollback");
        long afterRollback = ok.get();
        eventually("traffic after rollback", () -> ok.get() > afterRollback + 200);
      } finally {
        stop.set(true);
        for (Thread th : clients) {
          th.join();
        }
      }
      assertEquals(List.of(), failures, "no request may fail");
      assertTrue(byVersion.keySet().containsAll(List.of(v1, v2, v3, v4)), "every version served: " + byVersion);
    }
  }
}
