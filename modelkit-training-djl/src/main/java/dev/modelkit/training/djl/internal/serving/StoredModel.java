package dev.modelkit.training.djl.internal.serving;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.TrainingException;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.training.djl.internal.features.FeaturePipeline;
import dev.modelkit.training.djl.internal.nn.NamedWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The artifacts of one model version, read from or written to an artifact store: {@code
 * manifest} (JSON), {@code preprocessing} (the fitted pipeline, JSON), {@code model} (weights or,
 * for imports, the model file) and, when a Hugging Face tokenizer was used, {@code tokenizer}.
 *
 * @param manifest what the model is
 * @param pipeline its fitted preprocessing (null for imported models)
 * @param weights its trained weights (null for imported models)
 * @param modelFile the imported model file's bytes (null for trained models)
 * @param tokenizer the tokenizer.json bytes, or null
 */
public record StoredModel(ModelManifest manifest, FeaturePipeline pipeline, NamedWeights weights, byte[] modelFile,
    byte[] tokenizer) {
  /** Artifact name of the manifest. */
  public static final String MANIFEST = "manifest";
  /** Artifact name of the fitted preprocessing. */
  public static final String PREPROCESSING = "preprocessing";
  /** Artifact name of the weights or model file. */
  public static final String MODEL = "model";
  /** Artifact name of the tokenizer file. */
  public static final String TOKENIZER = "tokenizer";

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** @return the shared JSON mapper for manifests and pipelines */
  public static ObjectMapper json() {
    return JSON;
  }

  /**
   * Stores the artifacts.
   *
   * @param store the artifact store
   * @return artifact name to reference
   */
  public Map<String, ArtifactRef> write(ArtifactStore store) {
    try {
      Map<String, ArtifactRef> refs = new LinkedHashMap<>();
      refs.put(MANIFEST, store.put(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest)));
      if (pipeline != null) {
        refs.put(PREPROCESSING, store.put(JSON.writeValueAsBytes(pipeline)));
      }
      refs.put(MODEL, store.put(weights != null ? weights.toBytes() : modelFile));
      if (tokenizer != null) {
        refs.put(TOKENIZER, store.put(tokenizer));
      }
      return refs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a version's artifacts.
   *
   * @param version the version
   * @param store where they are
   * @return the model
   * @throws TrainingException naming the version and artifact when one is missing or unreadable
   */
  public static StoredModel read(ModelVersion version, ArtifactStore store) {
    String who = version.modelId() + ":" + version.version();
    ModelManifest manifest = readJson(version, store, MANIFEST, ModelManifest.class, true);
    if (manifest.formatVersion() > ModelManifest.ENSEMBLE_FORMAT) {
      throw new TrainingException("model " + who + " has manifest format " + manifest.formatVersion()
          + ", newer than this engine's " + ModelManifest.ENSEMBLE_FORMAT + "; upgrade modelkit-training-djl");
    }
    FeaturePipeline pipeline = readJson(version, store, PREPROCESSING, FeaturePipeline.class,
        ModelManifest.TABULAR_MLP.equals(manifest.kind()));
    byte[] model = bytes(version, store, MODEL, true);
    byte[] tokenizer = bytes(version, store, TOKENIZER, false);
    if (ModelManifest.TABULAR_MLP.equals(manifest.kind())) {
      try {
        return new StoredModel(manifest, pipeline, NamedWeights.fromBytes(model), null, tokenizer);
      } catch (IllegalArgumentException e) {
        throw new TrainingException("model " + who + " artifact 'model' is not readable: " + e.getMessage(), e);
      }
    }
    return new StoredModel(manifest, pipeline, null, model, tokenizer);
  }

  private static <T> T readJson(ModelVersion v, ArtifactStore store, String name, Class<T> type, boolean required) {
    byte[] b = bytes(v, store, name, required);
    if (b == null) {
      return null;
    }
    try {
      return JSON.readValue(b, type);
    } catch (IOException e) {
      throw new TrainingException("model " + v.modelId() + ":" + v.version() + " artifact '" + name
          + "' is not valid: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(ModelVersion v, ArtifactStore store, String name, boolean required) {
    ArtifactRef ref = v.artifacts().get(name);
    if (ref == null) {
      if (required) {
        throw new TrainingException("model " + v.modelId() + ":" + v.version() + " has no '" + name
            + "' artifact (it has " + v.artifacts().keySet() + "); it was not made by the pytorch engine");
      }
      return null;
    }
    return store.read(ref);
  }
}
