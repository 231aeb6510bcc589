package dev.modelkit.pipeline;

import dev.modelkit.config.WireValue;

/** Where a pipeline run is. */
public enum RunState implements WireValue {
  /** Accepted, waiting for a pipeline worker. */
  QUEUED("queued"),
  /** Running a stage. */
  RUNNING("running"),
  /** Every stage finished and no failing gate held it back. */
  SUCCEEDED("succeeded"),
  /** A stage failed or a failing gate stopped it; resume continues from that stage. */
  FAILED("failed"),
  /** Stopped on request; resume continues from the stage that was running. */
  CANCELLED("cancelled");

  private final String wire;

  RunState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }

  /** @return whether the run can no longer change by itself (failed and cancelled runs can be resumed) */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
