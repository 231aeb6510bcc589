package dev.modelkit.pipeline;

import dev.modelkit.config.WireValue;

/** What a pipeline notification reports. */
public enum NotificationEvent implements WireValue {
  /** A run started or resumed. */
  RUN_STARTED("run_started"),
  /** A run finished every stage. */
  RUN_SUCCEEDED("run_succeeded"),
  /** A run failed (a stage error or a failing gate). */
  RUN_FAILED("run_failed"),
  /** A run was cancelled. */
  RUN_CANCELLED("run_cancelled"),
  /** A warning gate did not hold. */
  GATE_WARNING("gate_warning");

  private final String wire;

  NotificationEvent(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
