package dev.modelkit.deployment;

import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.TargetType;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks the files of {@code batch} and {@code edge} targets before anything is loaded. */
final class OfflineTargets {
  private OfflineTargets() {}

  /**
   * @param target a batch or edge target
   * @throws ConfigurationException naming every missing, unreadable or misplaced file
   */
  static void checkFiles(DeploymentTarget target) {
    DeploymentConfig c = target.configuration();
    List<Violation> problems = new ArrayList<>();
    if (target.type() == TargetType.BATCH) {
      Path in = path(problems, "configuration.input", c.input(), "name the .csv or .jsonl file to score");
      if (in != null) {
        String name = in.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isReadable(in)) {
          problems.add(new Violation("configuration.input", c.input(), "name a readable file; it does not exist or cannot be read"));
        } else if (!name.endsWith(".csv") && !name.endsWith(".jsonl") && !name.endsWith(".json")) {
          problems.add(new Violation("configuration.input", c.input(), "be a .csv file with a header row or a .jsonl file"));
        }
      }
      Path out = path(problems, "configuration.output", c.output(), "name the JSON Lines file to write");
      if (out != null) {
        Path progress = out.resolveSibling(out.getFileName() + ".progress");
        if (Files.exists(out) && !Files.exists(progress)) {
          problems.add(new Violation("configuration.output", c.output(), "not exist yet (an interrupted run leaves a "
              + ".progress file beside it and is continued); delete it or choose another path"));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
          problems.add(new Violation("configuration.output", c.output(), "be in an existing directory; create " + parent));
        }
      }
    } else {
      Path out = path(problems, "configuration.output", c.output(), "name the directory to export into");
      if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
        problems.add(new Violation("configuration.output", c.output(), "be a directory; it is a file"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("DeploymentTarget(" + target.id() + ", " + target.type().wireName() + ")", problems);
    }
  }

  private static Path path(List<Violation> problems, String field, String value, String fix) {
    if (value == null || value.isBlank()) {
      problems.add(new Violation(field, value, fix));
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      problems.add(new Violation(field, value, "be a valid path: " + e.getMessage()));
      return null;
    }
  }
}
