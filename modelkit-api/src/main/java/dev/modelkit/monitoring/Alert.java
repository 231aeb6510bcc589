package dev.modelkit.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * An alert raised by a rule, by anomaly detection or by a drift detector. The runtime hands each
 * one to the configured alert sinks; the deploy module reacts to the {@code rollback} action and
 * the training module to {@code retrain}.
 *
 * @param id the alert id
 * @param organizationId owning organisation
 * @param modelId the model
 * @param name the rule's name
 * @param condition the rule, for example {@code error_rate > 0.05}
 * @param value the observed value
 * @param actions actions requested, for example {@code alert} and {@code rollback}
 * @param raisedAt when it was raised
 * @param version the model version whose window raised it
 * @param message a sentence for people: what was observed, against what, over which window
 */
public record Alert(
    String id, String organizationId, String modelId, String name, String condition, double value,
    List<String> actions, Instant raisedAt, String version, String message) {

  /** Copies the actions. */
  public Alert {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
