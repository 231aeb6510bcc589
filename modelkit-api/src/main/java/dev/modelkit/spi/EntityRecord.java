package dev.modelkit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored object of the metadata store: a job, a model version, a knowledge base, an
 * experiment, a deployment. The body is the object's JSON as written by ModelKit's codec; the
 * store treats it as opaque text and indexes only the columns named here.
 *
 * @param kind the object type, for example {@code job} or {@code model_version}
 * @param organizationId the owning organisation; every lookup is scoped by it
 * @param id unique within kind and organisation
 * @param status a short indexed state, for example {@code QUEUED}
 * @param json the object's JSON body
 * @param version optimistic-concurrency version, 1 for the first write
 * @param createdAt when the object was first written
 * @param updatedAt when this version was written
 */
public record EntityRecord(
    String kind, String organizationId, String id, String status, String json, long version,
    Instant createdAt, Instant updatedAt) {

  /** Validates that every field is present. */
  public EntityRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
