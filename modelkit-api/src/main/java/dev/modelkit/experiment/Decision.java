package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** The outcome recorded when an experiment is concluded. */
public enum Decision implements WireValue {
  /** One variant (possibly the control) is declared the winner and serves all traffic. */
  WINNER,
  /** No variant is declared better; the control keeps serving all traffic. */
  NO_DECISION;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
