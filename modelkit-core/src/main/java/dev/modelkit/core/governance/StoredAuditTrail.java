package dev.modelkit.core.governance;

import dev.modelkit.AuditTrail;
import dev.modelkit.governance.AuditVerification;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.ServiceContext;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The caller's organisation's audit trail, read from the metadata store. Every query is scoped to
 * the caller's organisation; there is no way to name another.
 */
public final class StoredAuditTrail implements AuditTrail {
  private final ServiceContext ctx;

  /** @param ctx the caller's context */
  public StoredAuditTrail(ServiceContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code limit} is less than 1
   */
  @Override
  public List<AuditRecord> query(String entityKind, String entityId, String userId, Instant from, Instant to, int limit) {
    ctx.require(Permission.AUDIT);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    AuditQuery q = AuditQuery.all(ctx.principal().organizationId()).forEntity(entityKind, entityId)
        .byPrincipal(userId).between(from, to).page(0, limit);
    return List.copyOf(ctx.metadata().queryAudit(q));
  }

  @Override
  public AuditVerification verify() {
    ctx.require(Permission.AUDIT);
    return AuditChainVerifier.verify(ctx.metadata(), ctx.principal().organizationId());
  }
}
