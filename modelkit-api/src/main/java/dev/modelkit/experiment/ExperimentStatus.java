package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** Where an experiment is in its life: draft, then running (and possibly paused), then stopped, concluded or rolled back. */
public enum ExperimentStatus implements WireValue {
  /** Created; assigns every unit to the control and logs nothing. */
  DRAFT,
  /** Assigning units to variants and logging exposures. */
  RUNNING,
  /** Temporarily serving the control to everyone; outcomes of exposed units are still recorded. */
  PAUSED,
  /** No longer assigning; late outcomes are still recorded until it is concluded. */
  STOPPED,
  /** Decided: the winner (or the control when there was no decision) serves all traffic; the decision and its analysis are recorded. */
  CONCLUDED,
  /** All traffic returned to the control at once; terminal. */
  ROLLED_BACK;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
