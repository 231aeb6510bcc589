package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** What the early-stopping rules recommend after an analysis. */
public enum StoppingAction implements WireValue {
  /** Keep collecting data. */
  CONTINUE,
  /** A variant is better on every primary metric and harms no guardrail; it can be shipped. */
  STOP_FOR_EFFICACY,
  /** No variant can reach the minimum detectable effect on the primary metrics; stop without a winner. */
  STOP_FOR_FUTILITY,
  /** A variant is worse on a primary or guardrail metric; roll back. */
  STOP_FOR_HARM;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
