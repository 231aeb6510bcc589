package dev.modelkit.core.jobs;

import dev.modelkit.security.Principal;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.time.Instant;
import java.util.Map;

/** The changes a job goes through, as new immutable {@link TrainingJob} values. */
final class JobStates {
  /** The user id audit records name for what ModelKit does on its own. */
  static final String SYSTEM_USER = Principal.system("system").userId();

  /** Stage of the event that marks a job as started and waiting for resources. */
  static final String SCHEDULED = "scheduled";
  /** Stage of the event emitted when the scheduler admits a job. */
  static final String ADMITTED = "admitted";
  /** Stage of the event emitted when a job ends. */
  static final String FINISHED = "finished";

  private JobStates() {}

  /** @return whether the job was started (handed to a scheduler) and has not been admitted yet */
  static boolean startedAndWaiting(TrainingJob j) {
    return j.state() == JobState.QUEUED && j.progress() != null && SCHEDULED.equals(j.progress().stage());
  }

  static TrainingJob scheduled(TrainingJob j, String reason, TrainingEvent marker) {
    return new TrainingJob(j.id(), j.organizationId(), j.modelId(), j.createdBy(), JobState.QUEUED, reason,
        j.configuration(), j.createdAt(), j.startedAt(), null, marker, j.modelVersion(), j.metrics(), j.cost());
  }

  static TrainingJob running(TrainingJob j, Instant now, TrainingEvent admitted) {
    return new TrainingJob(j.id(), j.organizationId(), j.modelId(), j.createdBy(), JobState.RUNNING, j.reason(),
        j.configuration(), j.createdAt(), j.startedAt() == null ? now : j.startedAt(), null, admitted,
        j.modelVersion(), j.metrics(), j.cost());
  }

  static TrainingJob withProgress(TrainingJob j, TrainingEvent progress) {
    return new TrainingJob(j.id(), j.organizationId(), j.modelId(), j.createdBy(), j.state(), j.reason(),
        j.configuration(), j.createdAt(), j.startedAt(), j.finishedAt(), progress, j.modelVersion(), j.metrics(),
        j.cost());
  }

  /**
   * @param state the state it ends a run in: terminal, or INTERRUPTED when ModelKit is closing
   * @param modelVersion the registered version label, or null
   * @param metrics final metrics, or null to keep what the job has
   * @param charge the cost of this run, added to the job's cost
   */
  static TrainingJob ended(TrainingJob j, JobState state, String reason, Instant now, String modelVersion,
      Map<String, Double> metrics, double charge) {
    return new TrainingJob(j.id(), j.organizationId(), j.modelId(), j.createdBy(), state, reason, j.configuration(),
        j.createdAt(), j.startedAt(), state.isTerminal() ? now : null, j.progress(),
        modelVersion == null ? j.modelVersion() : modelVersion, metrics == null ? j.metrics() : metrics,
        j.cost() + charge);
  }

  static int totalEpochs(TrainingJob j) {
    return j.configuration().hyperparameters().epochs();
  }
}
