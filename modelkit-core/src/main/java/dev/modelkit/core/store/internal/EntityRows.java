package dev.modelkit.core.store.internal;

import dev.modelkit.spi.EntityRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code entity} table; portable JDBC, paging through the dialect. */
public final class EntityRows {
  private static final String COLUMNS =
      "kind, organization_id, id, status, body, version, created_at, updated_at";

  private final SqliteDialect dialect;

  /** @param dialect supplies the paging clause */
  public EntityRows(SqliteDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * @param c a connection
   * @param kind the kind
   * @param org the organisation
   * @param id the id
   * @return the row, if present
   * @throws SQLException if the query fails
   */
  public Optional<EntityRecord> find(Session c, String kind, String org, String id) throws SQLException {
    PreparedStatement p = c.prepare("SELECT " + COLUMNS
        + " FROM entity WHERE kind = ? AND organization_id = ? AND id = ?");
    p.setString(1, kind);
    p.setString(2, org);
    p.setString(3, id);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? Optional.of(map(rs)) : Optional.empty();
    }
  }

  /**
   * @param c a connection inside a write transaction
   * @param r the new row
   * @throws SQLException if the insert fails
   */
  public void insert(Session c, EntityRecord r) throws SQLException {
    PreparedStatement p = c.prepare("INSERT INTO entity (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    p.setString(1, r.kind());
    p.setString(2, r.organizationId());
    p.setString(3, r.id());
    p.setString(4, r.status());
    p.setString(5, r.json());
    p.setLong(6, r.version());
    p.setString(7, Timestamps.format("createdAt", r.createdAt()));
    p.setString(8, Timestamps.format("updatedAt", r.updatedAt()));
    p.executeUpdate();
  }

  /**
   * Replaces a row if it is still at the version read.
   *
   * @param c a connection inside a write transaction
   * @param r the new row
   * @param previousVersion the version it replaces
   * @return whether a row was updated
   * @throws SQLException if the update fails
   */
  public boolean update(Session c, EntityRecord r, long previousVersion) throws SQLException {
    PreparedStatement p = c.prepare("UPDATE entity SET status = ?, body = ?, version = ?,"
        + " updated_at = ? WHERE kind = ? AND organization_id = ? AND id = ? AND version = ?");
    p.setString(1, r.status());
    p.setString(2, r.json());
    p.setLong(3, r.version());
    p.setString(4, Timestamps.format("updatedAt", r.updatedAt()));
    p.setString(5, r.kind());
    p.setString(6, r.organizationId());
    p.setString(7, r.id());
    p.setLong(8, previousVersion);
    return p.executeUpdate() == 1;
  }

  /**
   * @param c a connection inside a write transaction
   * @param kind the kind
   * @param org the organisation
   * @param id the id
   * @param version the version that must be stored
   * @return whether a row was deleted
   * @throws SQLException if the delete fails
   */
  public boolean delete(Session c, String kind, String org, String id, long version) throws SQLException {
    PreparedStatement p = c.prepare(
        "DELETE FROM entity WHERE kind = ? AND organization_id = ? AND id = ? AND version = ?");
    p.setString(1, kind);
    p.setString(2, org);
    p.setString(3, id);
    p.setLong(4, version);
    return p.executeUpdate() == 1;
  }

  /**
   * @param c a connection
   * @param kind the kind
   * @param org the organisation
   * @param status a status or null for all
   * @param offset rows to skip
   * @param limit most rows
   * @return rows oldest first, ties by id
   * @throws SQLException if the query fails
   */
  public List<EntityRecord> list(Session c, String kind, String org, String status, int offset, int limit)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM entity WHERE kind = ? AND organization_id = ?"
        + (status == null ? "" : " AND status = ?") + " ORDER BY created_at, id";
    PreparedStatement p = c.prepare(dialect.paged(sql));
    int i = 1;
    p.setString(i++, kind);
    p.setString(i++, org);
    if (status != null) {
      p.setString(i++, status);
    }
    p.setInt(i++, limit);
    p.setInt(i, offset);
    return mapAll(p);
  }

  /**
   * @param c a connection
   * @param kind the kind
   * @param org the organisation
   * @param status a status or null for all
   * @return how many rows {@link #list} would page through
   * @throws SQLException if the query fails
   */
  public long count(Session c, String kind, String org, String status) throws SQLException {
    PreparedStatement p = c.prepare("SELECT COUNT(*) FROM entity WHERE kind = ? AND organization_id = ?"
        + (status == null ? "" : " AND status = ?"));
    p.setString(1, kind);
    p.setString(2, org);
    if (status != null) {
      p.setString(3, status);
    }
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * @param c a connection
   * @param kind the kind
   * @param status the status
   * @return rows of every organisation, oldest first
   * @throws SQLException if the query fails
   */
  public List<EntityRecord> listAllOrganizations(Session c, String kind, String status) throws SQLException {
    PreparedStatement p = c.prepare("SELECT " + COLUMNS
        + " FROM entity WHERE kind = ? AND status = ? ORDER BY created_at, organization_id, id");
    p.setString(1, kind);
    p.setString(2, status);
    return mapAll(p);
  }

  private static List<EntityRecord> mapAll(PreparedStatement p) throws SQLException {
    List<EntityRecord> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(map(rs));
      }
    }
    return out;
  }

  private static EntityRecord map(ResultSet rs) throws SQLException {
    return new EntityRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getLong(6), Timestamps.parse(rs.getString(7)), Timestamps.parse(rs.getString(8)));
  }
}
