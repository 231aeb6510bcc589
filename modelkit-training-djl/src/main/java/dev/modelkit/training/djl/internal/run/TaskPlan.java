package dev.modelkit.training.djl.internal.run;

import java.util.List;

/**
 * One prediction task of a job: its label column, classes and weight.
 *
 * @param name task name
 * @param head network head name
 * @param field label column
 * @param classes class labels, in output order
 * @param positive positive class index for two classes, -1 otherwise
 * @param weight static loss weight
 */
public record TaskPlan(String name, String head, String field, List<String> classes, int positive, float weight) {
  /** Copies the classes. */
  public TaskPlan {
    classes = List.copyOf(classes);
  }
}
