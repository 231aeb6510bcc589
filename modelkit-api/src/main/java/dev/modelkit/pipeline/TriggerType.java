package dev.modelkit.pipeline;

import dev.modelkit.config.WireValue;

/** What starts a pipeline run. */
public enum TriggerType implements WireValue {
  /** A call to Pipelines.run. */
  MANUAL("manual"),
  /** A five-field cron schedule. */
  SCHEDULE("schedule"),
  /** New or changed files in a watched directory, found by content fingerprint. */
  NEW_DATA("new_data"),
  /** A monitoring alert on the model whose rule watches drift. */
  DRIFT_ALERT("drift_alert"),
  /** A monitoring alert on the model whose rule watches a performance or error metric. */
  PERFORMANCE_DROP("performance_drop");

  private final String wire;

  TriggerType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
