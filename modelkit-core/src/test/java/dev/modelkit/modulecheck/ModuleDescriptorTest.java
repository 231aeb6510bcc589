package dev.modelkit.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.spi.ProviderKind;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor and the {@code META-INF/services} files must say the same thing, because
 * module-path users see only the first and class-path users only the second; and the module must
 * actually run on the module path.
 */
class ModuleDescriptorTest {
  private static final Path CLASSES = Path.of("target", "classes");

  private static ModuleDescriptor descriptor() throws IOException {
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void providesMatchesTheServiceFiles() throws IOException {
    Map<String, Set<String>> fromDescriptor = new TreeMap<>();
    for (ModuleDescriptor.Provides p : descriptor().provides()) {
      fromDescriptor.put(p.service(), new TreeSet<>(p.providers()));
    }
    Map<String, Set<String>> fromFiles = new TreeMap<>();
    try (Stream<Path> files = Files.list(CLASSES.resolve("META-INF/services"))) {
      for (Path f : files.toList()) {
        Set<String> names = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
            .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
        fromFiles.put(f.getFileName().toString(), names);
      }
    }
    assertEquals(fromFiles, fromDescriptor);
  }

  @Test
  void everyProviderKindIsUsedAndEveryPublicPackageExported() throws IOException {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.modelkit.core", d.name());
    Set<String> kinds = Arrays.stream(ProviderKind.values()).map(k -> k.type().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    // services loaded by pipelines that are not provider kinds (no default to choose, all are used)
    kinds.add(dev.modelkit.spi.NotificationChannelProvider.class.getName());
    kinds.add(dev.modelkit.spi.PiiDetector.class.getName());
    assertEquals(kinds, new TreeSet<>(d.uses()));
    Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> publicPackages = d.packages().stream().filter(p -> !p.contains(".internal"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(publicPackages, exported);
  }

  @Test
  void runsOnTheModulePath(@TempDir Path home) throws Exception {
    List<String> modulePath = new ArrayList<>();
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean module = entry.endsWith(Path.of("modelkit-core", "target", "classes").toString())
          || entry.endsWith(Path.of("modelkit-api", "target", "classes").toString())
          || name.startsWith("modelkit-api") || name.startsWith("slf4j-") || name.startsWith("jackson-")
          || name.startsWith("sqlite-jdbc") || name.startsWith("hipparchus-");
      if (module) {
        modulePath.add(entry);
      } else if (entry.endsWith(Path.of("target", "test-classes").toString())) {
        classPath.add(entry);
      }
    }
    Path config = Path.of(getClass().getResource("/seed/basic-training-setup.json").toURI());
    Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(),
        "--module-path", String.join(java.io.File.pathSeparator, modulePath),
        "--add-modules", "dev.modelkit.core",
        "-cp", String.join(java.io.File.pathSeparator, classPath),
        ModulePathMain.class.getName(), home.toString(), config.toString())
        .redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("module=dev.modelkit.core\n"), out);
    assertTrue(out.contains("metadata=[sqlite]\n"), out);
    assertTrue(out.contains("artifacts=[file]\n"), out);
    assertTrue(out.contains("sinks=[log, webhook]\n"), out);
    assertTrue(out.contains("jobs=1\n"), out);
    assertTrue(out.contains("audit=true\n"), out);
  }
}
