package dev.modelkit.core.pipeline;

import static dev.modelkit.core.pipeline.PipelineRunTest.DANA;
import static dev.modelkit.core.pipeline.PipelineRunTest.ORG;
import static dev.modelkit.core.pipeline.PipelineRunTest.WAIT;
import static dev.modelkit.core.pipeline.PipelineRunTest.gate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.modelkit.ConfigurationException;
import dev.modelkit.Pipelines;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.pipeline.GateAction;
import dev.modelkit.pipeline.GateOperator;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.NotificationConfig;
import dev.modelkit.pipeline.NotificationEvent;
import dev.modelkit.pipeline.PipelineNotification;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineSchedule;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.PipelineTrigger;
import dev.modelkit.pipeline.StageType;
import dev.modelkit.pipeline.TriggerType;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.TrainingConfiguration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules fire on the injected clock, new or changed files in a watched directory start runs,
 * drift and performance alerts on the pipeline's model start runs, and run events reach the
 * webhook (a local HTTP server), callback and log channels.
 */
class TriggersAndNotificationsTest {
  @TempDir Path home;
  @TempDir Path dataRoot;
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-03-03T00:00:00Z"));
  PipelineHarness h;

  final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @BeforeEach
  void open() throws Exception {
    Files.createDirectories(dataRoot.resolve("incoming"));
    h = new PipelineHarness(home, dataRoot, null, clock);
  }

  @AfterEach
  void close() {
    h.close();
  }

  /** German Credit by absolute path, since this test's data root is a scratch directory. */
  static TrainingConfiguration config() {
    TrainingConfiguration t = PipelineRunTest.germanCredit("Credit Risk");
    DataSource s = t.datasetConfig().trainingData().get(0);
    DataSource abs = new DataSource(s.id(), s.type(), PipelineRunTest.dataRoot().resolve(s.source()).toString(),
        s.schema(), null, null, null);
    return t.toBuilder().datasetConfig(new DatasetConfiguration(List.of(abs), null, null, null, null)).build();
  }

  private ModelTrainingPipeline.Builder pipeline() {
    return ModelTrainingPipeline.builder("credit", config()).stage(PipelineStage.of(StageType.DATA_INGESTION));
  }

  private List<PipelineRun> runs(Pipelines p, String id) throws InterruptedException {
    List<PipelineRun> runs = p.runs(id, 0, 100);
    for (PipelineRun r : runs) {
      p.await(r.id(), WAIT);
    }
    return p.runs(id, 0, 100);
  }

  @Test
  void aCronScheduleStartsOneRunWhenDueAsTheCreator() throws Exception {
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(pipeline().trigger(PipelineTrigger.cron("0 2 * * *")).build());
    now.set(Instant.parse("2025-03-03T01:59:00Z"));
    h.manager.tick();
    assertEquals(0, runs(dana, p.id()).size());
    now.set(Instant.parse("2025-03-03T02:00:30Z"));
    h.manager.tick();
    List<PipelineRun> runs = runs(dana, p.id());
    assertEquals(1, runs.size());
    assertEquals(TriggerType.SCHEDULE, runs.get(0).trigger());
    assertEquals("schedule '0 2 * * *' (UTC) was due at 2025-03-03T02:00:00Z", runs.get(0).triggerDetail());
    assertEquals("dana", runs.get(0).startedBy());
    now.set(Instant.parse("2025-03-03T14:00:00Z"));
    h.manager.tick();
    assertEquals(1, runs(dana, p.id()).size(), "not due again until tomorrow");
    now.set(Instant.parse("2025-03-05T03:00:00Z"));
    h.manager.tick();
    assertEquals(2, runs(dana, p.id()).size(), "two missed days start one run, not two");
  }

  @Test
  void newOrChangedFilesInTheWatchedDirectoryStartARunAndUnchangedOnesDoNot() throws Exception {
    Path incoming = dataRoot.resolve("incoming");
    Files.writeString(incoming.resolve("jan.csv"), "a,b\n1,2\n");
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(pipeline().trigger(PipelineTrigger.newData("incoming")).build());
    h.manager.tick();
    assertEquals(0, runs(dana, p.id()).size(), "files present at creation are the baseline");
    Files.writeString(incoming.resolve("feb.csv"), "a,b\n3,4\n");
    Files.writeString(incoming.resolve(".feb.csv.tmp"), "half written");
    h.manager.tick();
    List<PipelineRun> runs = runs(dana, p.id());
    assertEquals(1, runs.size());
    assertEquals("new or changed data in incoming: [feb.csv]", runs.get(0).triggerDetail());
    Files.writeString(incoming.resolve("jan.csv"), "a,b\n1,2\n");
    h.manager.tick();
    assertEquals(1, runs(dana, p.id()).size(), "rewritten with the same bytes");
    Files.writeString(incoming.resolve("jan.csv"), "a,b\n1,3\n");
    h.manager.tick();
    runs = runs(dana, p.id());
    assertEquals(2, runs.size());
    // both runs may start within one clock instant, so their listing order is not asserted
    assertEquals(java.util.Set.of("new or changed data in incoming: [feb.csv]",
        "new or changed data in incoming: [jan.csv]"),
        runs.stream().map(PipelineRun::triggerDetail).collect(java.util.stream.Collectors.toSet()));
    ConfigurationException missing = assertThrows(ConfigurationException.class,
        () -> dana.create(pipeline().trigger(PipelineTrigger.newData("nowhere")).build()));
    assertTrue(missing.getMessage().contains("triggers[0].location"), missing.getMessage());
  }

  @Test
  void driftAndPerformanceAlertsOnThePipelinesModelStartRuns() throws Exception {
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline drift = dana.create(pipeline()
        .trigger(PipelineTrigger.onAlert(TriggerType.DRIFT_ALERT, null)).build());
    ModelTrainingPipeline perf = dana.create(pipeline()
        .trigger(PipelineTrigger.onAlert(TriggerType.PERFORMANCE_DROP, "credit-risk")).build());
    Instant at = Instant.parse("2025-03-03T05:00:00Z");
    h.manager.onAlert(new Alert("a-1", ORG, "credit-risk", "feature drift", "drift_share > 0.3", 0.45,
        List.of("retrain"), at, "1", "drift"));
    assertEquals(1, runs(dana, drift.id()).size());
    assertEquals(0, runs(dana, perf.id()).size());
    assertEquals(TriggerType.DRIFT_ALERT, runs(dana, drift.id()).get(0).trigger());
    assertTrue(runs(dana, drift.id()).get(0).triggerDetail().contains("'feature drift' (drift_share > 0.3, value 0.45)"));
    h.manager.onAlert(new Alert("a-2", ORG, "credit-risk", "accuracy drop", "accuracy < 0.7", 0.64, List.of("alert"),
        at, "1", "accuracy"));
    assertEquals(1, runs(dana, perf.id()).size());
    assertEquals(1, runs(dana, drift.id()).size());
    h.manager.onAlert(new Alert("a-3", ORG, "other-model", "drift", "psi(age) > 0.2", 0.3, List.of(), at, "1", "x"));
    h.manager.onAlert(new Alert("a-4", "globex", "credit-risk", "drift", "psi(age) > 0.2", 0.3, List.of(), at, "1",
        "x"));
    assertEquals(1, runs(dana, drift.id()).size(), "other models and organisations do not trigger");
  }

  @Test
  void runEventsReachTheWebhookCallbackAndLogChannels() throws Exception {
    List<JsonNode> posted = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hooks/pipelines", exchange -> {
      posted.add(new ObjectMapper().readTree(new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/pipelines";
      Pipelines dana = h.as(DANA);
      ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("credit", config())
          .stage(PipelineStage.of(StageType.DATA_INGESTION,
              gate("data.label_balance", GateOperator.GTE, 0.5, GateAction.FAIL)))
          .notification(new NotificationConfig("webhook", url, Set.of(NotificationEvent.RUN_FAILED)))
          .notification(new NotificationConfig("callback", null, null))
          .notification(new NotificationConfig("log", "dev.modelkit.pipelines.test", null))
          .build());
      List<PipelineNotification> called = new CopyOnWriteArrayList<>();
      try (AutoCloseable sub = dana.subscribe(p.id(), called::add)) {
        PipelineRun run = dana.await(dana.run(p.id()).id(), WAIT);
        assertEquals(1, posted.size(), "only run_failed goes to the webhook");
        JsonNode body = posted.get(0);
        assertEquals("run_failed", body.get("event").asText());
        assertEquals(run.id(), body.get("runId").asText());
        assertTrue(body.get("message").asText().contains("data.label_balance was 0.4286 but it must be >= 0.5"),
            body.toString());
        assertEquals(List.of(NotificationEvent.RUN_STARTED, NotificationEvent.RUN_FAILED),
            called.stream().map(PipelineNotification::event).toList());
      }
      ConfigurationException bad = assertThrows(ConfigurationException.class, () -> dana.create(pipeline()
          .notification(new NotificationConfig("pager", null, null)).schedule(new PipelineSchedule("0 25 * * *", null))
          .build()));
      assertTrue(bad.getMessage().contains("notifications[0].channel"), bad.getMessage());
      assertTrue(bad.getMessage().contains("schedule.cron"), bad.getMessage());
      assertTrue(bad.getMessage().contains("hour '25' is out of range"), bad.getMessage());
    } finally {
      server.stop(0);
    }
  }
}
