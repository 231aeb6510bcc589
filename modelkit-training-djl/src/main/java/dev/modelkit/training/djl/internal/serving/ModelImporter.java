package dev.modelkit.training.djl.internal.serving;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.ModelFormat;
import dev.modelkit.training.ModelImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Registers an existing ONNX classifier as ModelKit artifacts after checking, with ONNX Runtime,
 * that it has the promised signature: one float input {@code [rows, features]} and one output
 * {@code [rows, classes]}. TensorFlow SavedModels are refused: DJL 0.36's TensorFlow engine needs
 * TensorFlow 2.16.1 native libraries that DJL downloads on first use and that are not published
 * on Maven Central, so they cannot be obtained offline.
 */
public final class ModelImporter {
  private final Map<String, String> libraries;

  /** @param libraries library versions for lineage */
  public ModelImporter(Map<String, String> libraries) {
    this.libraries = libraries;
  }

  /**
   * @param request what to import
   * @param baseDirectory where a relative source resolves
   * @param store where to store the artifacts
   * @return the artifacts, the file's SHA-256 (as {@code model_file}) and library versions
   * @throws UnsupportedOperationException for TensorFlow SavedModels
   * @throws ConfigurationException naming the file and what does not match
   */
  public TrainingResult importModel(ModelImport request, Path baseDirectory, ArtifactStore store) {
    if (request.format() == ModelFormat.TENSORFLOW_SAVED_MODEL) {
      throw new UnsupportedOperationException("importing TensorFlow SavedModels is not supported yet: DJL 0.36's"
          + " TensorFlow engine needs the TensorFlow 2.16.1 native library, which DJL downloads on first use and which"
          + " is not published on Maven Central (ai.djl.tensorflow:tensorflow-native-cpu stops at 2.10.1), so it cannot"
          + " run offline; convert the SavedModel to ONNX (for example with tf2onnx) and import it with format onnx");
    }
    Path p = Path.of(request.source());
    Path file = p.isAbsolute() ? p : baseDirectory.resolve(p);
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw invalid("source", request.source(), "name a readable .onnx file (" + file + " is not)");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigurationException("ONNX file " + file + " could not be read: " + e.getMessage(), e);
    }
    inspect(file, bytes, request);
    ModelManifest.TaskSpec task = new ModelManifest.TaskSpec("imported", "output", "label", request.labels(),
        -1, 0.5, "none", 1, 0);
    ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, ModelManifest.ONNX, request.inputFields().size(),
        List.of(), false, List.of(task), request.inputFields(), request.inputFields(), libraries);
    Map<String, ArtifactRef> refs = new StoredModel(manifest, null, null, bytes, null).write(store);
    Map<String, String> lib = new java.util.LinkedHashMap<>(libraries);
    lib.put("onnxruntime", environment().getVersion());
    return new TrainingResult(refs, Map.of(), Map.of("model_file", sha256(bytes)), lib, List.of());
  }

  private static OrtEnvironment environment() {
    // DJL's engine creates the process-wide ONNX Runtime environment with its own thread options;
    // creating it here first would make DJL fail later
    ai.djl.engine.Engine.getEngine("OnnxRuntime");
    return OrtEnvironment.getEnvironment();
  }

  private static void inspect(Path file, byte[] bytes, ModelImport request) {
    OrtEnvironment env = environment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(bytes, options)) {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      if (inputs.size() != 1) {
        throw invalid("source", request.source(), "be a model with one float input of shape [rows, "
            + request.inputFields().size() + "]; " + file + " takes " + inputs.size() + " inputs " + describe(inputs));
      }
      NodeInfo in = inputs.values().iterator().next();
      if (!(in.getInfo() instanceof TensorInfo ti) || ti.type != ai.onnxruntime.OnnxJavaType.FLOAT
          || ti.getShape().length != 2 || (ti.getShape()[1] > 0 && ti.getShape()[1] != request.inputFields().size())) {
        throw invalid("inputFields", request.inputFields().toString(), "match the model's input " + describe(inputs)
            + " (one float tensor [rows, " + request.inputFields().size() + "])");
      }
      NodeInfo out = outputs.values().iterator().next();
      if (!(out.getInfo() instanceof TensorInfo to) || to.getShape().length != 2
          || (to.getShape()[1] > 0 && to.getShape()[1] != request.labels().size())) {
        throw invalid("labels", request.labels().toString(), "match the model's first output " + describe(outputs)
            + " (class scores [rows, " + request.labels().size() + "])");
      }
    } catch (OrtException e) {
      throw new ConfigurationException("ONNX Runtime could not load " + file + ": " + e.getMessage(), e);
    }
  }

  private static String describe(Map<String, NodeInfo> nodes) {
    StringBuilder sb = new StringBuilder("[");
    for (NodeInfo n : nodes.values()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(n.getName());
      if (n.getInfo() instanceof TensorInfo t) {
        sb.append(' ').append(t.type).append(Arrays.toString(t.getShape()));
      }
    }
    return sb.append(']').toString();
  }

  private static ConfigurationException invalid(String path, String value, String expected) {
    return new ConfigurationException("ModelImport", List.of(new Violation(path, value, expected)));
  }

  /**
   * @param m a stored imported model
   * @return a predictor serving it through DJL's ONNX Runtime engine
   */
  public static OnnxPredictor open(StoredModel m) {
    return new OnnxPredictor(m.manifest(), m.modelFile());
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
