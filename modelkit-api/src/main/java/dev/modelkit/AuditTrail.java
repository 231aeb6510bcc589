package dev.modelkit;

import dev.modelkit.governance.AuditVerification;
import dev.modelkit.spi.AuditRecord;
import java.time.Instant;
import java.util.List;

/**
 * The organisation's append-only, hash-chained audit trail. Needs {@code AUDIT}.
 */
public interface AuditTrail {

  /**
   * @param entityKind only this kind, or null
   * @param entityId only this object, or null
   * @param userId only this user, or null
   * @param from inclusive start, or null
   * @param to exclusive end, or null
   * @param limit the most records
   * @return matching records in order
   */
  List<AuditRecord> query(String entityKind, String entityId, String userId, Instant from, Instant to, int limit);

  /**
   * Recomputes the whole chain and compares it with the stored hashes and head.
   *
   * @return the result, naming every altered, inserted or missing record
   */
  AuditVerification verify();
}
