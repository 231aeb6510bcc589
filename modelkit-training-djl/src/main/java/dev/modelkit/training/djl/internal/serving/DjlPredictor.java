package dev.modelkit.training.djl.internal.serving;

import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.training.djl.internal.features.FeaturePipeline;
import dev.modelkit.training.djl.internal.features.PipelineResources;
import dev.modelkit.training.djl.internal.nn.NamedWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained version as a {@link Predictor}: the fitted preprocessing, then the network on DJL (or
 * each network of an ensemble, whose calibrated probabilities are averaged), then each task's
 * calibration and decision threshold. Thread-safe.
 */
public final class DjlPredictor implements Predictor {
  private final ModelManifest manifest;
  private final FeaturePipeline pipeline;
  private final PipelineResources resources;
  private final List<NetworkRunner> runners;

  /**
   * @param manifest the model's manifest
   * @param pipeline its fitted preprocessing
   * @param resources tokenizers and encoders for the pipeline (closed with this predictor)
   * @param runner the loaded network (closed with this predictor)
   */
  public DjlPredictor(ModelManifest manifest, FeaturePipeline pipeline, PipelineResources resources, NetworkRunner runner) {
    this(manifest, pipeline, resources, List.of(runner));
  }

  /**
   * @param manifest the model's manifest
   * @param pipeline its fitted preprocessing
   * @param resources tokenizers and encoders for the pipeline (closed with this predictor)
   * @param runners the loaded network, or an ensemble's networks in the manifest's member order
   *     (closed with this predictor)
   */
  public DjlPredictor(ModelManifest manifest, FeaturePipeline pipeline, PipelineResources resources,
      List<NetworkRunner> runners) {
    int expected = Math.max(1, manifest.members().size());
    if (runners.size() != expected) {
      throw new IllegalArgumentException("the manifest has " + expected + " network(s) but " + runners.size()
          + " runner(s) were given");
    }
    this.manifest = manifest;
    this.pipeline = pipeline;
    this.resources = resources;
    this.runners = List.copyOf(runners);
  }

  /**
   * Opens a stored model's networks.
   *
   * @param manifest the manifest
   * @param weights the weights (an ensemble's under {@code m<i>/})
   * @param poolSize predictors per network
   * @return one runner per network, in member order
   */
  public static List<NetworkRunner> runners(ModelManifest manifest, NamedWeights weights, int poolSize) {
    if (manifest.members().isEmpty()) {
      return List.of(new NetworkRunner(manifest, weights, poolSize));
    }
    List<NetworkRunner> out = new ArrayList<>();
    try {
      for (int i = 0; i < manifest.members().size(); i++) {
        out.add(new NetworkRunner(manifest.member(i), weights.under(ModelManifest.memberPrefix(i)), poolSize));
      }
    } catch (RuntimeException e) {
      out.forEach(NetworkRunner::close);
      throw e;
    }
    return out;
  }

  /**
   * Calibrated class probabilities of encoded rows: the network's, or the mean of an ensemble's
   * members' (each calibrated by its own member).
   *
   * @param manifest the manifest
   * @param runners its networks, as {@link #runners} opens them
   * @param x encoded rows
   * @return per task, per row, per class
   */
  public static double[][][] probabilities(ModelManifest manifest, List<NetworkRunner> runners, float[][] x) {
    List<double[][][]> perMember = new ArrayList<>(runners.size());
    for (int m = 0; m < runners.size(); m++) {
      List<ModelManifest.TaskSpec> specs = manifest.members().isEmpty() ? manifest.tasks()
          : manifest.members().get(m).tasks();
      float[][][] logits = runners.get(m).logits(x);
      double[][][] p = new double[logits.length][][];
      for (int t = 0; t < logits.length; t++) {
        p[t] = new double[logits[t].length][];
        for (int i = 0; i < logits[t].length; i++) {
          p[t][i] = specs.get(t).probabilities(logits[t][i]);
        }
      }
      perMember.add(p);
    }
    return mean(perMember);
  }

  /**
   * The row-by-row mean of several models' class probabilities, as an ensemble combines them.
   *
   * @param perModel per model: per task, per row, per class
   * @return the mean, in the same shape; a single model's probabilities are returned as they are
   */
  public static double[][][] mean(List<double[][][]> perModel) {
    if (perModel.size() == 1) {
      return perModel.get(0);
    }
    double[][][] first = perModel.get(0);
    double[][][] out = new double[first.length][][];
    for (int t = 0; t < first.length; t++) {
      out[t] = new double[first[t].length][];
      for (int i = 0; i < first[t].length; i++) {
        double[] sum = new double[first[t][i].length];
        for (double[][][] model : perModel) {
          for (int c = 0; c < sum.length; c++) {
            sum[c] += model[t][i][c];
          }
        }
        for (int c = 0; c < sum.length; c++) {
          sum[c] /= perModel.size();
        }
        out[t][i] = sum;
      }
    }
    return out;
  }

  @Override
  public List<String> inputFields() {
    return pipeline.inputFields();
  }

  @Override
  public List<String> labels() {
    return manifest.tasks().get(0).classes();
  }

  @Override
  public Prediction predict(Map<String, Object> row) {
    float[][] x = pipeline.transform(List.of(row), resources);
    return toPredictions(probabilities(manifest, runners, x)).get(0);
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> rows) {
    try {
      float[][] x = pipeline.transform(rows, resources);
      return toPredictions(probabilities(manifest, runners, x));
    } catch (IllegalArgumentException batchFailed) {
      return oneByOne(rows);
    }
  }

  private List<Prediction> oneByOne(List<Map<String, Object>> rows) {
    List<Prediction> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      try {
        out.add(predict(rows.get(i)));
      } catch (IllegalArgumentException e) {
        out.add(Prediction.failed("row " + i + ": " + e.getMessage()));
      }
    }
    return out;
  }

  /**
   * @param x already encoded rows
   * @return the predictions
   */
  public List<Prediction> predictEncoded(float[][] x) {
    return toPredictions(probabilities(manifest, runners, x));
  }

  private List<Prediction> toPredictions(double[][][] probabilities) {
    int n = probabilities[0].length;
    List<Prediction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Prediction primary = null;
      Map<String, Prediction> others = new LinkedHashMap<>();
      for (int t = 0; t < manifest.tasks().size(); t++) {
        ModelManifest.TaskSpec spec = manifest.tasks().get(t);
        double[] p = probabilities[t][i];
        Map<String, Double> probs = new LinkedHashMap<>();
        for (int c = 0; c < p.length; c++) {
          probs.put(spec.classes().get(c), p[c]);
        }
        Prediction pred = Prediction.of(spec.classes().get(spec.decide(p)), probs);
        if (t == 0) {
          primary = pred;
        } else {
          others.put(spec.name(), pred);
        }
      }
      out.add(others.isEmpty() ? primary : new Prediction(primary.label(), primary.probabilities(), others, null));
    }
    return out;
  }

  /** @return the manifest */
  public ModelManifest manifest() {
    return manifest;
  }

  /** @return the pipeline */
  public FeaturePipeline pipeline() {
    return pipeline;
  }

  @Override
  public void close() {
    runners.forEach(NetworkRunner::close);
    resources.close();
  }
}
