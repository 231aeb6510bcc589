package dev.modelkit.training.djl.internal.serving;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.modelkit.TrainingException;
import dev.modelkit.training.djl.internal.nn.NamedWeights;
import dev.modelkit.training.djl.internal.nn.TabularNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A trained network loaded on DJL's PyTorch engine behind a pool of DJL predictors (a DJL
 * predictor is not thread-safe; the model is), returning raw logits per task. Thread-safe.
 */
public final class NetworkRunner implements AutoCloseable {
  private final Model model;
  private final BlockingQueue<Predictor<float[][], float[][][]>> pool;
  private final List<Predictor<float[][], float[][][]>> all = new ArrayList<>();
  private final int tasks;
  private volatile boolean closed;

  /**
   * @param manifest the model's manifest
   * @param weights its weights
   * @param poolSize number of DJL predictors
   */
  public NetworkRunner(ModelManifest manifest, NamedWeights weights, int poolSize) {
    List<String> heads = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    for (ModelManifest.TaskSpec t : manifest.tasks()) {
      heads.add(t.head());
      classes.add(t.classes().size());
    }
    this.tasks = heads.size();
    TabularNetwork net = new TabularNetwork(manifest.inputWidth(), manifest.hiddenUnits(), 0, heads, classes,
        manifest.uncertaintyWeights());
    model = Model.newInstance("modelkit-serving", Device.cpu(), "PyTorch");
    model.setBlock(net);
    net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, manifest.inputWidth()));
    List<String> restored = weights.restore(net.namedParameters(), null);
    if (restored.size() != net.namedParameters().size()) {
      model.close();
      throw new TrainingException("the stored weights do not match the manifest's network: restored " + restored
          + " of " + net.namedParameters().keySet());
    }
    for (ai.djl.nn.Parameter p : net.namedParameters().values()) {
      p.getArray().setRequiresGradient(false);
    }
    pool = new ArrayBlockingQueue<>(poolSize);
    for (int i = 0; i < poolSize; i++) {
      Predictor<float[][], float[][][]> p = model.newPredictor(new LogitsTranslator(tasks));
      all.add(p);
      pool.add(p);
    }
  }

  /**
   * @param x feature rows
   * @return logits per task, per row
   * @throws IllegalStateException if closed
   */
  public float[][][] logits(float[][] x) {
    if (closed) {
      throw new IllegalStateException("the predictor is closed");
    }
    Predictor<float[][], float[][][]> p;
    try {
      p = pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a predictor", e);
    }
    try {
      return p.predict(x);
    } catch (TranslateException e) {
      throw new TrainingException("inference failed: " + e.getMessage(), e);
    } finally {
      pool.add(p);
    }
  }

  @Override
  public void close() {
    closed = true;
    all.forEach(Predictor::close);
    model.close();
  }

  /** Packs rows into one float tensor and unpacks each head's logits. */
  private static final class LogitsTranslator implements Translator<float[][], float[][][]> {
    private final int tasks;

    LogitsTranslator(int tasks) {
      this.tasks = tasks;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[][] input) {
      int n = input.length;
      int w = n == 0 ? 0 : input[0].length;
      float[] flat = new float[n * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(input[i], 0, flat, i * w, w);
      }
      return new NDList(ctx.getNDManager().create(flat, new Shape(n, w)));
    }

    @Override
    public float[][][] processOutput(TranslatorContext ctx, NDList list) {
      float[][][] out = new float[tasks][][];
      for (int t = 0; t < tasks; t++) {
        NDArray a = list.get(t);
        int n = (int) a.getShape().get(0);
        int c = (int) a.getShape().get(1);
        float[] v = a.toFloatArray();
        float[][] rows = new float[n][c];
        for (int i = 0; i < n; i++) {
          System.arraycopy(v, i * c, rows[i], 0, c);
        }
        out[t] = rows;
      }
      return out;
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }
}
