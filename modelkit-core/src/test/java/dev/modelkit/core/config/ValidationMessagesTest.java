package dev.modelkit.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.ConfigurationException;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.training.TrainingConfiguration;
import java.io.IOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Validation messages, asserted word for word, on edits of the seed's basic training setup. */
class ValidationMessagesTest {
  private final ConfigCodec codec = new ConfigCodec();

  private String invalid(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) SeedExamplesTest.tree("basic-training-setup.json");
    edit.accept(root);
    return assertThrows(ConfigurationException.class,
        () -> codec.fromJson(root.toString(), TrainingConfiguration.class)).getMessage();
  }

  private static ObjectNode at(ObjectNode root, String path) {
    JsonNode n = root.at(path);
    return (ObjectNode) n;
  }

  @Test
  void unknownFieldListsTheKnownFields() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - trainingObjective.foo was 'bar' but it must be one of the known fields: "
        + "type, domain, tasks, successMetrics, qualityThresholds, positiveClass, classWeighting, "
        + "calibrateProbabilities, distillation",
        invalid(r -> at(r, "/trainingObjective").put("foo", "bar")));
  }

  @Test
  void wrongJsonTypeShowsTheJson() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - hyperparameters.epochs was '\"ten\"' but it must be a whole number",
        invalid(r -> at(r, "/hyperparameters").put("epochs", "ten")));
  }

  @Test
  void fractionForAWholeNumber() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - hyperparameters.batchSize was '32.5' but it must be a whole number",
        invalid(r -> at(r, "/hyperparameters").put("batchSize", 32.5)));
  }

  @Test
  void numberTooLargeForAnInt() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - hyperparameters.batchSize was '3000000000' but it must be a whole number between -2147483648 and 2147483647",
        invalid(r -> at(r, "/hyperparameters").put("batchSize", 3_000_000_000L)));
  }

  @Test
  void zeroEpochs() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - hyperparameters.epochs was '0' but it must be at least 1",
        invalid(r -> at(r, "/hyperparameters").put("epochs", 0)));
  }

  @Test
  void negativeLearningRate() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - hyperparameters.learningRate was '-1' but it must be greater than 0",
        invalid(r -> at(r, "/hyperparameters").put("learningRate", -1)));
  }

  @Test
  void unknownBaseModel() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - baseModel was 'gpt-5' but it must be one of custom, all-minilm-l6-v2, gpt-3.5-turbo, gpt-4, claude-3, "
        + "model:<modelId>:<version> or torchscript:<path>",
        invalid(r -> r.put("baseModel", "gpt-5")));
  }

  @Test
  void badMemoryQuantity() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - resources.memory was '8Gb' but it must be a quantity such as \"2\", \"500m\", \"8Gi\" or \"100G\" "
        + "(suffixes n u m k M G T P E Ki Mi Gi Ti Pi Ei)",
        invalid(r -> r.putObject("resources").put("cpu", "2").put("memory", "8Gb")));
  }

  @Test
  void badEnumListsTheAcceptedSpellings() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - trainingObjective.type was 'finetuning' but it must be one of fine_tuning, knowledge_distillation, "
        + "domain_adaptation, risk_classification",
        invalid(r -> at(r, "/trainingObjective").put("type", "finetuning")));
  }

  @Test
  void listIndexesInPaths() throws IOException {
    assertEquals("Invalid TrainingConfiguration (2 problems):\n"
        + "  - datasetConfig.trainingData[0].type was 'xls' but it must be one of csv, jsonl, json, arff\n"
        + "  - datasetConfig.trainingData[0].schema.outputFields was missing but it must list at least one field",
        invalid(r -> {
          ObjectNode source = at(r, "/datasetConfig/trainingData/0");
          source.put("type", "xls");
          ((ObjectNode) source.get("schema")).remove("outputFields");
        }));
  }

  @Test
  void nullInsideAList() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - trainingObjective.tasks[1] was 'null' but it must not be null",
        invalid(r -> at(r, "/trainingObjective").withArray("tasks").set(1, com.fasterxml.jackson.databind.node.NullNode.getInstance())));
  }

  @Test
  void missingRequiredFields() throws IOException {
    assertEquals("Invalid TrainingConfiguration (2 problems):\n"
        + "  - organizationId was missing but it must be present\n"
        + "  - hyperparameters.epochs was missing but it must be at least 1",
        invalid(r -> {
          r.remove("organizationId");
          at(r, "/hyperparameters").remove("epochs");
        }));
  }

  @Test
  void objectExpected() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - trainingObjective was '\"fine_tuning\"' but it must be an object",
        invalid(r -> r.put("trainingObjective", "fine_tuning")));
  }

  @Test
  void everyFailureInOneMessageInDocumentOrder() throws IOException {
    assertEquals("Invalid TrainingConfiguration (8 problems):\n"
        + "  - modelName was ' ' but it must not be blank\n"
        + "  - baseModel was 'gpt-5' but it must be one of custom, all-minilm-l6-v2, gpt-3.5-turbo, gpt-4, claude-3, "
        + "model:<modelId>:<version> or torchscript:<path>\n"
        + "  - trainingObjective.foo was 'bar' but it must be one of the known fields: "
        + "type, domain, tasks, successMetrics, qualityThresholds, positiveClass, classWeighting, "
        + "calibrateProbabilities, distillation\n"
        + "  - trainingObjective.qualityThresholds.minAccuracy was '1.7' but it must be between 0 and 1\n"
        + "  - hyperparameters.learningRate was '-1' but it must be greater than 0\n"
        + "  - hyperparameters.batchSize was '\"ten\"' but it must be a whole number\n"
        + "  - hyperparameters.epochs was '0' but it must be at least 1\n"
        + "  - resources.memory was '8Gb' but it must be a quantity such as \"2\", \"500m\", \"8Gi\" or \"100G\" "
        + "(suffixes n u m k M G T P E Ki Mi Gi Ti Pi Ei)",
        invalid(r -> {
          r.put("modelName", " ");
          r.put("baseModel", "gpt-5");
          at(r, "/trainingObjective").put("foo", "bar");
          at(r, "/trainingObjective/qualityThresholds").put("minAccuracy", 1.7);
          at(r, "/hyperparameters").put("learningRate", -1).put("batchSize", "ten").put("epochs", 0);
          r.putObject("resources").put("cpu", "2").put("memory", "8Gb");
        }));
  }

  @Test
  void optimizerParametersAreChecked() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - hyperparameters.optimizerConfig.parameters.beta1 was '1.5' but it must be between 0 and 0.999999",
        invalid(r -> at(r, "/hyperparameters/optimizerConfig/parameters").put("beta1", 1.5)));
  }

  @Test
  void badInstant() throws IOException {
    assertEquals("Invalid TrainingConfiguration (1 problem):\n"
        + "  - datasetConfig.trainingData[0].lastUpdated was 'yesterday' but it must be an ISO-8601 instant "
        + "such as \"2024-01-31T09:30:00Z\" or a date such as \"2024-01-31\"",
        invalid(r -> at(r, "/datasetConfig/trainingData/0").put("lastUpdated", "yesterday")));
  }

  @Test
  void allocationsMustSumTo100() {
    String json = """
        {"variants": [
           {"id": "a", "modelId": "m", "version": "1", "allocation": 60},
           {"id": "b", "modelId": "m", "version": "2", "allocation": 150}],
         "successMetrics": []}""";
    assertEquals("Invalid AbTestSetup (2 problems):\n"
        + "  - variants[1].allocation was '150' but it must be between 0 and 100\n"
        + "  - successMetrics was missing but it must be present",
        assertThrows(ConfigurationException.class, () -> codec.fromJson(json.replace("[]", "null"), AbTestSetup.class))
            .getMessage());
    String overAllocated = json.replace("150", "50").replace("[]", "[{\"name\": \"accuracy\", \"type\": \"quality\", \"direction\": \"increase\"}]");
    assertEquals("Invalid AbTestSetup (1 problem):\n"
        + "  - variants was '110.0%' but it must have allocations that sum to 100",
        assertThrows(ConfigurationException.class, () -> codec.fromJson(overAllocated, AbTestSetup.class)).getMessage());
  }

  @Test
  void secretsAreMasked() {
    String json = """
        {"id": "prod", "environment": "production", "type": "api",
         "configuration": {"replicas": 1, "environment": {"API_KEY": 12345, "LOG_LEVEL": 3}},
         "password": "hunter2"}""";
    assertEquals("Invalid DeploymentTarget (3 problems):\n"
        + "  - password was '****' but it must be one of the known fields: "
        + "id, name, environment, type, configuration, resources, scaling, monitoring\n"
        + "  - configuration.environment.API_KEY was '****' but it must be a string\n"
        + "  - configuration.environment.LOG_LEVEL was '3' but it must be a string",
        assertThrows(ConfigurationException.class, () -> codec.fromJson(json, DeploymentTarget.class)).getMessage());
  }
}
