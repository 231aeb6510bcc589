package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * What to train for.
 *
 * @param type the objective
 * @param domain free-form business domain, for example {@code risk_management}
 * @param tasks task names; more than one means multi-task learning, for example {@code
 *     risk_classification} and {@code severity_assessment}
 * @param successMetrics metrics reported for the job, for example {@code accuracy}
 * @param qualityThresholds bars the model must clear; none when absent
 */
public record TrainingObjective(
    ObjectiveType type, String domain, List<String> tasks, List<String> successMetrics,
    QualityThresholds qualityThresholds) {

  /** Validates and applies defaults. */
  public TrainingObjective {
    Checks c = new Checks("TrainingObjective");
    c.required("type", type);
    c.noBlanks("tasks", tasks);
    c.noBlanks("successMetrics", successMetrics);
    c.throwIfAny();
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    successMetrics = successMetrics == null ? List.of() : List.copyOf(successMetrics);
    qualityThresholds = qualityThresholds == null ? QualityThresholds.none() : qualityThresholds;
  }
}
