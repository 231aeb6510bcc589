package dev.modelkit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An audit event before the store has given it a sequence number and chained it.
 *
 * @param organizationId the organisation whose chain it joins
 * @param principal the user id that caused it
 * @param action what happened, for example {@code job.created} or {@code model.approved}
 * @param entityKind the kind of object changed
 * @param entityId the id of the object changed
 * @param before the object's JSON before the change, null when it was created
 * @param after the object's JSON after the change, null when it was deleted
 * @param reason why, as given by the caller or the system
 * @param time when it happened
 */
public record AuditDraft(
    String organizationId, String principal, String action, String entityKind, String entityId,
    String before, String after, String reason, Instant time) {

  /** Validates the required fields. */
  public AuditDraft {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(entityKind, "entityKind");
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(time, "time");
  }
}
