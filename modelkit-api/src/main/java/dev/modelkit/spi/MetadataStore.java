package dev.modelkit.spi;

import java.util.List;
import java.util.Optional;

/**
 * Durable, transactional storage for ModelKit's objects and its audit trail.
 *
 * <p>Contract, checked by {@code MetadataStoreCompatibilityKit} in {@code modelkit-tck}:
 *
 * <ul>
 *   <li>A write that returned is durable: it survives the process being killed right after.
 *   <li>A write is all or nothing: an object and the audit record written with it appear together
 *       or not at all; no partial record is ever visible.
 *   <li>{@link #save} is optimistic: it fails with {@link dev.modelkit.InvalidStateException} when
 *       the stored version is not the expected one, so concurrent writers never lose an update.
 *   <li>Every read is scoped by organisation.
 *   <li>Audit records of an organisation are numbered 1, 2, 3 ... without gaps and chained with
 *       {@link AuditChain#hash}; the chain head is stored so that a removed last record is
 *       detectable.
 *   <li>It is safe for use from many threads at once.
 * </ul>
 */
public interface MetadataStore extends AutoCloseable {

  /**
   * Inserts or updates an object, and appends an audit record in the same transaction.
   *
   * @param kind the object type
   * @param organizationId the owning organisation
   * @param id the object's id
   * @param status the indexed state
   * @param json the object's JSON body
   * @param expectedVersion 0 to insert (fails if it exists), else the version being replaced
   * @param audit the audit event to append with it, or null for none
   * @return the stored record with its new version and timestamps
   * @throws dev.modelkit.InvalidStateException if the stored version differs from {@code
   *     expectedVersion}
   * @throws dev.modelkit.StoreException if the store fails
   */
  EntityRecord save(String kind, String organizationId, String id, String status, String json,
      long expectedVersion, AuditDraft audit);

  /**
   * Deletes an object, and appends an audit record in the same transaction.
   *
   * @param kind the object type
   * @param organizationId the owning organisation
   * @param id the object's id
   * @param expectedVersion the version being deleted
   * @param audit the audit event, or null
   * @return whether the object existed at that version and was deleted
   */
  boolean delete(String kind, String organizationId, String id, long expectedVersion, AuditDraft audit);

  /**
   * @param kind the object type
   * @param organizationId the organisation
   * @param id the id
   * @return the object, if it exists in that organisation
   */
  Optional<EntityRecord> get(String kind, String organizationId, String id);

  /**
   * Lists objects of one kind in one organisation, oldest first.
   *
   * @param kind the object type
   * @param organizationId the organisation
   * @param status only this state, or null for all
   * @param offset how many to skip
   * @param limit the most to return
   * @return the objects
   */
  List<EntityRecord> list(String kind, String organizationId, String status, int offset, int limit);

  /**
   * Counts objects of one kind in one organisation, so that a caller can read the newest page of
   * {@link #list} without reading every page before it. The default reads the pages and counts
   * them; stores that can count directly override it.
   *
   * @param kind the object type
   * @param organizationId the organisation
   * @param status only this state, or null for all
   * @return how many {@link #list} would return without a limit
   */
  default long count(String kind, String organizationId, String status) {
    long n = 0;
    int page = 1000;
    for (int offset = 0; ; offset += page) {
      int got = list(kind, organizationId, status, offset, page).size();
      n += got;
      if (got < page) {
        return n;
      }
    }
  }

  /**
   * Lists objects of one kind in every organisation with the given status; used by the runtime
   * after a restart to find interrupted work.
   *
   * @param kind the object type
   * @param status the state
   * @return the objects, oldest first
   */
  List<EntityRecord> listAllOrganizations(String kind, String status);

  /**
   * Appends an audit event on its own.
   *
   * @param draft the event
   * @return the stored record with its sequence and hashes
   */
  AuditRecord appendAudit(AuditDraft draft);

  /**
   * @param query which records
   * @return matching audit records in sequence order
   */
  List<AuditRecord> queryAudit(AuditQuery query);

  /**
   * @param organizationId an organisation
   * @return its last audit record's sequence and hash as recorded by the store, if it has any
   */
  Optional<AuditRecord> auditHead(String organizationId);

  /** Releases the store's resources; later calls fail. */
  @Override
  void close();
}
