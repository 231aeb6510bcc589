package dev.modelkit.core.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection with its prepared statements kept for reuse; used by one thread at a time.
 *
 * <p>Preparing a statement makes SQLite compile it, which costs more than running a lookup by
 * key; the store's statements are few and fixed, so each connection compiles each once.
 */
public final class Session implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  /** @param connection the connection, owned by this session from now on */
  public Session(Connection connection) {
    this.connection = connection;
  }

  /** @return the underlying connection */
  public Connection connection() {
    return connection;
  }

  /**
   * @param sql a statement
   * @return it prepared, with its parameters cleared; do not close it
   * @throws SQLException if it does not compile
   */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement p = statements.get(sql);
    if (p == null) {
      p = connection.prepareStatement(sql);
      statements.put(sql, p);
    } else {
      p.clearParameters();
    }
    return p;
  }

  /** Closes the statements and the connection. */
  @Override
  public void close() {
    for (PreparedStatement p : statements.values()) {
      try {
        p.close();
      } catch (SQLException ignored) {
        // the connection is closed next, which frees them anyway
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing is pending on a connection closed between transactions
    }
  }
}
