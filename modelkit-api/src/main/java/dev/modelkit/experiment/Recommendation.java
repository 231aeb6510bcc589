package dev.modelkit.experiment;

import java.util.List;

/**
 * What the early-stopping rules recommend, based on the sequential results (valid at every
 * look) and the guards of the configuration.
 *
 * @param action continue or stop, and why
 * @param variantId the winning or harmful variant, when there is one
 * @param reasons human-readable explanation, one finding per line
 */
public record Recommendation(StoppingAction action, String variantId, List<String> reasons) {

  /** Copies the list. */
  public Recommendation {
    reasons = List.copyOf(reasons);
  }
}
