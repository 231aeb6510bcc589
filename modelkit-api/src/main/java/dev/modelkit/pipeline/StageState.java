package dev.modelkit.pipeline;

import dev.modelkit.config.WireValue;

/** Where one stage of a run is. */
public enum StageState implements WireValue {
  /** Not started. */
  PENDING("pending"),
  /** Executing. */
  RUNNING("running"),
  /** Finished and its gates let the run go on. */
  SUCCEEDED("succeeded"),
  /** Failed after its retries, timed out, or stopped by a failing gate. */
  FAILED("failed"),
  /** Stopped on request. */
  CANCELLED("cancelled");

  private final String wire;

  StageState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
