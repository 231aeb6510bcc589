package dev.modelkit.pipeline;

import dev.modelkit.config.WireValue;

/** What a quality gate does when its condition does not hold. */
public enum GateAction implements WireValue {
  /** Records the result and goes on (an informational gate). */
  PASS("pass"),
  /** Stops the pipeline; the run fails naming metric, value, operator and threshold. */
  FAIL("fail"),
  /** Records a warning on the run and in the audit trail, and goes on. */
  WARN("warn");

  private final String wire;

  GateAction(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
