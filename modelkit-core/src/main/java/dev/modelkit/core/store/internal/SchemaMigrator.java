package dev.modelkit.core.store.internal;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a metadata database to the schema this code expects.
 *
 * <p>Migrations are classpath resources {@code migrations/V001.sql}, {@code V002.sql}, ... next to
 * this package's parent, numbered without gaps; the first line is a {@code --} comment describing
 * it. Each pending migration runs in its own write transaction together with the row that
 * records it in {@code schema_version}, so a crash leaves the database at the previous version,
 * never half-migrated. A database whose version is newer than the newest migration on the
 * classpath was written by a newer ModelKit and is refused rather than misread.
 */
public final class SchemaMigrator {
  private static final String RESOURCE_DIR = "/dev/modelkit/core/store/migrations/";

  private final SqliteDialect dialect;
  private final Clock clock;

  /**
   * @param dialect the database
   * @param clock stamps {@code schema_version.applied_at}
   */
  public SchemaMigrator(SqliteDialect dialect, Clock clock) {
    this.dialect = dialect;
    this.clock = clock;
  }

  /** A numbered migration script. */
  record Migration(int version, String description, List<String> statements) {}

  /** @return the migrations shipped on the classpath, in order */
  static List<Migration> available() {
    List<Migration> found = new ArrayList<>();
    for (int v = 1; ; v++) {
      String name = RESOURCE_DIR + String.format("V%03d.sql", v);
      try (InputStream in = SchemaMigrator.class.getResourceAsStream(name)) {
        if (in == null) {
          return found;
        }
        found.add(parse(v, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new StoreException("Could not read the schema migration " + name
            + " from the classpath: the modelkit-core jar may be damaged; re-download it.", e);
      }
    }
  }

  static Migration parse(int version, String script) {
    String description = "";
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--")) {
        if (description.isEmpty()) {
          description = trimmed.substring(2).strip();
        }
      } else {
        sql.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : sql.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return new Migration(version, description, statements);
  }

  /** @return the newest schema version this code knows */
  public static int latestVersion() {
    return available().size();
  }

  /**
   * Applies every pending migration.
   *
   * @param connection an auto-commit connection to the database
   * @return the schema version after migrating
   * @throws StoreException if the database is newer than this code or a migration fails
   * @throws SQLException if the database cannot be read
   */
  public int migrate(Connection connection) throws SQLException {
    List<Migration> migrations = available();
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
          + " version INTEGER NOT NULL PRIMARY KEY,"
          + " description VARCHAR(200) NOT NULL,"
          + " applied_at VARCHAR(40) NOT NULL)");
    }
    int current = currentVersion(connection);
    refuseNewer(current, migrations.size());
    for (Migration m : migrations) {
      if (m.version() <= current) {
        continue;
      }
      dialect.beginWrite(connection);
      try {
        // another process may have migrated while this one waited for the write lock
        if (currentVersion(connection) >= m.version()) {
          dialect.commit(connection);
          continue;
        }
        try (Statement s = connection.createStatement()) {
          for (String statement : m.statements()) {
            s.execute(statement);
          }
        }
        try (PreparedStatement p = connection.prepareStatement(
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
          p.setInt(1, m.version());
          p.setString(2, m.description());
          p.setString(3, Timestamps.format("applied_at", clock.instant()));
          p.executeUpdate();
        }
        dialect.commit(connection);
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(connection, e);
        throw new StoreException("Could not upgrade the metadata database " + dialect.file()
            + " to schema version " + m.version() + " (" + m.description() + "): " + e.getMessage()
            + ". The database was left at version " + current + ". " + adviceFor(e), e);
      }
    }
    return Math.max(current, migrations.size());
  }

  private String adviceFor(Exception e) {
    return e instanceof SQLException sql ? dialect.advice(sql) : "";
  }

  private static int currentVersion(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private void refuseNewer(int current, int latest) {
    if (current > latest) {
      throw new StoreException("The metadata database " + dialect.file() + " has schema version "
          + current + " but this ModelKit knows versions up to " + latest
          + ": it was written by a newer ModelKit. Run that newer version, or restore a backup"
          + " taken before the upgrade; this version will not open it so as not to damage it.");
    }
  }
}
