package dev.modelkit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Selects audit records of one organisation; null fields do not filter.
 *
 * @param organizationId the organisation, required
 * @param entityKind only records about this kind of object
 * @param entityId only records about this object
 * @param principal only records caused by this user
 * @param from only records at or after this time
 * @param to only records before this time
 * @param afterSequence only records with a greater sequence number (for paging); 0 for all
 * @param limit the most records returned, at least 1
 */
public record AuditQuery(
    String organizationId, String entityKind, String entityId, String principal, Instant from,
    Instant to, long afterSequence, int limit) {

  /** Validates the organisation and limits. */
  public AuditQuery {
    Objects.requireNonNull(organizationId, "organizationId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (afterSequence < 0) {
      throw new IllegalArgumentException("afterSequence must be 0 or more, was " + afterSequence);
    }
  }

  /**
   * @param organizationId the organisation
   * @return a query for all of its records, up to 1,000
   */
  public static AuditQuery all(String organizationId) {
    return new AuditQuery(organizationId, null, null, null, null, null, 0, 1000);
  }

  /**
   * @param kind the entity kind
   * @param id the entity id
   * @return this query narrowed to one entity
   */
  public AuditQuery forEntity(String kind, String id) {
    return new AuditQuery(organizationId, kind, id, principal, from, to, afterSequence, limit);
  }

  /**
   * @param user the user id
   * @return this query narrowed to one principal
   */
  public AuditQuery byPrincipal(String user) {
    return new AuditQuery(organizationId, entityKind, entityId, user, from, to, afterSequence, limit);
  }

  /**
   * @param start inclusive start, null for none
   * @param end exclusive end, null for none
   * @return this query narrowed to a time range
   */
  public AuditQuery between(Instant start, Instant end) {
    return new AuditQuery(organizationId, entityKind, entityId, principal, start, end, afterSequence, limit);
  }

  /**
   * @param after the last sequence already seen
   * @param max page size
   * @return this query's next page
   */
  public AuditQuery page(long after, int max) {
    return new AuditQuery(organizationId, entityKind, entityId, principal, from, to, after, max);
  }
}
