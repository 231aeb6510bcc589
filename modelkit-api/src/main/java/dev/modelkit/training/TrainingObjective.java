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
 * @param positiveClass the class that binary metrics (precision, recall, F1, ROC AUC) treat as
 *     positive, for example {@code bad}; the rarest class when absent
 * @param classWeighting loss weight per class; none when absent
 * @param calibrateProbabilities fit a calibration (Platt scaling for two classes, temperature
 *     scaling otherwise) on validation data so that probabilities match observed frequencies
 * @param distillation teacher and loss mix, required for {@code knowledge_distillation}
 */
public record TrainingObjective(
    ObjectiveType type, String domain, List<String> tasks, List<String> successMetrics,
    QualityThresholds qualityThresholds, String positiveClass, ClassWeighting classWeighting,
    boolean calibrateProbabilities, DistillationConfig distillation) {

  /** Validates and applies defaults. */
  public TrainingObjective {
    Checks c = new Checks("TrainingObjective");
    c.required("type", type);
    c.noBlanks("tasks", tasks);
    c.noBlanks("successMetrics", successMetrics);
    c.check(positiveClass == null || !positiveClass.isBlank(), "positiveClass", positiveClass, "not be blank");
    c.check(type != ObjectiveType.KNOWLEDGE_DISTILLATION || distillation != null, "distillation", null,
        "be present when type is knowledge_distillation (teacherModel, temperature, alpha)");
    c.throwIfAny();
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    successMetrics = successMetrics == null ? List.of() : List.copyOf(successMetrics);
    qualityThresholds = qualityThresholds == null ? QualityThresholds.none() : qualityThresholds;
    classWeighting = classWeighting == null ? ClassWeighting.none() : classWeighting;
  }

  /**
   * The seed's five fields, everything else at its default.
   *
   * @param type objective
   * @param domain business domain
   * @param tasks task names
   * @param successMetrics reported metrics
   * @param qualityThresholds bars to clear
   */
  public TrainingObjective(ObjectiveType type, String domain, List<String> tasks, List<String> successMetrics,
      QualityThresholds qualityThresholds) {
    this(type, domain, tasks, successMetrics, qualityThresholds, null, null, false, null);
  }
}
