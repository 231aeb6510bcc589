package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.ProviderContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingEngineProvider;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.ModelFormat;
import dev.modelkit.training.ModelImport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing existing models (ONNX through DJL's ONNX Runtime engine; TensorFlow refused with the
 * reason), and finding the engine through {@link ServiceLoader} as the runtime does.
 */
class ImportAndProviderTest {

  @Test
  void onnxClassifierIsImportedAndServed(@TempDir Path temp) throws Exception {
    Path file = temp.resolve("scorecard.onnx");
    Files.write(file, OnnxFile.logisticRegression(new float[][] {{0.5f, -0.5f}, {1.0f, -1.0f}}, new float[] {0.1f, -0.1f}));
    ArtifactStore store = FileArtifactStore.open(temp.resolve("home"));
    try (PyTorchTrainingEngine engine = Engines.engine(temp.resolve("engine"))) {
      TrainingResult r = engine.importModel(new ModelImport("scorecard", ModelFormat.ONNX, "scorecard.onnx",
          List.of("income", "tenure"), List.of("approve", "decline")), temp, store);
      assertTrue(r.datasetFingerprints().get("model_file").matches("[0-9a-f]{64}"));
      assertTrue(r.libraryVersions().containsKey("onnxruntime"));
      ModelVersion v = new ModelVersion("scorecard", "1", "acme", "pytorch", LifecycleStage.DRAFT,
          r.artifacts(), Map.of(), null, List.of(), Map.of(), "alice", Clock.systemUTC().instant(), null);
      try (Predictor p = engine.load(v, store)) {
        Prediction pr = p.predict(Map.of("income", 1, "tenure", 2));
        double z = 2.6;
        assertEquals("approve", pr.label());
        assertEquals(Math.exp(z) / (Math.exp(z) + Math.exp(-z)), pr.probability("approve"), 1e-5);
        List<Prediction> batch = p.predictBatch(List.of(Map.of("income", -3, "tenure", 0), Map.of("income", "twelve", "tenure", 1)));
        assertEquals("decline", batch.get(0).label());
        assertFalse(batch.get(1).ok());
        assertEquals("row 1: field 'income' value 'twelve' is not a number", batch.get(1).error());
      }
    }
  }

  @Test
  void wrongSignaturesAndTensorFlowAreRefusedWithTheReason(@TempDir Path temp) throws Exception {
    ArtifactStore store = FileArtifactStore.open(temp.resolve("home"));
    Path minilm = temp.resolve("all-minilm-l6-v2-q.onnx");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
      Files.copy(in, minilm);
    }
    try (PyTorchTrainingEngine engine = Engines.engine(temp.resolve("engine"))) {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> engine.importModel(new ModelImport("enc",
          ModelFormat.ONNX, minilm.toString(), List.of("text"), List.of("a", "b")), temp, store));
      assertTrue(e.getMessage().contains("takes 3 inputs [input_ids"), e.getMessage());

      Path small = temp.resolve("small.onnx");
      Files.write(small, OnnxFile.logisticRegression(new float[][] {{1, 0}, {0, 1}}, new float[] {0, 0}));
      ConfigurationException width = assertThrows(ConfigurationException.class, () -> engine.importModel(new ModelImport(
          "s", ModelFormat.ONNX, small.toString(), List.of("a", "b", "c"), List.of("x", "y")), temp, store));
      assertTrue(width.getMessage().contains("inputFields"), width.getMessage());

      UnsupportedOperationException tf = assertThrows(UnsupportedOperationException.class, () -> engine.importModel(
          new ModelImport("tf", ModelFormat.TENSORFLOW_SAVED_MODEL, "saved_model", List.of("a"), List.of("x", "y")), temp,
          store));
      assertTrue(tf.getMessage().contains("not supported yet") && tf.getMessage().contains("2.16.1")
          && tf.getMessage().contains("tf2onnx"), tf.getMessage());
    }
  }

  @Test
  void serviceLoaderFindsThePytorchEngine(@TempDir Path temp) {
    List<TrainingEngineProvider> providers = ServiceLoader.load(TrainingEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    TrainingEngineProvider p = providers.stream().filter(x -> x.name().equals("pytorch")).findFirst().orElseThrow();
    assertEquals(0, p.rank());
    TrainingEngine engine = p.create(new ProviderContext() {
      @Override
      public Path home() {
        return temp;
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public Map<String, String> settings() {
        return Map.of("modelkit.training.business_impact.costs", "bad>good=5;good>bad=1");
      }

      @Override
      public Optional<MetadataStore> metadataStore() {
        return Optional.empty();
      }

      @Override
      public Optional<ArtifactStore> artifactStore() {
        return Optional.empty();
      }
    });
    assertTrue(((PyTorchTrainingEngine) engine).customMetrics().containsKey("business_impact"));
    ((PyTorchTrainingEngine) engine).close();
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> CostMatrixMetric.parse("business_impact", "bad-good:5"));
    assertTrue(bad.getMessage().contains("actual>predicted=cost"));
  }
}
