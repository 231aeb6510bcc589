package dev.modelkit.training.djl.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * The training loss of every ModelKit classifier, as a DJL {@link Loss}:
 *
 * <ul>
 *   <li>per task, weighted cross-entropy against soft targets (one-hot, or label-smoothed), each
 *       row weighted by its class weight;
 *   <li>for distillation (task 0), {@code alpha * T^2 * CE(teacher_T, softmax(z/T)) + (1 - alpha)
 *       * CE(labels, softmax(z))};
 *   <li>across tasks, a static weighted sum or, with learned log variances {@code s}, {@code
 *       sum(exp(-s_t) * L_t + s_t)} (Kendall, Gal and Cipolla 2018).
 * </ul>
 *
 * <p>Labels are passed as an NDList per task of [targets N x C, row weights N], followed by the
 * teacher's softened probabilities when distilling.
 */
public final class ClassificationLoss extends Loss {
  private final List<Float> taskWeights;
  private final boolean uncertainty;
  private final float temperature;
  private final float alpha;

  /**
   * @param taskWeights static weight per task
   * @param uncertainty whether the predictions end with learned log variances
   * @param temperature distillation temperature, or 0 when not distilling
   * @param alpha share of the distillation loss
   */
  public ClassificationLoss(List<Float> taskWeights, boolean uncertainty, double temperature, double alpha) {
    super("classification_loss");
    this.taskWeights = List.copyOf(taskWeights);
    this.uncertainty = uncertainty;
    this.temperature = (float) temperature;
    this.alpha = (float) alpha;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    int tasks = taskWeights.size();
    NDArray total = null;
    for (int t = 0; t < tasks; t++) {
      NDArray logits = predictions.get(t);
      NDArray targets = labels.get(2 * t);
      NDArray weights = labels.get(2 * t + 1);
      NDArray loss = weightedCrossEntropy(logits, targets, weights);
      if (t == 0 && temperature > 0) {
        NDArray soft = labels.get(2 * tasks);
        NDArray kd = weightedCrossEntropy(logits.div(NamedWeights.constant(logits, temperature)), soft, weights)
            .mul(NamedWeights.constant(logits, temperature * temperature));
        loss = kd.mul(NamedWeights.constant(kd, alpha)).add(loss.mul(NamedWeights.constant(loss, 1 - alpha)));
      }
      NDArray term;
      if (uncertainty) {
        NDArray s = predictions.get(tasks).get(t);
        term = loss.mul(s.neg().exp()).add(s);
      } else {
        term = loss.mul(NamedWeights.constant(loss, taskWeights.get(t)));
      }
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  private static NDArray weightedCrossEntropy(NDArray logits, NDArray targets, NDArray weights) {
    NDArray perRow = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg();
    return perRow.mul(weights).sum().div(weights.sum().maximum(1e-12f));
  }
}
