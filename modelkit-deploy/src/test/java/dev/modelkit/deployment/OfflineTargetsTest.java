package dev.modelkit.deployment;

import static dev.modelkit.deployment.DeploymentTestKit.eventually;
import static dev.modelkit.deployment.DeploymentTestKit.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.Deployments;
import dev.modelkit.config.Quantity;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.Environment;
import dev.modelkit.deploy.HealthCheckConfig;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.MonitoringConfig;
import dev.modelkit.deploy.ResourceAllocation;
import dev.modelkit.deploy.TargetType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code batch} and {@code edge} targets through {@code deployModel}. */
class OfflineTargetsTest {
  @TempDir Path home;
  @TempDir Path files;

  static DeploymentTarget offline(TargetType type, Path input, Path output) {
    ResourceAllocation res = new ResourceAllocation(Quantity.parse("1"), Quantity.parse("512Mi"), null, null);
    return new DeploymentTarget(type.wireName() + "-test", null, Environment.DEVELOPMENT, type,
        new DeploymentConfig(1, res, Map.of(), new HealthCheckConfig("/health", 1, 2, 2), 0, null, 2,
            input == null ? null : input.toString(), output == null ? null : output.toString()),
        res, null, new MonitoringConfig(List.of(), List.of(), null));
  }

  private Path csv(int rows) throws Exception {
    List<String> lines = new ArrayList<>(List.of("id,x"));
    for (int i = 1; i <= rows; i++) {
      lines.add(i + "," + (i % 7) / 7.0);
    }
    return Files.write(files.resolve("applications.csv"), lines);
  }

  @Test
  void batchScoresAFileWithoutTouchingTheLiveRouteAndReportsFailedRows() throws Exception {
    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      Deployments d = t.engineer.deployments();
      String v1 = t.train("Credit Risk", "weight=1");
      String v2 = t.train("Credit Risk", "weight=2;failEvery=100");
      d.deploy("credit-risk", v1, target(TargetType.EMBEDDED, 1), null);
      Path out = files.resolve("scores.jsonl");
      ModelDeployment dep = d.deploy("credit-risk", v2, offline(TargetType.BATCH, csv(1000), out), null);
      eventually("the batch completes", () -> d.get(dep.id()).status() == DeploymentStatus.COMPLETED);
      ModelDeployment done = d.get(dep.id());
      assertEquals(1000, done.batch().rowsScored());
      assertEquals(10, done.batch().rowsFailed(), "every 100th prediction of this version fails");
      assertEquals(0, done.batch().rowsSkipped());
      List<String> lines = Files.readAllLines(out);
      assertEquals(1000, lines.size());
      assertTrue(lines.get(99).contains("\"row\":100") && lines.get(99).contains("deliberate failure"), lines.get(99));
      assertTrue(lines.get(0).startsWith("{\"row\":1,\"output\":"), lines.get(0));
      assertTrue(done.reason().startsWith("scored 1000 rows (0 already scored by an earlier run, 10 failed)"), done.reason());
      // its rows are in monitoring, under the batch's version, failures counted as errors
      t.engineer.monitoring().flush();
      var byVersion = t.engineer.monitoring().performance("credit-risk", new dev.modelkit.monitoring.Period(
          t.clock.instant().minusSeconds(3600), t.clock.instant().plusSeconds(3600))).byVersion();
      assertEquals(1000, byVersion.get(v2).predictions(), byVersion.toString());
      assertEquals(0.01, byVersion.get(v2).errorRate(), 1e-9);
      // a batch serves no traffic: the live version is untouched
      assertEquals(v1, d.predict("credit-risk", "u1", Map.of("x", 0.5)).version());
      assertEquals(Map.of(v1, 100.0), d.liveAt("credit-risk", t.clock.instant()));
    }
  }

  @Test
  void aBatchStoppedByClosingTheRuntimeContinuesAfterItsLastCommittedRow() throws Exception {
    Path input = csv(6000);
    Path out = files.resolve("scores.jsonl");
    Path progress = files.resolve("scores.jsonl.progress");
    String v;
    String first;
    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      v = t.train("Credit Risk", "weight=1;sleepMicros=300");
      first = t.engineer.deployments().deploy("credit-risk", v, offline(TargetType.BATCH, input, out), null).id();
      String running = first;
      dev.modelkit.InvalidStateException busy = assertThrows(dev.modelkit.InvalidStateException.class,
          () -> t.engineer.deployments().deploy("credit-risk", v, offline(TargetType.BATCH, input, out), null));
      assertTrue(busy.getMessage().startsWith("Deployment " + running + " is still scoring into "), busy.getMessage());
      eventually("a commit was made", () -> Files.exists(progress));
    }
    assertTrue(Files.exists(progress), "closing mid-run leaves the progress behind");
    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      Deployments d = t.engineer.deployments();
      ModelDeployment interrupted = d.get(first);
      assertEquals(DeploymentStatus.FAILED, interrupted.status());
      assertTrue(interrupted.reason().contains("deploy again with the same files"), interrupted.reason());
      ModelDeployment again = d.deploy("credit-risk", v, offline(TargetType.BATCH, input, out), null);
      eventually("the rerun completes", () -> d.get(again.id()).status() == DeploymentStatus.COMPLETED);
      ModelDeployment done = d.get(again.id());
      assertTrue(done.batch().rowsSkipped() >= 500, "rows of the first run are not scored again: " + done.batch());
      assertEquals(6000, done.batch().rowsSkipped() + done.batch().rowsScored());
      List<String> lines = Files.readAllLines(out);
      assertEquals(6000, lines.size());
      for (int i = 0; i < lines.size(); i++) {
        assertTrue(lines.get(i).startsWith("{\"row\":" + (i + 1) + ","), "row order at line " + (i + 1) + ": " + lines.get(i));
      }
      assertTrue(Files.notExists(progress));
    }
  }

  @Test
  void edgeExportsTheVersionWithAVerifiedManifest() throws Exception {
    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      Deployments d = t.engineer.deployments();
      String v1 = t.train("Credit Risk", "weight=1");
      ModelDeployment dep = d.deploy("credit-risk", v1, offline(TargetType.EDGE, null, files.resolve("edge")), null);
      assertEquals(DeploymentStatus.COMPLETED, dep.status());
      Path dir = Path.of(dep.endpoint());
      assertEquals(files.resolve("edge").resolve("credit-risk-" + v1), dir);
      assertEquals(List.of(), EdgeExporter.verify(dir));
      String manifest = Files.readString(dir.resolve("manifest.json"));
      assertTrue(manifest.contains("\"version\" : \"" + v1 + "\""), manifest);
      assertThrows(dev.modelkit.NotFoundException.class, () -> d.predict("credit-risk", "u", Map.of("x", 1.0)),
          "an export serves nothing");
      dev.modelkit.DeploymentException twice = assertThrows(dev.modelkit.DeploymentException.class,
          () -> d.deploy("credit-risk", v1, offline(TargetType.EDGE, null, files.resolve("edge")), null));
      assertTrue(twice.getMessage().contains("already holds an export"), twice.getMessage());
    }
  }

  @Test
  void missingOrMisplacedFilesAreNamed() throws Exception {
    try (DeploymentTestKit t = new DeploymentTestKit(home)) {
      Deployments d = t.engineer.deployments();
      String v1 = t.train("Credit Risk", "weight=1");
      Files.writeString(files.resolve("done.jsonl"), "{}\n");
      ConfigurationException batch = assertThrows(ConfigurationException.class, () -> d.deploy("credit-risk", v1,
          offline(TargetType.BATCH, files.resolve("nope.csv"), files.resolve("done.jsonl")), null));
      assertEquals("Invalid DeploymentTarget(batch-test, batch) (2 problems):\n"
          + "  - configuration.input was '" + files.resolve("nope.csv") + "' but it must name a readable file; it does not exist or cannot be read\n"
          + "  - configuration.output was '" + files.resolve("done.jsonl") + "' but it must not exist yet (an interrupted run leaves a "
          + ".progress file beside it and is continued); delete it or choose another path", batch.getMessage());
      ConfigurationException edge = assertThrows(ConfigurationException.class, () -> d.deploy("credit-risk", v1,
          offline(TargetType.EDGE, null, null), null));
      assertTrue(edge.getMessage().contains("configuration.output was missing but it must name the directory to export into"),
          edge.getMessage());
      assertTrue(d.list().isEmpty(), "nothing was recorded for refused targets");
    }
  }
}
