package dev.modelkit.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.training.TrainingConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedExamplesTest {
  private final ConfigCodec codec = new ConfigCodec();

  static Path seed(String name) {
    try {
      return Path.of(SeedExamplesTest.class.getResource("/seed/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void basicTrainingSetupRoundTrips() throws IOException {
    TrainingConfiguration config = codec.read(seed("basic-training-setup.json"), TrainingConfiguration.class);
    assertEquals("gpt-3.5-turbo", config.baseModel());
    assertEquals(0.9, config.hyperparameters().optimizerConfig().parameters().get("beta1"));
    assertEquals(0.1, config.hyperparameters().schedulerConfig().parameters().get("warmup_ratio"));
    String json = codec.toJson(config);
    assertEquals(config, codec.fromJson(json, TrainingConfiguration.class));
    assertContains(tree("basic-training-setup.json"), codec.toTree(config), "");
    assertEquals(List.of("trainingObjective.classWeighting", "trainingObjective.calibrateProbabilities",
        "datasetConfig.dataPreprocessing.augmentationConfig", "datasetConfig.dataPreprocessing.invalidRows",
        "datasetConfig.dataPreprocessing.imputation", "datasetConfig.dataPreprocessing.maxVocabulary",
        "datasetConfig.dataPreprocessing.maxTextTokens", "hyperparameters.seed", "hyperparameters.hiddenUnits",
        "validationConfig.earlyStoppingConfig.direction", "validationConfig.crossValidation",
        "validationConfig.refit", "deploymentConfig.requiredApprovals", "advancedConfig", "resources"),
        added(tree("basic-training-setup.json"), codec.toTree(config)));
  }

  @Test
  void knowledgeBaseCreationRoundTrips() throws IOException {
    TypeRef<List<KnowledgeDocument>> docs = new TypeRef<>() {};
    List<KnowledgeDocument> read = codec.read(seed("knowledge-base-creation.json"), docs);
    assertEquals(1, read.size());
    assertEquals(read, codec.fromJson(codec.toJson(read), docs));
    assertContains(tree("knowledge-base-creation.json"), codec.toTree(read), "");
    assertEquals(List.of("[0].metadata.allowedRoles", "[0].metadata.allowedUsers", "[0].metadata.extra"),
        added(tree("knowledge-base-creation.json"), codec.toTree(read)));
  }

  @Test
  void abTestingSetupRoundTrips() throws IOException {
    AbTestSetup setup = codec.read(seed("ab-testing-setup.json"), AbTestSetup.class);
    assertEquals(0.7, setup.variants().get(0).configuration().get("temperature"));
    assertEquals(setup, codec.fromJson(codec.toJson(setup), AbTestSetup.class));
    assertContains(tree("ab-testing-setup.json"), codec.toTree(setup), "");
    assertEquals(List.of(), added(tree("ab-testing-setup.json"), codec.toTree(setup)));
  }

  @Test
  void modelDeploymentRoundTrips() throws IOException {
    DeploymentSetup setup = codec.read(seed("model-deployment.json"), DeploymentSetup.class);
    assertEquals("2", setup.deploymentTarget().configuration().resources().cpu().text());
    assertEquals(setup, codec.fromJson(codec.toJson(setup), DeploymentSetup.class));
    assertContains(tree("model-deployment.json"), codec.toTree(setup), "");
    assertEquals(List.of("deploymentTarget.configuration.port", "deploymentTarget.configuration.host",
        "deploymentTarget.configuration.concurrency"), added(tree("model-deployment.json"), codec.toTree(setup)));
  }

  static JsonNode tree(String name) throws IOException {
    try (InputStream in = SeedExamplesTest.class.getResourceAsStream("/seed/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** @return the paths of fields in {@code written} that {@code original} does not have (defaults the records add) */
  static List<String> added(JsonNode original, JsonNode written) {
    List<String> out = new ArrayList<>();
    added(original, written, "", out);
    return out;
  }

  private static void added(JsonNode original, JsonNode written, String path, List<String> out) {
    if (written.isObject()) {
      written.fields().forEachRemaining(e -> {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        JsonNode o = original.get(e.getKey());
        if (o == null) {
          out.add(p);
        } else {
          added(o, e.getValue(), p, out);
        }
      });
    } else if (written.isArray()) {
      for (int i = 0; i < written.size(); i++) {
        added(original.get(i), written.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /** Every value of {@code expected} is in {@code actual}; numbers compare by value. */
  static void assertContains(JsonNode expected, JsonNode actual, String path) {
    if (expected.isNumber()) {
      assertTrue(actual.isNumber(), path + " should be a number but was " + actual);
      assertEquals(0, expected.decimalValue().compareTo(actual.decimalValue()), path + ": " + expected + " vs " + actual);
    } else if (expected.isObject()) {
      assertTrue(actual.isObject(), path + " should be an object but was " + actual);
      expected.fields().forEachRemaining(e -> {
        JsonNode a = actual.get(e.getKey());
        assertTrue(a != null, path + "." + e.getKey() + " is missing from " + actual);
        assertContains(e.getValue(), a, path + "." + e.getKey());
      });
    } else if (expected.isArray()) {
      assertTrue(actual.isArray() && actual.size() == expected.size(), path + " should be " + expected + " but was " + actual);
      for (int i = 0; i < expected.size(); i++) {
        assertContains(expected.get(i), actual.get(i), path + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, path);
    }
  }
}
