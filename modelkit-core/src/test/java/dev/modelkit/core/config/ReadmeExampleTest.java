package dev.modelkit.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.modelkit.ConfigurationException;
import dev.modelkit.training.TrainingConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module README's configuration example loads, points at real data, and fails as shown. */
class ReadmeExampleTest {
  private final ConfigCodec codec = new ConfigCodec();

  private static String block(String readme, String fence) {
    int start = readme.indexOf(fence + "\n", readme.indexOf("## Configuration")) + fence.length() + 1;
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void exampleLoadsAndItsDataExists() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    TrainingConfiguration config = codec.fromJson(block(readme, "```json"), TrainingConfiguration.class);
    Path repoRoot = Path.of(System.getProperty("modelkit.data")).toAbsolutePath().getParent();
    TrainingConfiguration resolved = ConfigFiles.resolveSources(config, repoRoot);
    assertTrue(Files.isRegularFile(Path.of(resolved.datasetConfig().trainingData().get(0).source())));

    ObjectNode broken = (ObjectNode) JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build()
        .readTree(block(readme, "```json"));
    broken.put("baseModel", "gpt-5");
    ((ObjectNode) broken.get("trainingObjective")).put("foo", "bar");
    ((ObjectNode) broken.get("hyperparameters")).put("epochs", 0);
    ((ObjectNode) broken.get("resources")).put("memory", "8Gb");
    String message = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class,
        () -> codec.fromJson(broken.toString(), TrainingConfiguration.class)).getMessage();
    int from = readme.indexOf("Invalid TrainingConfiguration in training.json (4 problems):");
    List<String> shown = Arrays.stream(readme.substring(from, readme.indexOf("```", from)).split("\n"))
        .skip(1).collect(Collectors.toList());
    List<String> actual = Arrays.asList(message.split("\n"));
    assertEquals("Invalid TrainingConfiguration (4 problems):", actual.get(0));
    assertEquals(shown, actual.subList(1, actual.size()));
  }
}
