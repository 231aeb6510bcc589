package dev.modelkit.core.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Everything the metadata store does that is specific to SQLite, kept in one place so that a
 * PostgreSQL dialect can replace it while every other statement stays the same portable JDBC.
 *
 * <ul>
 *   <li>Connection settings: write-ahead log and {@code synchronous=FULL}, so that a commit that
 *       returned has been fsynced to the log and survives a killed process or a power loss as
 *       far as SQLite and the disk guarantee; a busy timeout instead of immediate
 *       {@code SQLITE_BUSY} failures.
 *   <li>Starting a write transaction: {@code BEGIN IMMEDIATE} takes the database's write lock up
 *       front, so the read of the audit chain head and the insert after it cannot interleave
 *       with another writer, even one in another process. PostgreSQL would use
 *       {@code SELECT ... FOR UPDATE} on the head row instead.
 *   <li>Paging: {@code LIMIT ? OFFSET ?}, which PostgreSQL also accepts.
 *   <li>Error codes: SQLite result codes turned into advice.
 * </ul>
 */
public final class SqliteDialect {
  /** Milliseconds a connection waits for another connection's lock before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private final Path file;

  /** @param file the database file */
  public SqliteDialect(Path file) {
    this.file = file;
  }

  /** @return the database file */
  public Path file() {
    return file;
  }

  /**
   * Opens a connection with the durability settings; the caller owns it.
   *
   * @return an auto-commit connection
   * @throws SQLException if the file cannot be opened
   */
  public Connection connect() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    connection.setAutoCommit(true);
    return connection;
  }

  /**
   * Starts a transaction that holds the write lock until {@link #commit} or {@link #rollback}.
   *
   * @param connection an auto-commit connection from {@link #connect}
   * @throws SQLException if the lock cannot be taken within the busy timeout
   */
  public void beginWrite(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
  }

  /**
   * @param connection a connection inside {@link #beginWrite}
   * @throws SQLException if the commit fails; the transaction is then rolled back
   */
  public void commit(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("COMMIT");
    }
  }

  /**
   * Rolls back if a transaction is open; never throws, because it runs while another failure is
   * already being reported.
   *
   * @param connection a connection inside {@link #beginWrite}
   * @param failure the failure being reported, which collects a rollback error as suppressed
   */
  public void rollback(Connection connection, Throwable failure) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        return;
      }
      try (Statement s = connection.createStatement()) {
        s.execute("ROLLBACK");
      }
    } catch (SQLException e) {
      // "no transaction is active" after a failed COMMIT that already rolled back is expected
      if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * @param sql a query ending in its ORDER BY clause
   * @return the query with two more parameters: the limit, then the offset
   */
  public String paged(String sql) {
    return sql + " LIMIT ? OFFSET ?";
  }

  /**
   * @param e a failure from the driver
   * @return what the user should do about it
   */
  public String advice(SQLException e) {
    switch (e.getErrorCode() & 0xff) {
      case SQLITE_FULL:
        return "The disk holding " + file + " is full: free some space and retry.";
      case SQLITE_READONLY:
      case SQLITE_CANTOPEN:
        return "Check that " + file + " and its directory exist and are writable by this process"
            + " (the -wal and -shm files next to it must be writable too).";
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return "Another connection held " + file + " locked for more than " + BUSY_TIMEOUT_MILLIS / 1000
            + " s: make sure no other program (a sqlite3 shell, a backup tool) keeps a transaction open.";
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return "The file " + file + " is damaged or is not a ModelKit metadata database:"
            + " restore it from a backup, or move it away to start a new home.";
      case SQLITE_IOERR:
        return "The operating system reported an I/O error on " + file
            + ": check the disk and the file system, then retry.";
      default:
        return "Check that " + file + " is on a local disk with free space and is writable.";
    }
  }
}
