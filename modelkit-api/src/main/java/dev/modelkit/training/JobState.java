package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** Where a training job is in its life. */
public enum JobState implements WireValue {
  /** Accepted and persisted; waiting to be started or for resources. */
  QUEUED("QUEUED"),
  /** Admitted by the scheduler and training. */
  RUNNING("RUNNING"),
  /** Finished and registered a model version. */
  SUCCEEDED("SUCCEEDED"),
  /** Stopped by an error or a missed quality threshold; the reason says which. */
  FAILED("FAILED"),
  /** Stopped on request. */
  CANCELLED("CANCELLED"),
  /** Was running when its process died; startTraining resumes it from its last checkpoint. */
  INTERRUPTED("INTERRUPTED");

  private final String wire;

  JobState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }

  /** @return whether the job can no longer change state */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
