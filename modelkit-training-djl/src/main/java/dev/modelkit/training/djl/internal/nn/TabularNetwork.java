package dev.modelkit.training.djl.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron with named layers ({@code hidden_1} ... {@code hidden_n}, then one head
 * per task: {@code head} for a single task, {@code head_<task>} for several) so that
 * configurations can freeze, fine-tune and transfer layers by name. ReLU between layers; dropout
 * masks come from a seeded Java random source rather than the engine's global generator, so that
 * concurrent jobs stay reproducible. With uncertainty loss weighting it also owns one learned
 * log-variance per task ({@code task_log_variance}), returned as the last output.
 */
public final class TabularNetwork extends AbstractBlock {
  /** Name of the learned per-task log variances. */
  public static final String LOG_VARIANCE = "task_log_variance";

  private final int inputWidth;
  private final List<Integer> hidden;
  private final float dropout;
  private final List<String> headNames;
  private final List<Integer> headClasses;
  private final List<Linear> layers = new ArrayList<>();
  private final List<Linear> heads = new ArrayList<>();
  private final Parameter logVariance;
  private SplittableRandom dropoutRandom;

  /**
   * @param inputWidth number of input features
   * @param hidden hidden layer widths, empty for a linear model
   * @param dropout dropout probability after each hidden layer
   * @param headNames head names ({@code head} or {@code head_<task>})
   * @param headClasses classes per head
   * @param uncertaintyWeights whether to learn per-task loss weights
   */
  public TabularNetwork(int inputWidth, List<Integer> hidden, double dropout, List<String> headNames,
      List<Integer> headClasses, boolean uncertaintyWeights) {
    this.inputWidth = inputWidth;
    this.hidden = List.copyOf(hidden);
    this.dropout = (float) dropout;
    this.headNames = List.copyOf(headNames);
    this.headClasses = List.copyOf(headClasses);
    for (int i = 0; i < hidden.size(); i++) {
      layers.add(addChildBlock("hidden_" + (i + 1), Linear.builder().setUnits(hidden.get(i)).build()));
    }
    for (int h = 0; h < headNames.size(); h++) {
      heads.add(addChildBlock(headNames.get(h), Linear.builder().setUnits(headClasses.get(h)).build()));
    }
    logVariance = uncertaintyWeights
        ? addParameter(Parameter.builder().setName(LOG_VARIANCE).setType(Parameter.Type.OTHER)
            .optShape(new Shape(headNames.size())).optInitializer(ai.djl.training.initializer.Initializer.ZEROS).build())
        : null;
  }

  /** @return the input width */
  public int inputWidth() {
    return inputWidth;
  }

  /** @return hidden widths */
  public List<Integer> hidden() {
    return hidden;
  }

  /** @return the head names, in output order */
  public List<String> headNames() {
    return headNames;
  }

  /** @return classes per head */
  public List<Integer> headClasses() {
    return headClasses;
  }

  /** @return whether the last output is the task log variances */
  public boolean hasLogVariance() {
    return logVariance != null;
  }

  /**
   * @param random the source of dropout masks for the next training forwards
   */
  public void dropoutRandom(SplittableRandom random) {
    this.dropoutRandom = random;
  }

  /** @return names of the layers, bottom to top (hidden layers, then heads) */
  public List<String> layerNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      names.add("hidden_" + (i + 1));
    }
    names.addAll(headNames);
    return names;
  }

  /** @return every parameter under a stable name, {@code <layer>.weight} or {@code <layer>.bias} */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (Pair<String, Block> child : getChildren()) {
      String layer = child.getKey().substring(2);
      for (Pair<String, Parameter> p : child.getValue().getParameters()) {
        out.put(layer + "." + p.getKey(), p.getValue());
      }
    }
    if (logVariance != null) {
      out.put(LOG_VARIANCE, logVariance);
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (Linear layer : layers) {
      x = Activation.relu(layer.forward(ps, new NDList(x), training).singletonOrThrow());
      if (training && dropout > 0 && dropoutRandom != null) {
        x = x.mul(mask(x.getManager(), x.getShape()).toDevice(x.getDevice(), false));
      }
    }
    NDList out = new NDList();
    for (Linear head : heads) {
      out.add(head.forward(ps, new NDList(x), training).singletonOrThrow());
    }
    if (logVariance != null) {
      out.add(ps.getValue(logVariance, x.getDevice(), training));
    }
    return out;
  }

  private NDArray mask(NDManager manager, Shape shape) {
    int n = (int) shape.size();
    float[] m = new float[n];
    float keep = 1f - dropout;
    for (int i = 0; i < n; i++) {
      m[i] = dropoutRandom.nextDouble() < keep ? 1f / keep : 0f;
    }
    return manager.create(m, shape);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    List<Shape> shapes = new ArrayList<>();
    for (int c : headClasses) {
      shapes.add(new Shape(batch, c));
    }
    if (logVariance != null) {
      shapes.add(new Shape(headNames.size()));
    }
    return shapes.toArray(new Shape[0]);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).initialize(manager, dataType, in);
      in = new Shape(in.get(0), hidden.get(i));
    }
    for (Linear head : heads) {
      head.initialize(manager, dataType, in);
    }
  }

  /**
   * Sets every parameter from a seeded Java generator (Glorot-uniform weights, zero biases, zero
   * log variances), so that initial weights do not depend on the engine's global random state.
   *
   * @param seed the seed
   */
  public void initializeWeights(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
      NDArray a = e.getValue().getArray();
      Shape s = a.getShape();
      float[] v = new float[(int) s.size()];
      if (e.getKey().endsWith(".weight")) {
        double limit = Math.sqrt(6.0 / (s.get(0) + s.get(1)));
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
        }
      }
      NamedWeights.copyInto(a, v);
    }
  }
}
