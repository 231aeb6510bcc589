package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * One task of a multi-task model.
 *
 * @param name the task, for example {@code severity_assessment}
 * @param outputField the label column it predicts
 * @param weight its static loss weight, greater than 0
 */
public record TaskConfig(String name, String outputField, double weight) {

  /** Validates. */
  public TaskConfig {
    Checks c = new Checks("TaskConfig");
    c.notBlank("name", name);
    c.notBlank("outputField", outputField);
    c.positive("weight", weight);
    c.throwIfAny();
  }
}
