package dev.modelkit.training.djl.internal.serving;

import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.training.djl.internal.features.FeaturePipeline;
import dev.modelkit.training.djl.internal.features.PipelineResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained version as a {@link Predictor}: the fitted preprocessing, then the network on DJL,
 * then each task's calibration and decision threshold. Thread-safe.
 */
public final class DjlPredictor implements Predictor {
  private final ModelManifest manifest;
  private final FeaturePipeline pipeline;
  private final PipelineResources resources;
  private final NetworkRunner runner;

  /**
   * @param manifest the model's manifest
   * @param pipeline its fitted preprocessing
   * @param resources tokenizers and encoders for the pipeline (closed with this predictor)
   * @param runner the loaded network (closed with this predictor)
   */
  public DjlPredictor(ModelManifest manifest, FeaturePipeline pipeline, PipelineResources resources, NetworkRunner runner) {
    this.manifest = manifest;
    this.pipeline = pipeline;
    this.resources = resources;
    this.runner = runner;
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
    return toPredictions(runner.logits(x)).get(0);
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> rows) {
    try {
      float[][] x = pipeline.transform(rows, resources);
      return toPredictions(runner.logits(x));
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
    return toPredictions(runner.logits(x));
  }

  private List<Prediction> toPredictions(float[][][] logits) {
    int n = logits[0].length;
    List<Prediction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Prediction primary = null;
      Map<String, Prediction> others = new LinkedHashMap<>();
      for (int t = 0; t < manifest.tasks().size(); t++) {
        ModelManifest.TaskSpec spec = manifest.tasks().get(t);
        double[] p = spec.probabilities(logits[t][i]);
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
    runner.close();
    resources.close();
  }
}
