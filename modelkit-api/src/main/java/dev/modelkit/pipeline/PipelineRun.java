package dev.modelkit.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of a pipeline, as persisted after every stage transition.
 *
 * @param id the run's id
 * @param pipelineId the pipeline
 * @param organizationId the owning organisation
 * @param state where the run is
 * @param trigger what started it
 * @param triggerDetail the schedule time, the changed files, or the alert that started it
 * @param startedBy the user it acts as
 * @param createdAt when it was created
 * @param finishedAt when it last reached a terminal state, or null
 * @param stages one entry per pipeline stage, in order
 * @param warnings warning gates that did not hold, each naming metric, value, operator and threshold
 * @param reason why it failed or was cancelled (a failing gate names metric, value, operator and
 *     threshold), or null
 * @param resumes how many times it was resumed
 */
public record PipelineRun(String id, String pipelineId, String organizationId, RunState state, TriggerType trigger,
    String triggerDetail, String startedBy, Instant createdAt, Instant finishedAt, List<StageRun> stages,
    List<String> warnings, String reason, int resumes) {

  /** Copies the lists. */
  public PipelineRun {
    stages = stages == null ? List.of() : List.copyOf(stages);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /**
   * @param name a stage name
   * @return that stage's state
   */
  public Optional<StageRun> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
