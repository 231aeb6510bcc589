package dev.modelkit.training.djl.internal.serving;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.modelkit.TrainingException;
import dev.modelkit.spi.Prediction;
import dev.modelkit.training.djl.internal.data.Cells;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An imported ONNX classifier served through DJL's ONNX Runtime engine, behind a pool of DJL
 * predictors. Rows are read field by field as numbers in the imported input order; class scores
 * that are not already probabilities go through a softmax. Thread-safe.
 */
public final class OnnxPredictor implements dev.modelkit.spi.Predictor {
  private final ModelManifest manifest;
  private final ZooModel<float[][], float[][]> model;
  private final BlockingQueue<Predictor<float[][], float[][]>> pool;
  private final List<Predictor<float[][], float[][]>> all = new ArrayList<>();
  private final Path directory;
  private volatile boolean closed;

  OnnxPredictor(ModelManifest manifest, byte[] file) {
    this.manifest = manifest;
    try {
      directory = Files.createTempDirectory("modelkit-onnx");
      Path onnx = directory.resolve("model.onnx");
      Files.write(onnx, file);
      Criteria<float[][], float[][]> criteria = Criteria.builder().setTypes(float[][].class, float[][].class)
          .optModelPath(onnx).optEngine("OnnxRuntime").optTranslator(new RowsTranslator()).build();
      model = criteria.loadModel();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stage the ONNX model for loading: " + e.getMessage(), e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new TrainingException("ONNX Runtime could not load the imported model: " + e.getMessage(), e);
    }
    int size = Math.max(1, Runtime.getRuntime().availableProcessors());
    pool = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      Predictor<float[][], float[][]> p = model.newPredictor();
      all.add(p);
      pool.add(p);
    }
  }

  @Override
  public List<String> inputFields() {
    return manifest.inputFields();
  }

  @Override
  public List<String> labels() {
    return manifest.tasks().get(0).classes();
  }

  @Override
  public Prediction predict(Map<String, Object> row) {
    return score(new float[][] {encode(row)}).get(0);
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> rows) {
    List<Prediction> out = new ArrayList<>(rows.size());
    List<float[]> good = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      try {
        good.add(encode(rows.get(i)));
        where.add(i);
        out.add(null);
      } catch (IllegalArgumentException e) {
        out.add(Prediction.failed("row " + i + ": " + e.getMessage()));
      }
    }
    if (!good.isEmpty()) {
      List<Prediction> scored = score(good.toArray(new float[0][]));
      for (int k = 0; k < where.size(); k++) {
        out.set(where.get(k), scored.get(k));
      }
    }
    return out;
  }

  private float[] encode(Map<String, Object> row) {
    List<String> fields = manifest.inputFields();
    float[] x = new float[fields.size()];
    for (int i = 0; i < x.length; i++) {
      String raw = Cells.fromObject(row.get(fields.get(i)));
      if (Cells.isMissing(raw)) {
        throw new IllegalArgumentException("field '" + fields.get(i) + "' is missing; the imported model needs every"
            + " input " + fields);
      }
      try {
        x[i] = (float) Cells.number(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("field '" + fields.get(i) + "' value '" + raw + "' is not a number", e);
      }
    }
    return x;
  }

  private List<Prediction> score(float[][] x) {
    if (closed) {
      throw new IllegalStateException("the predictor is closed");
    }
    float[][] scores;
    Predictor<float[][], float[][]> p;
    try {
      p = pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a predictor", e);
    }
    try {
      scores = p.predict(x);
    } catch (TranslateException e) {
      throw new TrainingException("the imported model failed: " + e.getMessage(), e);
    } finally {
      pool.add(p);
    }
    List<String> classes = labels();
    List<Prediction> out = new ArrayList<>(scores.length);
    for (float[] s : scores) {
      double[] prob = probabilities(s);
      Map<String, Double> m = new LinkedHashMap<>();
      int best = 0;
      for (int c = 0; c < prob.length; c++) {
        m.put(classes.get(c), prob[c]);
        if (prob[c] > prob[best]) {
          best = c;
        }
      }
      out.add(Prediction.of(classes.get(best), m));
    }
    return out;
  }

  private static double[] probabilities(float[] s) {
    double sum = 0;
    boolean probs = true;
    for (float v : s) {
      sum += v;
      probs &= v >= 0 && v <= 1;
    }
    double[] p = new double[s.length];
    if (probs && Math.abs(sum - 1) < 1e-3) {
      for (int i = 0; i < s.length; i++) {
        p[i] = s[i];
      }
      return p;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float v : s) {
      max = Math.max(max, v);
    }
    double z = 0;
    for (int i = 0; i < s.length; i++) {
      p[i] = Math.exp(s[i] - max);
      z += p[i];
    }
    for (int i = 0; i < s.length; i++) {
      p[i] /= z;
    }
    return p;
  }

  @Override
  public void close() {
    closed = true;
    all.forEach(Predictor::close);
    model.close();
    try (var files = Files.list(directory)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // a leftover temporary copy is harmless
    }
  }

  /** Rows in, class scores out. */
  private static final class RowsTranslator implements Translator<float[][], float[][]> {
    @Override
    public NDList processInput(TranslatorContext ctx, float[][] input) {
      int n = input.length;
      int w = input[0].length;
      float[] flat = new float[n * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(input[i], 0, flat, i * w, w);
      }
      return new NDList(ctx.getNDManager().create(flat, new Shape(n, w)));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
      NDArray a = list.get(0);
      int n = (int) a.getShape().get(0);
      int c = (int) a.getShape().get(1);
      float[] v = a.toFloatArray();
      float[][] out = new float[n][c];
      for (int i = 0; i < n; i++) {
        System.arraycopy(v, i * c, out[i], 0, c);
      }
      return out;
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }
}
