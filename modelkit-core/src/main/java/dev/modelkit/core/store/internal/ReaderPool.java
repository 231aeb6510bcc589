package dev.modelkit.core.store.internal;

import dev.modelkit.StoreException;
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
  private final BlockingQueue<Session> idle;
  private final List<Session> all = new ArrayList<>();

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
        Session c = new Session(dialect.connect());
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
    T apply(Session connection) throws SQLException;
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
    Session c = borrow();
    try {
      return read.apply(c);
    } finally {
      idle.add(c);
    }
  }

  // Not interruptible: a job thread cancelled by an interrupt must still be able to read and
  // record its final state; the interrupt is kept for the caller to see afterwards.
  private Session borrow() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    boolean interrupted = false;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          Session c = idle.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
          if (c != null) {
            return c;
          }
          if (left <= 0) {
            throw new StoreException("No read connection to " + dialect.file() + " became free within "
                + WAIT_SECONDS + " s: a read is stuck; check for threads blocked inside ModelKit calls.");
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
    for (Session c : all) {
      c.close();
    }
  }
}
