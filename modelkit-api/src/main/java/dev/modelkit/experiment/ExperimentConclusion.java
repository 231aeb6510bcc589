package dev.modelkit.experiment;

import java.time.Instant;
import java.util.Objects;

/**
 * The decision recorded when an experiment is concluded, with the evidence it was based on.
 *
 * @param decision a winner or no decision
 * @param winnerVariantId the winning variant's id (possibly the control's) for {@link
 *     Decision#WINNER}; null for no decision
 * @param reasoning the caller's explanation, kept for auditors
 * @param analysis the analysis snapshot at the moment of the decision
 * @param concludedBy the user who decided
 * @param concludedAt when
 */
public record ExperimentConclusion(
    Decision decision, String winnerVariantId, String reasoning, ExperimentAnalysis analysis, String concludedBy,
    Instant concludedAt) {

  /** Checks that the required fields are present. */
  public ExperimentConclusion {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reasoning, "reasoning");
    Objects.requireNonNull(concludedBy, "concludedBy");
    Objects.requireNonNull(concludedAt, "concludedAt");
  }
}
