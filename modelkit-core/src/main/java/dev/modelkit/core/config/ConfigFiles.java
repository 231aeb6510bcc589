package dev.modelkit.core.config;

import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a {@link TrainingConfiguration} from a JSON file so that the data it names is found where
 * the file says.
 *
 * <p>A relative {@code datasetConfig.*.source} is resolved against the directory of the
 * configuration file and rewritten as an absolute, normalised path, because the configuration
 * outlives the file: it is stored with the job and trained later, possibly from another working
 * directory. The training engine resolves sources against {@code TrainingContext.dataRoot()};
 * an absolute path resolves to itself there, so nothing else needs to know about the file.
 * Sources that are already absolute, or that name a URI scheme ({@code s3://...}, {@code
 * jdbc:...}), are kept as written. See docs/decisions/0020-json-configuration.md.
 *
 * <p>Thread-safe.
 */
public final class ConfigFiles {
  // a scheme of two or more letters, so that a Windows drive ("C:\data") is not taken for one
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  private final ConfigCodec codec;

  /** Uses a new {@link ConfigCodec}. */
  public ConfigFiles() {
    this(new ConfigCodec());
  }

  /** @param codec the codec to read with */
  public ConfigFiles(ConfigCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * @param file a JSON training configuration
   * @return the validated configuration, relative data sources made absolute against the file's
   *     directory
   * @throws dev.modelkit.ConfigurationException naming the file and listing every problem
   */
  public TrainingConfiguration readTrainingConfiguration(Path file) {
    TrainingConfiguration config = codec.read(file, TrainingConfiguration.class);
    return resolveSources(config, baseDirectory(file));
  }

  /**
   * @param file a configuration file
   * @return the absolute directory its relative paths are resolved against
   */
  public static Path baseDirectory(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return parent == null ? file.toAbsolutePath().getRoot() : parent;
  }

  /**
   * @param config a configuration
   * @param baseDirectory the directory relative sources are relative to
   * @return the configuration with every relative file source resolved against {@code
   *     baseDirectory}; the same instance when nothing changed
   */
  public static TrainingConfiguration resolveSources(TrainingConfiguration config, Path baseDirectory) {
    DatasetConfiguration d = config.datasetConfig();
    List<DataSource> training = resolve(d.trainingData(), baseDirectory);
    List<DataSource> validation = resolve(d.validationData(), baseDirectory);
    List<DataSource> test = resolve(d.testData(), baseDirectory);
    if (training == d.trainingData() && validation == d.validationData() && test == d.testData()) {
      return config;
    }
    DatasetConfiguration resolved = new DatasetConfiguration(training, validation, test,
        d.dataPreprocessing(), d.privacyConfig());
    return config.toBuilder().datasetConfig(resolved).build();
  }

  private static List<DataSource> resolve(List<DataSource> sources, Path base) {
    List<DataSource> out = new ArrayList<>(sources.size());
    boolean changed = false;
    for (DataSource s : sources) {
      String resolved = resolve(s.source(), base);
      if (resolved.equals(s.source())) {
        out.add(s);
      } else {
        changed = true;
        out.add(new DataSource(s.id(), s.type(), resolved, s.schema(), s.filters(), s.permissions(), s.lastUpdated()));
      }
    }
    return changed ? out : sources;
  }

  private static String resolve(String source, Path base) {
    if (URI_SCHEME.matcher(source).matches()) {
      return source;
    }
    try {
      Path p = Path.of(source);
      return p.isAbsolute() ? source : base.resolve(p).normalize().toString();
    } catch (InvalidPathException e) {
      return source;
    }
  }
}
