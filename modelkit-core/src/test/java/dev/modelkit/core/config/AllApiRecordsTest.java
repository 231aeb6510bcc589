package dev.modelkit.core.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelkit.ConfigurationException;
import dev.modelkit.training.TrainingConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every record of the public API can be bound: reading an empty object either succeeds or fails
 * with a ConfigurationException, never with another exception, so no API type has a component the
 * codec cannot handle and no constructor failure escapes unreported.
 */
class AllApiRecordsTest {

  @Test
  void everyApiRecordBindsOrReportsWhy() throws Exception {
    List<Class<?>> records = apiRecords();
    assertTrue(records.size() > 60, "found only " + records.size() + " records");
    ConfigCodec codec = new ConfigCodec();
    List<String> escaped = new ArrayList<>();
    for (Class<?> type : records) {
      for (String json : List.of("{}", "{\"unknownField\": 1}", "[]")) {
        try {
          Object value = codec.fromJson(json, type);
          if (value != null) {
            codec.fromJson(codec.toJson(value), type);
          }
        } catch (ConfigurationException expected) {
          // reported with paths: what the codec promises
        } catch (RuntimeException e) {
          escaped.add(type.getName() + " with " + json + ": " + e);
        }
      }
    }
    if (!escaped.isEmpty()) {
      fail(String.join("\n", escaped));
    }
  }

  private static List<Class<?>> apiRecords() throws IOException, ClassNotFoundException, java.net.URISyntaxException {
    URI location = TrainingConfiguration.class.getProtectionDomain().getCodeSource().getLocation().toURI();
    Path root = Path.of(location);
    List<Class<?>> out = new ArrayList<>();
    if (Files.isDirectory(root)) {
      collect(root, out);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
        collect(jar.getPath("/"), out);
      }
    }
    return out;
  }

  private static void collect(Path root, List<Class<?>> out) throws IOException, ClassNotFoundException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
          .forEach(p -> names.add(root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "")));
    }
    for (String name : names) {
      Class<?> c = Class.forName(name, false, AllApiRecordsTest.class.getClassLoader());
      if (c.isRecord()) {
        out.add(c);
      }
    }
  }
}
