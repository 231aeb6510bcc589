package dev.modelkit.experiment;

import java.util.List;

/**
 * What happened to a batch of events. Accepted events are durable when the call returns.
 *
 * @param accepted events recorded
 * @param duplicates events ignored because their (unit, metric) was already recorded
 * @param rejected events refused, each with the reason; the rest of the batch was still recorded
 */
public record RecordResult(int accepted, int duplicates, List<RejectedEvent> rejected) {

  /** Copies the list. */
  public RecordResult {
    rejected = List.copyOf(rejected);
  }
}
