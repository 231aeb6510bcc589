package dev.modelkit.core.store.internal;

import dev.modelkit.spi.AuditChain;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the {@code audit_record} and {@code audit_head} tables; portable JDBC.
 *
 * <p>{@link #append} must run inside the dialect's write transaction: it reads the head, inserts
 * the next record and moves the head, and the write lock is what keeps two appends from taking the
 * same sequence number.
 */
public final class AuditRows {
  private static final String COLUMNS = "organization_id, seq_no, principal, action, entity_kind,"
      + " entity_id, before_json, after_json, reason, event_time, previous_hash, hash";

  /** The head of one organisation's chain as the head table records it. */
  public record Head(long sequence, String hash) {}

  /**
   * Appends a record to its organisation's chain.
   *
   * @param c a connection inside a write transaction
   * @param d the event
   * @return the stored record
   * @throws SQLException if a statement fails
   */
  public AuditRecord append(Session c, AuditDraft d) throws SQLException {
    Optional<Head> head = head(c, d.organizationId());
    long sequence = head.map(h -> h.sequence() + 1).orElse(1L);
    String previous = head.map(Head::hash).orElse(AuditChain.GENESIS);
    String hash = AuditChain.hash(previous, sequence, d);
    PreparedStatement p = c.prepare("INSERT INTO audit_record (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    p.setString(1, d.organizationId());
    p.setLong(2, sequence);
    p.setString(3, d.principal());
    p.setString(4, d.action());
    p.setString(5, d.entityKind());
    p.setString(6, d.entityId());
    p.setString(7, d.before());
    p.setString(8, d.after());
    p.setString(9, d.reason());
    p.setString(10, Timestamps.format("audit time", d.time()));
    p.setString(11, previous);
    p.setString(12, hash);
    p.executeUpdate();
    String moveHead = head.isPresent()
        ? "UPDATE audit_head SET last_seq_no = ?, last_hash = ? WHERE organization_id = ?"
        : "INSERT INTO audit_head (last_seq_no, last_hash, organization_id) VALUES (?, ?, ?)";
    PreparedStatement move = c.prepare(moveHead);
    move.setLong(1, sequence);
    move.setString(2, hash);
    move.setString(3, d.organizationId());
    move.executeUpdate();
    return new AuditRecord(sequence, d, previous, hash);
  }

  /**
   * @param c a connection
   * @param org the organisation
   * @return its head row, if it has records
   * @throws SQLException if the query fails
   */
  public Optional<Head> head(Session c, String org) throws SQLException {
    PreparedStatement p = c.prepare(
        "SELECT last_seq_no, last_hash FROM audit_head WHERE organization_id = ?");
    p.setString(1, org);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getString(2))) : Optional.empty();
    }
  }

  /**
   * @param c a connection
   * @param org the organisation
   * @param sequence a sequence number
   * @return the stored record, if present
   * @throws SQLException if the query fails
   */
  public Optional<AuditRecord> find(Session c, String org, long sequence) throws SQLException {
    PreparedStatement p = c.prepare(
        "SELECT " + COLUMNS + " FROM audit_record WHERE organization_id = ? AND seq_no = ?");
    p.setString(1, org);
    p.setLong(2, sequence);
    List<AuditRecord> found = mapAll(p);
    return found.stream().findFirst();
  }

  /**
   * @param c a connection
   * @param q the filters
   * @return matching records in sequence order
   * @throws SQLException if the query fails
   */
  public List<AuditRecord> query(Session c, AuditQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_record WHERE organization_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(q.organizationId());
    if (q.entityKind() != null) {
      sql.append(" AND entity_kind = ?");
      args.add(q.entityKind());
    }
    if (q.entityId() != null) {
      sql.append(" AND entity_id = ?");
      args.add(q.entityId());
    }
    if (q.principal() != null) {
      sql.append(" AND principal = ?");
      args.add(q.principal());
    }
    if (q.from() != null) {
      sql.append(" AND event_time >= ?");
      args.add(Timestamps.format("from", q.from()));
    }
    if (q.to() != null) {
      sql.append(" AND event_time < ?");
      args.add(Timestamps.format("to", q.to()));
    }
    sql.append(" AND seq_no > ? ORDER BY seq_no LIMIT ?");
    args.add(q.afterSequence());
    args.add(q.limit());
    PreparedStatement p = c.prepare(sql.toString());
    for (int i = 0; i < args.size(); i++) {
      p.setObject(i + 1, args.get(i));
    }
    return mapAll(p);
  }

  private static List<AuditRecord> mapAll(PreparedStatement p) throws SQLException {
    List<AuditRecord> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        AuditDraft d = new AuditDraft(rs.getString(1), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), Timestamps.parse(rs.getString(10)));
        out.add(new AuditRecord(rs.getLong(2), d, rs.getString(11), rs.getString(12)));
      }
    }
    return out;
  }
}
