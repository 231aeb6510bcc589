package dev.modelkit.training.djl.internal.run;

import dev.modelkit.spi.CustomMetric;
import dev.modelkit.training.djl.internal.eval.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a job's metrics on one evaluation set: the built-in ones and the registered custom
 * ones for the primary task (plain names), the built-in ones for other tasks ({@code
 * <task>_<metric>}).
 */
final class Evaluator {
  private final List<TaskPlan> tasks;
  private final Map<String, CustomMetric> custom;

  Evaluator(List<TaskPlan> tasks, Map<String, CustomMetric> custom) {
    this.tasks = tasks;
    this.custom = custom;
  }

  /**
   * @param probabilities per task, class probabilities per row
   * @param labels per task, true class per row
   * @param thresholds per task, the decision threshold
   * @return the metrics
   */
  Map<String, Double> evaluate(List<double[][]> probabilities, List<int[]> labels, double[] thresholds) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int t = 0; t < tasks.size(); t++) {
      TaskPlan task = tasks.get(t);
      Map<String, Double> m = Metrics.compute(labels.get(t), probabilities.get(t), task.positive(), thresholds[t]);
      if (t == 0) {
        out.putAll(m);
        int[] predicted = Metrics.predict(probabilities.get(t), task.positive(), thresholds[t]);
        for (Map.Entry<String, CustomMetric> e : custom.entrySet()) {
          out.put(e.getKey(), e.getValue().compute(task.classes(), labels.get(t), probabilities.get(t), predicted));
        }
      } else {
        for (Map.Entry<String, Double> e : m.entrySet()) {
          out.put(task.name() + "_" + e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }
}
