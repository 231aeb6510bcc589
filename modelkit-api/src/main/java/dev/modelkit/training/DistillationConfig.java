package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Knowledge distillation: the student (this job's model, sized by {@code
 * hyperparameters.hiddenUnits}) learns from a teacher's temperature-softened probabilities and
 * from the true labels: {@code loss = alpha * T^2 * CE(teacher_T, student_T) + (1 - alpha) *
 * CE(labels, student)} (Hinton, Vinyals and Dean 2015).
 *
 * @param teacherModel the teacher, a registered version {@code model:<modelId>:<version>}
 * @param temperature softening temperature T, greater than 0 (typically 2 to 5)
 * @param alpha share of the soft-target loss, 0 to 1
 */
public record DistillationConfig(String teacherModel, double temperature, double alpha) {

  /** Validates the values. */
  public DistillationConfig {
    Checks c = new Checks("DistillationConfig");
    c.notBlank("teacherModel", teacherModel);
    c.check(teacherModel == null || teacherModel.startsWith(BaseModels.MODEL_PREFIX), "teacherModel", teacherModel,
        "name a registered version as model:<modelId>:<version>");
    c.positive("temperature", temperature);
    c.between("alpha", alpha, 0, 1);
    c.throwIfAny();
  }
}
