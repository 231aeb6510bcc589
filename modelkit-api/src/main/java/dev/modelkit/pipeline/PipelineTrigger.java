package dev.modelkit.pipeline;

import dev.modelkit.config.Checks;

/**
 * What starts a pipeline run besides a manual call.
 *
 * @param type the kind of trigger
 * @param schedule {@code schedule}: when
 * @param location {@code new_data}: a directory (relative to the runtime's data root) whose new or
 *     changed files start a run; a file's identity is its path and the SHA-256 of its content
 * @param modelId {@code drift_alert}, {@code performance_drop}: the model whose alerts start a run;
 *     the model this pipeline trains when null
 * @param ruleName {@code drift_alert}, {@code performance_drop}: only alerts of this rule; any
 *     matching rule when null
 */
public record PipelineTrigger(TriggerType type, PipelineSchedule schedule, String location, String modelId,
    String ruleName) {

  /**
   * Validates the fields the type needs.
   *
   * @throws dev.modelkit.ConfigurationException naming every missing field
   */
  public PipelineTrigger {
    Checks c = new Checks("PipelineTrigger");
    c.required("type", type);
    if (type == TriggerType.SCHEDULE) {
      c.check(schedule != null, "schedule", null, "be present for a schedule trigger");
    }
    if (type == TriggerType.NEW_DATA) {
      c.check(location != null && !location.isBlank(), "location", location,
          "name the directory to watch for a new_data trigger");
    }
    c.throwIfAny();
  }

  /** @return a manual trigger */
  public static PipelineTrigger manual() {
    return new PipelineTrigger(TriggerType.MANUAL, null, null, null, null);
  }

  /**
   * @param cron a five-field cron expression, read in UTC
   * @return a schedule trigger
   */
  public static PipelineTrigger cron(String cron) {
    return new PipelineTrigger(TriggerType.SCHEDULE, new PipelineSchedule(cron, null), null, null, null);
  }

  /**
   * @param directory the directory to watch
   * @return a new-data trigger
   */
  public static PipelineTrigger newData(String directory) {
    return new PipelineTrigger(TriggerType.NEW_DATA, null, directory, null, null);
  }

  /**
   * @param type {@link TriggerType#DRIFT_ALERT} or {@link TriggerType#PERFORMANCE_DROP}
   * @param modelId the watched model; null for the pipeline's own
   * @return an alert trigger
   */
  public static PipelineTrigger onAlert(TriggerType type, String modelId) {
    return new PipelineTrigger(type, null, null, modelId, null);
  }
}
