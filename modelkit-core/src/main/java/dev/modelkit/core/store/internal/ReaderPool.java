package dev.modelkit.core.store.internal;

import dev.modelkit.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of read connections shared by many threads.
 *
 * <p>In write-ahead-log mode readers never block the writer or each other, so a few connections
 * serve any number of reading threads; a thread that finds none free waits for one.
 */
public final class ReaderPool implements AutoCloseable {
  private static final long WAIT_SECONDS = 60;

  private final SqliteDialect dialect;
  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();

  /**
   * @param dialect opens the connections
   * @param size how many connections
   * @throws SQLException if one cannot be opened; those already opened are closed
   */
  public ReaderPool(SqliteDialect dialect, int size) throws SQLException {
    this.dialect = dialect;
    this.idle = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        Connection c = dialect.connect();
        all.add(c);
        idle.add(c);
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  /** Work done on a borrowed connection. */
  @FunctionalInterface
  public interface Read<T> {
    /**
     * @param connection a connection for this call only
     * @return the result
     * @throws SQLException if the query fails
     */
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs a read on a free connection.
   *
   * @param read the work
   * @param <T> its result type
   * @return its result
   * @throws SQLException if the work fails
   * @throws StoreException if no connection becomes free within a minute
   */
  public <T> T read(Read<T> read) throws SQLException {
    Connection c = borrow();
    try {
      return read.apply(c);
    } finally {
      idle.add(c);
    }
  }

  private Connection borrow() {
    try {
      Connection c = idle.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (c == null) {
        throw new StoreException("No read connection to " + dialect.file() + " became free within "
            + WAIT_SECONDS + " s: a read is stuck; check for threads blocked inside ModelKit calls.");
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("Interrupted while waiting for a read connection to " + dialect.file(), e);
    }
  }

  /** Closes every connection, waiting briefly for borrowed ones to come back. */
  @Override
  public void close() {
    for (int i = 0; i < all.size(); i++) {
      try {
        idle.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing a read-only connection loses nothing
      }
    }
  }
}
