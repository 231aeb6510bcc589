package dev.modelkit.pipeline;

import dev.modelkit.config.Checks;
import dev.modelkit.training.TrainingConfiguration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The seed's {@code ModelTrainingPipeline}: stages run in order with quality gates between them,
 * what starts a run, and who hears about it. Build one with {@link #builder(String, TrainingConfiguration)}
 * and pass it to {@code Pipelines.create}, which assigns the id, owner and creation time.
 *
 * @param id the pipeline's id; null before it is created
 * @param name a name for people
 * @param organizationId the owning organisation; the training configuration's
 * @param stages the stages, run in this order
 * @param triggers what starts runs besides a manual call
 * @param schedule a schedule, the same as a {@code schedule} trigger; null for none
 * @param notifications where run events go
 * @param training what the data stages read and {@code model_training} trains
 * @param createdBy the user who created it (triggered runs act as this user); null before creation
 * @param createdAt when it was created; null before creation
 */
public record ModelTrainingPipeline(String id, String name, String organizationId, List<PipelineStage> stages,
    List<PipelineTrigger> triggers, PipelineSchedule schedule, List<NotificationConfig> notifications,
    TrainingConfiguration training, String createdBy, Instant createdAt) {

  private static final Set<StageType> NEED_A_VERSION = EnumSet.of(StageType.MODEL_VALIDATION, StageType.MODEL_TESTING,
      StageType.MODEL_DEPLOYMENT, StageType.MONITORING_SETUP);

  /**
   * Validates and copies.
   *
   * @throws dev.modelkit.ConfigurationException naming every invalid field: no stages, repeated
   *     stage names, a stage that needs a model version before any {@code model_training} stage, an
   *     organisation other than the training configuration's
   */
  public ModelTrainingPipeline {
    Checks c = new Checks("ModelTrainingPipeline");
    c.notBlank("name", name);
    c.required("training", training);
    c.check(stages != null && !stages.isEmpty(), "stages", stages == null ? null : "[]", "list at least one stage");
    if (training != null) {
      c.check(organizationId == null || organizationId.equals(training.organizationId()), "organizationId",
          organizationId, "be the training configuration's organizationId '" + training.organizationId() + "'");
      organizationId = training.organizationId();
    }
    if (stages != null) {
      Set<String> names = new HashSet<>();
      boolean trained = false;
      for (int i = 0; i < stages.size(); i++) {
        PipelineStage s = stages.get(i);
        if (s == null) {
          c.check(false, "stages[" + i + "]", null, "not be null");
          continue;
        }
        c.check(names.add(s.name()), "stages[" + i + "].name", s.name(), "be unique within the pipeline");
        c.check(trained || !NEED_A_VERSION.contains(s.type()), "stages[" + i + "].type", s.type(),
            "come after a model_training stage (it works on the version training registers)");
        trained |= s.type() == StageType.MODEL_TRAINING;
      }
    }
    c.check(triggers == null || triggers.stream().noneMatch(java.util.Objects::isNull), "triggers", triggers, "not contain null");
    c.check(notifications == null || notifications.stream().noneMatch(java.util.Objects::isNull), "notifications", notifications,
        "not contain null");
    c.throwIfAny();
    stages = List.copyOf(stages);
    triggers = triggers == null ? List.of() : List.copyOf(triggers);
    notifications = notifications == null ? List.of() : List.copyOf(notifications);
  }

  /** @return the triggers with {@link #schedule()} added as a schedule trigger */
  public List<PipelineTrigger> allTriggers() {
    List<PipelineTrigger> all = new ArrayList<>(triggers);
    if (schedule != null) {
      all.add(new PipelineTrigger(TriggerType.SCHEDULE, schedule, null, null, null));
    }
    return all;
  }

  /**
   * @param name a name for people
   * @param training what the pipeline trains
   * @return a builder
   */
  public static Builder builder(String name, TrainingConfiguration training) {
    return new Builder(name, training);
  }

  /** Builds a {@link ModelTrainingPipeline} to create. */
  public static final class Builder {
    private final String name;
    private final TrainingConfiguration training;
    private final List<PipelineStage> stages = new ArrayList<>();
    private final List<PipelineTrigger> triggers = new ArrayList<>();
    private final List<NotificationConfig> notifications = new ArrayList<>();
    private PipelineSchedule schedule;

    private Builder(String name, TrainingConfiguration training) {
      this.name = name;
      this.training = training;
    }

    /** @param stage the next stage; @return this */
    public Builder stage(PipelineStage stage) {
      stages.add(stage);
      return this;
    }

    /** @param trigger a trigger; @return this */
    public Builder trigger(PipelineTrigger trigger) {
      triggers.add(trigger);
      return this;
    }

    /** @param value the schedule; @return this */
    public Builder schedule(PipelineSchedule value) {
      this.schedule = value;
      return this;
    }

    /** @param notification where events go; @return this */
    public Builder notification(NotificationConfig notification) {
      notifications.add(notification);
      return this;
    }

    /**
     * @return the pipeline, without id
     * @throws dev.modelkit.ConfigurationException naming every invalid field
     */
    public ModelTrainingPipeline build() {
      return new ModelTrainingPipeline(null, name, training == null ? null : training.organizationId(), stages,
          triggers, schedule, notifications, training, null, null);
    }
  }
}
