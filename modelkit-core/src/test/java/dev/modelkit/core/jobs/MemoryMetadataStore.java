package dev.modelkit.core.jobs;

import dev.modelkit.InvalidStateException;
import dev.modelkit.spi.AuditChain;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.MetadataStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A metadata store in memory, with the optimistic-version contract of the SPI, for unit tests. */
final class MemoryMetadataStore implements MetadataStore {
  private final Map<String, EntityRecord> rows = new LinkedHashMap<>();
  private final List<AuditDraft> audit = new ArrayList<>();
  private final Clock clock;
  private volatile boolean failWrites;

  MemoryMetadataStore(Clock clock) {
    this.clock = clock;
  }

  /** @return a store holding what this one holds now, as a process killed at this instant leaves it */
  synchronized MemoryMetadataStore copy(Clock clock) {
    MemoryMetadataStore c = new MemoryMetadataStore(clock);
    c.rows.putAll(rows);
    c.audit.addAll(audit);
    return c;
  }

  /** Makes every later save fail, as a broken disk would. */
  void failWrites(boolean fail) {
    failWrites = fail;
  }

  private static String key(String kind, String org, String id) {
    return kind + '\u0000' + org + '\u0000' + id;
  }

  @Override
  public synchronized EntityRecord save(String kind, String organizationId, String id, String status, String json,
      long expectedVersion, AuditDraft draft) {
    if (failWrites) {
      throw new dev.modelkit.StoreException("disk full");
    }
    String k = key(kind, organizationId, id);
    EntityRecord old = rows.get(k);
    long current = old == null ? 0 : old.version();
    if (current != expectedVersion) {
      throw new InvalidStateException(kind + " " + id + " is at version " + current + ", not " + expectedVersion);
    }
    Instant now = clock.instant();
    EntityRecord r = new EntityRecord(kind, organizationId, id, status, json, current + 1,
        old == null ? now : old.createdAt(), now);
    rows.put(k, r);
    if (draft != null) {
      audit.add(draft);
    }
    return r;
  }

  @Override
  public synchronized boolean delete(String kind, String organizationId, String id, long expectedVersion, AuditDraft draft) {
    String k = key(kind, organizationId, id);
    EntityRecord old = rows.get(k);
    if (old == null || old.version() != expectedVersion) {
      return false;
    }
    rows.remove(k);
    if (draft != null) {
      audit.add(draft);
    }
    return true;
  }

  @Override
  public synchronized Optional<EntityRecord> get(String kind, String organizationId, String id) {
    return Optional.ofNullable(rows.get(key(kind, organizationId, id)));
  }

  @Override
  public synchronized List<EntityRecord> list(String kind, String organizationId, String status, int offset, int limit) {
    return rows.values().stream()
        .filter(r -> r.kind().equals(kind) && r.organizationId().equals(organizationId))
        .filter(r -> status == null || r.status().equals(status))
        .skip(offset).limit(limit).toList();
  }

  @Override
  public synchronized List<EntityRecord> listAllOrganizations(String kind, String status) {
    return rows.values().stream().filter(r -> r.kind().equals(kind) && r.status().equals(status)).toList();
  }

  @Override
  public synchronized AuditRecord appendAudit(AuditDraft draft) {
    audit.add(draft);
    return new AuditRecord(audit.size(), draft, AuditChain.GENESIS, AuditChain.GENESIS);
  }

  @Override
  public synchronized List<AuditRecord> queryAudit(AuditQuery q) {
    List<AuditRecord> out = new ArrayList<>();
    for (int i = 0; i < audit.size(); i++) {
      AuditDraft d = audit.get(i);
      if (d.organizationId().equals(q.organizationId())
          && (q.entityKind() == null || q.entityKind().equals(d.entityKind()))
          && (q.entityId() == null || q.entityId().equals(d.entityId()))
          && (q.principal() == null || q.principal().equals(d.principal()))) {
        out.add(new AuditRecord(i + 1, d, AuditChain.GENESIS, AuditChain.GENESIS));
      }
    }
    return out;
  }

  @Override
  public Optional<AuditRecord> auditHead(String organizationId) {
    return Optional.empty();
  }

  /** @return every audit draft written, in order */
  synchronized List<AuditDraft> audit() {
    return List.copyOf(audit);
  }

  @Override
  public void close() {}
}
