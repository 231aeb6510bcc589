package dev.modelkit.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Quantity;
import dev.modelkit.deploy.ResourceAllocation;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.governance.Approval;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.knowledge.ReviewStatus;
import dev.modelkit.resources.CostReport;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.spi.ProviderKind;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.CheckpointStrategy;
import dev.modelkit.training.DeploymentConfiguration;
import dev.modelkit.training.EnsembleMember;
import dev.modelkit.training.JobState;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigCodecTest {
  private final ConfigCodec codec = new ConfigCodec();

  private TrainingConfiguration basic() {
    return codec.read(SeedExamplesTest.seed("basic-training-setup.json"), TrainingConfiguration.class);
  }

  @Test
  void storedTypesRoundTrip() {
    TrainingConfiguration config = basic();
    TrainingEvent event = new TrainingEvent("job-1", JobState.RUNNING, "model_training", 3, 10, 2,
        Map.of("loss", 0.25, "val_accuracy", 0.875), null, Instant.parse("2024-06-01T09:30:00.123456Z"));
    TrainingJob job = new TrainingJob("job-1", "org", "risk-model", "alice", JobState.FAILED, "missed minAccuracy",
        config, Instant.parse("2024-06-01T09:00:00Z"), null, null, event, null, Map.of("accuracy", 0.8), 12.5);
    assertEquals(job, codec.fromJson(codec.toJson(job), TrainingJob.class));

    TrainingConfiguration ensemble = config.toBuilder().advancedConfig(new AdvancedTrainingConfig(null, null, null,
        null, null, null, List.of(new EnsembleMember("mlp", config.hyperparameters(), 0.5, null),
            new EnsembleMember("linear", config.hyperparameters(), null, false)))).build();
    TrainingConfiguration read = codec.fromJson(codec.toJson(ensemble), TrainingConfiguration.class);
    assertEquals(ensemble, read);
    assertEquals(Boolean.FALSE, read.advancedConfig().ensemble().get(1).earlyStopping());

    Approval approval = new Approval("bob", Set.of("administrator", "ml_engineer"), LifecycleStage.PRODUCTION,
        "looks good", Instant.EPOCH);
    assertEquals(approval, codec.fromJson(codec.toJson(approval), Approval.class));
  }

  @Test
  void nonFiniteDoublesRoundTrip() {
    CostReport report = new CostReport("org", "EUR", 3.5, Map.of("job-1", 3.5), Double.NaN, false);
    assertEquals(report, codec.fromJson(codec.toJson(report), CostReport.class));
  }

  @Test
  void writingIsDeterministicWithSortedMapKeysAndSets() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("zeta", 1L);
    config.put("alpha", List.of("b", "a"));
    ModelVariant v = new ModelVariant("a", null, "m", "1", config, 100, null);
    String json = codec.toJson(v);
    assertEquals("""
        {
          "id": "a",
          "name": "a",
          "modelId": "m",
          "version": "1",
          "configuration": {
            "alpha": [
              "b",
              "a"
            ],
            "zeta": 1
          },
          "allocation": 100.0,
          "status": "active"
        }""", json);
    Approval approval = new Approval("bob", Set.of("c", "a", "b"), null, null, null);
    assertEquals("{\"userId\":\"bob\",\"roles\":[\"a\",\"b\",\"c\"]}", codec.toTree(approval).toString());
  }

  @Test
  void freeFormJsonBindsToPlainJavaValues() {
    ModelVariant v = codec.fromJson("""
        {"id": "a", "modelId": "m", "version": "1", "allocation": 100,
         "configuration": {"temperature": 0.5, "maxTokens": 256, "stream": false, "stop": ["\\n"],
                           "nested": {"big": 12345678901234567890}}}""", ModelVariant.class);
    Map<String, Object> c = v.configuration();
    assertEquals(0.5, c.get("temperature"));
    assertEquals(256L, c.get("maxTokens"));
    assertEquals(false, c.get("stream"));
    assertEquals(List.of("\n"), c.get("stop"));
    assertEquals(Map.of("big", 1.2345678901234567e19), c.get("nested"));
    assertEquals(v, codec.fromJson(codec.toJson(v), ModelVariant.class));
  }

  @Test
  void enumsAreReadCaseInsensitively() {
    assertEquals(ObjectiveType.FINE_TUNING, codec.fromJson("\"FINE_TUNING\"", ObjectiveType.class));
    assertEquals(ReviewStatus.APPROVED, codec.fromJson("\"Approved\"", ReviewStatus.class));
    assertEquals("\"fine_tuning\"", codec.toJson(ObjectiveType.FINE_TUNING));
    // an enum without a wire name uses its constant name
    assertEquals(ProviderKind.ALERT_SINK, codec.fromJson("\"alert_sink\"", ProviderKind.class));
  }

  @Test
  void quantitiesReadFromStringsAndNumbers() {
    ResourceRequirements r = codec.fromJson("{\"cpu\": 2, \"memory\": \"8Gi\", \"gpu\": 0.5, \"priority\": \"HIGH\"}",
        ResourceRequirements.class);
    assertEquals(Quantity.parse("2"), r.cpu());
    assertEquals(8L << 30, r.memory().longValue());
    assertEquals("0.5", r.gpu().text());
    assertEquals(Priority.HIGH, r.priority());
    assertEquals(r, codec.fromJson(codec.toJson(r), ResourceRequirements.class));
    assertEquals("\"8Gi\"", codec.toTree(r).get("memory").toString());
  }

  @ParameterizedTest
  @CsvSource({"2, 2", "500m, 0.5", "8Gi, 8589934592", "100Gi, 107374182400", "1.5, 1.5", "1e3, 1000", "8G, 8000000000",
      "0.5Ki, 512"})
  void quantitySpellings(String text, String amount) {
    ResourceAllocation a = codec.fromJson("{\"cpu\": \"" + text + "\", \"memory\": \"1Gi\"}", ResourceAllocation.class);
    assertEquals(0, new BigDecimal(amount).compareTo(a.cpu().amount()), text);
    assertEquals(text, a.cpu().text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"8Gb\"", "\"-1\"", "\"\"", "\"2 Gi\"", "-1", "true"})
  void badQuantities(String json) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> codec.fromJson("{\"cpu\": " + json + ", \"memory\": \"1Gi\"}", ResourceAllocation.class));
    assertEquals(1, e.violations().size());
    assertEquals("cpu", e.violations().get(0).path());
    assertEquals(Quantity.EXPECTED, e.violations().get(0).expected());
  }

  @Test
  void instantsAcceptDatesAndOffsets() {
    assertEquals(Instant.parse("2024-01-31T00:00:00Z"), codec.fromJson("\"2024-01-31\"", Instant.class));
    assertEquals(Instant.parse("2024-01-31T08:30:00Z"), codec.fromJson("\"2024-01-31T09:30:00+01:00\"", Instant.class));
    assertEquals("\"2024-01-31T00:00:00Z\"", codec.toJson(Instant.parse("2024-01-31T00:00:00Z")));
    assertEquals(LocalDate.of(2024, 2, 29), codec.fromJson("\"2024-02-29\"", LocalDate.class));
    assertEquals(Duration.ofSeconds(30), codec.fromJson("\"PT30S\"", Duration.class));
    UUID id = UUID.randomUUID();
    assertEquals(id, codec.fromJson(codec.toJson(id), UUID.class));
  }

  @Test
  void absentPrimitivesTakeTheRecordsDefaults() {
    CheckpointStrategy c = codec.fromJson("{\"enabled\": true, \"bestOnly\": true}", CheckpointStrategy.class);
    assertEquals(new CheckpointStrategy(true, 1, true, 2), c);
    DeploymentConfiguration d = codec.fromJson("{\"approvalRequired\": true}", DeploymentConfiguration.class);
    assertTrue(d.rollbackEnabled(), "DeploymentConfiguration.defaults() allows rollback");
    assertEquals(AdvancedTrainingConfig.defaults(), codec.fromJson("{}", AdvancedTrainingConfig.class));
  }

  @Test
  void nullMeansAbsent() {
    assertNull(codec.fromJson("null", TrainingConfiguration.class));
    assertEquals("null", codec.toJson(null));
    TrainingConfiguration config = basic();
    String withNull = codec.toJson(config).replace("\"gradientClipping\": 1.0", "\"gradientClipping\": null");
    assertNull(codec.fromJson(withNull, TrainingConfiguration.class).hyperparameters().gradientClipping());
  }

  @Test
  void siblingsOfAFailedPartAreStillChecked() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> codec.fromJson(
        "{\"minReplicas\": \"two\", \"maxReplicas\": 5, \"targetCPU\": 500, \"targetMemory\": 80}",
        dev.modelkit.deploy.ScalingConfig.class));
    assertEquals("Invalid ScalingConfig (2 problems):\n"
        + "  - minReplicas was '\"two\"' but it must be a whole number\n"
        + "  - targetCPU was '500' but it must be between 1 and 100", e.getMessage());
  }

  @Test
  void otherConstructorFailuresNameTheRecord() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> codec.fromJson(
        "{\"artifacts\": {\"model\": {\"sha256\": \"abc\", \"size\": 1}}}", dev.modelkit.governance.ModelVersion.class));
    assertEquals("Invalid ModelVersion (1 problem):\n"
        + "  - artifacts.model was '{\"sha256\":\"abc\",\"size\":1}' but it must be a valid ArtifactRef "
        + "(sha256 must be 64 lower-case hex digits, was 'abc')", e.getMessage());
  }

  @Test
  void genericTypesNeedATypeRef() {
    List<Map<String, Integer>> value = codec.fromJson("[{\"a\": 1}, {\"b\": 2}]", new TypeRef<List<Map<String, Integer>>>() {});
    assertEquals(List.of(Map.of("a", 1), Map.of("b", 2)), value);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> codec.fromJson("[{\"a\": 1}, {\"b\": \"x\"}]", new TypeRef<List<Map<String, Integer>>>() {}));
    assertEquals("Invalid List<Map<String, Integer>> (1 problem):\n  - [1].b was '\"x\"' but it must be a whole number",
        e.getMessage());
  }

  @Test
  void rawCollectionsAndObjectAreFreeForm() {
    assertEquals(Map.of("a", List.of(1L, 2.5, "x")), codec.fromJson("{\"a\": [1, 2.5, \"x\"]}", Map.class));
    assertEquals(List.of(true), codec.fromJson("[true]", Object.class));
  }

  @Test
  void jsonNodesPassThrough() {
    JsonNode node = codec.fromJson("{\"x\": [1, {\"y\": null}]}", JsonNode.class);
    assertEquals("{\"x\":[1,{\"y\":null}]}", node.toString());
  }

  @Test
  void unsupportedTypesAreRefusedWithTheList() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.toJson(new StringBuilder[0]));
    assertTrue(e.getMessage().startsWith("ConfigCodec cannot bind java.lang.StringBuilder[]: supported are records"),
        e.getMessage());
  }

  @Test
  void syntaxErrorsNameTheFileAndPosition(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\n  \"organizationId\": \"org\",\n  \"modelName\" \"x\"\n}");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> codec.read(file, TrainingConfiguration.class));
    assertTrue(e.getMessage().startsWith(file + " is not valid JSON at line 3, column 15: Unexpected character"),
        e.getMessage());
    assertTrue(e.violations().isEmpty());
  }

  @Test
  void duplicateKeysAndTrailingContentAreSyntaxErrors() {
    assertThrows(ConfigurationException.class, () -> codec.fromJson("{\"a\": 1, \"a\": 2}", Map.class));
    assertThrows(ConfigurationException.class, () -> codec.fromJson("{} {}", Map.class));
    ConfigurationException empty = assertThrows(ConfigurationException.class, () -> codec.fromJson("  ", Map.class));
    assertEquals("The JSON of Map is empty; expected a JSON value", empty.getMessage());
  }

  @Test
  void commentsAreAllowed() {
    assertEquals(Map.of("duration", 3600L), codec.fromJson("{\"duration\": 3600 // 1 hour\n}", Map.class));
  }

  @Test
  void validationErrorsNameTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"cpu\": \"2\", \"memory\": \"8Gb\"}");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> codec.read(file, ResourceRequirements.class));
    assertEquals("Invalid ResourceRequirements in " + file + " (1 problem):\n"
        + "  - memory was '8Gb' but it must " + Quantity.EXPECTED, e.getMessage());
    ConfigurationException missing = assertThrows(ConfigurationException.class,
        () -> codec.read(dir.resolve("nope.json"), ResourceRequirements.class));
    assertEquals("Cannot read " + dir.resolve("nope.json") + ": the file does not exist", missing.getMessage());
  }

  @Test
  void aCodecIsSharedSafelyBetweenThreads() throws Exception {
    String json = codec.toJson(basic());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      ConfigCodec shared = new ConfigCodec();
      List<Future<TrainingConfiguration>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        results.add(pool.submit(() -> shared.fromJson(shared.toJson(shared.fromJson(json, TrainingConfiguration.class)),
            TrainingConfiguration.class)));
      }
      TrainingConfiguration expected = basic();
      for (Future<TrainingConfiguration> f : results) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readingDoesNotMutateOrShareState() {
    TrainingConfiguration a = basic();
    TrainingConfiguration b = basic();
    assertEquals(a, b);
    assertFalse(a == b);
    assertSame(a.getClass(), b.getClass());
  }
}
