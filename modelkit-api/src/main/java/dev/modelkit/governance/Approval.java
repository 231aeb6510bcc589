package dev.modelkit.governance;

import java.time.Instant;

/**
 * One approval of a model version for a lifecycle stage.
 *
 * @param userId who approved
 * @param roles the roles they held
 * @param stage the stage approved for
 * @param comment their comment
 * @param time when
 */
public record Approval(String userId, java.util.Set<String> roles, LifecycleStage stage, String comment, Instant time) {
  /** Copies the roles. */
  public Approval {
    roles = roles == null ? java.util.Set.of() : java.util.Set.copyOf(roles);
  }
}
