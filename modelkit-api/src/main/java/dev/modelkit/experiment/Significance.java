package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** Role of a success metric in the decision. */
public enum Significance implements WireValue {
  /** Decides the experiment. */
  PRIMARY("primary"),
  /** Reported, corrected for multiplicity. */
  SECONDARY("secondary"),
  /** Must not regress. */
  GUARDRAIL("guardrail");

  private final String wire;

  Significance(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
